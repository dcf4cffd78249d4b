"""Deterministic contacts: Czech names with diacritics, some Cyrillic, Polish and German
names, and companies with their legal forms. The same seed gives the same rows on every
machine. Surnames follow a Zipf-like frequency over more than a thousand per language
family: the common ones listed, then a long tail composed from stems and endings (with
their feminine forms, Czech -ová among them), as real contact lists have."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from functools import cache

from domain.text import normalize

SEED = 20261129
VERSION = 2  # of the generated rows: change it whenever they change (cached databases)
ZIPF = 1.0  # the k-th most common surname is about 1/k as frequent as the first
COMPANY_SHARE = 0.15

# fmt: off
CZ_MEN = (
    "Jan", "Petr", "Pavel", "Tomáš", "Jiří", "Martin", "Lukáš", "Jakub", "Ondřej", "Václav",
    "Miroslav", "Zdeněk", "Josef", "Karel", "Michal", "David", "František", "Radek", "Vojtěch",
    "Štěpán", "Matěj", "Dušan", "Bořivoj", "Přemysl", "Aleš", "Luboš", "Vít", "Jaroslav",
    "Stanislav", "Ladislav", "Vladimír", "Milan", "Roman", "Libor", "Marek", "Filip", "Adam",
    "Šimon", "Dominik", "Řehoř"
)
CZ_WOMEN = (
    "Jana", "Eva", "Hana", "Anna", "Lenka", "Kateřina", "Lucie", "Věra", "Alena", "Petra",
    "Markéta", "Zuzana", "Tereza", "Šárka", "Jitka", "Dagmar", "Růžena", "Božena", "Ludmila",
    "Michaela", "Iveta", "Blanka", "Vlasta", "Zdeňka", "Radka", "Klára", "Adéla", "Barbora",
    "Nikola", "Eliška", "Kristýna", "Simona", "Romana", "Jarmila", "Libuše", "Monika", "Andrea",
    "Žaneta", "Ilona"
)
CZ_SURNAMES = (
    "Novák:Nováková", "Svoboda:Svobodová", "Novotný:Novotná", "Dvořák:Dvořáková", "Černý:Černá",
    "Procházka:Procházková", "Kučera:Kučerová", "Veselý:Veselá", "Horák:Horáková",
    "Němec:Němcová", "Pokorný:Pokorná", "Marek:Marková", "Pospíšil:Pospíšilová",
    "Hájek:Hájková", "Jelínek:Jelínková", "Král:Králová", "Růžička:Růžičková", "Beneš:Benešová",
    "Fiala:Fialová", "Sedláček:Sedláčková", "Doležal:Doležalová", "Zeman:Zemanová",
    "Kolář:Kolářová", "Navrátil:Navrátilová", "Čermák:Čermáková", "Urban:Urbanová",
    "Vaněk:Vaňková", "Blažek:Blažková", "Kříž:Křížová", "Kovář:Kovářová", "Bartoš:Bartošová",
    "Vlček:Vlčková", "Polák:Poláková", "Musil:Musilová", "Kopecký:Kopecká", "Šimek:Šimková",
    "Konečný:Konečná", "Malý:Malá", "Holub:Holubová", "Štěpánek:Štěpánková", "Čech:Čechová",
    "Říha:Říhová", "Žák:Žáková", "Šťastný:Šťastná", "Ševčík:Ševčíková", "Ždánský:Ždánská",
    "Vávra:Vávrová", "Bláha:Bláhová", "Tichý:Tichá", "Hrubý:Hrubá", "Mašek:Mašková",
    "Kadlec:Kadlecová", "Matoušek:Matoušková", "Šebesta:Šebestová", "Brož:Brožová",
    "Hanák:Hanáková", "Lukeš:Lukešová", "Moravec:Moravcová", "Skála:Skálová", "Dušek:Dušková",
    "Vojtíšek:Vojtíšková", "Řezníček:Řezníčková", "Krejčí:Krejčí", "Dostál:Dostálová",
    "Sýkora:Sýkorová", "Ptáček:Ptáčková", "Vondráček:Vondráčková", "Hronek:Hronková",
    "Kratochvíl:Kratochvílová", "Šulc:Šulcová", "Hůlka:Hůlková", "Čapek:Čapková"
)
RU_MEN = (
    "Иван", "Сергей", "Алексей", "Дмитрий", "Андрей", "Николай", "Михаил", "Юрий", "Олег",
    "Павел"
)
RU_WOMEN = (
    "Ольга", "Наталья", "Елена", "Татьяна", "Юлия", "Ирина", "Светлана", "Анна", "Мария",
    "Ксения"
)
RU_SURNAMES = (
    "Иванов:Иванова", "Смирнов:Смирнова", "Кузнецов:Кузнецова", "Попов:Попова",
    "Соколов:Соколова", "Лебедев:Лебедева", "Козлов:Козлова", "Новиков:Новикова",
    "Морозов:Морозова", "Волков:Волкова", "Соловьёв:Соловьёва", "Васильев:Васильева",
    "Зайцев:Зайцева", "Павлов:Павлова", "Семёнов:Семёнова"
)
PL_MEN = (
    "Łukasz", "Paweł", "Michał", "Krzysztof", "Wojciech", "Grzegorz", "Tomasz", "Piotr",
    "Jędrzej", "Bolesław"
)
PL_WOMEN = (
    "Agnieszka", "Małgorzata", "Katarzyna", "Joanna", "Żaneta", "Bożena", "Grażyna", "Ewa",
    "Dorota", "Jolanta"
)
PL_SURNAMES = (
    "Kowalski:Kowalska", "Wiśniewski:Wiśniewska", "Wójcik:Wójcik", "Kamiński:Kamińska",
    "Lewandowski:Lewandowska", "Zieliński:Zielińska", "Szymański:Szymańska", "Woźniak:Woźniak",
    "Dąbrowski:Dąbrowska", "Kozłowski:Kozłowska", "Jankowski:Jankowska", "Mazur:Mazur",
    "Krawczyk:Krawczyk", "Grabowski:Grabowska", "Pawłowski:Pawłowska", "Żółkiewski:Żółkiewska"
)
DE_MEN = (
    "Jürgen", "Günther", "Uwe", "Klaus", "Stefan", "Jörg", "Bernd", "Dieter", "Hans", "Matthias"
)
DE_WOMEN = (
    "Bärbel", "Sabine", "Ursula", "Monika", "Ingrid", "Käthe", "Heike", "Petra", "Gudrun",
    "Renate"
)
DE_SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Köhler", "Strauß", "Jäger", "Krüger", "Böhm", "Groß", "Weißmann",
    "Löwe", "Fuchs"
)
COMPANY_ROOTS = (
    "Alza", "Škoda", "Kovo", "Stavby", "Agro", "Elektro", "Strojírny", "Pekárna", "Tiskárna",
    "Dřevo", "Autodoprava", "Teplárna", "Sklárny", "Pivovar", "Mlékárna", "Kamenictví",
    "Zámečnictví", "Účetnictví", "Lékárna", "Železárny", "Obchodní", "Technické",
    "Zahradnictví", "Pneuservis", "Instalatérství", "Truhlářství", "Čistírna", "Hutě",
    "Vodárny", "Kabelovna"
)
COMPANY_TOWNS = (
    "Praha", "Brno", "Ostrava", "Plzeň", "Liberec", "Olomouc", "Pardubice", "Zlín", "Jihlava",
    "Kroměříž", "Třebíč", "Děčín", "Tábor", "Příbram", "Kladno", "Most", "Opava",
    "Frýdek-Místek", "Karviná", "Havířov", "Chomutov", "Teplice", "Jablonec", "Prostějov",
    "Přerov", "Písek", "Mělník", "Beroun", "Kolín", "Říčany"
)
# fmt: on
COMPANY_FORMS = ("s.r.o.", "a.s.", "v.o.s.", "k.s.", "GmbH", "Sp. z o.o.", "ООО", "spol. s r.o.")
CITIES = ("Praha", "Brno", "Ostrava", "Plzeň", "Liberec", "Olomouc", "České Budějovice")
RELATIONS = ("customer", "vendor", "prospect", "partner")

# Stems and endings ("male:female") of the long tail of surnames, per language family.
# fmt: off
_CZ_STEMS = (
    "Hor", "Dvoř", "Kop", "Mar", "Sed", "Vrb", "Hol", "Kos", "Pech", "Ryb", "Šim", "Zem",
    "Kub", "Mach", "Vít", "Bub", "Cib", "Dub", "Hrab", "Jav", "Klim", "Lan", "Mal", "Nos",
    "Pet", "Rad", "Sob", "Tom", "Val", "Žid", "Bart", "Hav", "Kolb", "Mráz", "Pros", "Staň",
    "Vos", "Zdráh", "Hud", "Kratoch", "Lis", "Měch", "Oul", "Pav", "Řez", "Stud", "Trn",
    "Vyc", "Zap", "Brab", "Ďurk", "Fil", "Grul", "Chalup", "Jir", "Kadl", "Lukáš", "Mik",
)
_CZ_ENDINGS = (
    "ák:áková", "ek:ková", "ík:íková", "ný:ná", "ský:ská", "ka:ková", "ec:cová", "ál:álová",
    "ůvka:ůvková", "ánek:ánková", "íček:íčková", "oun:ounová", "ata:atová", "ička:ičková",
    "ěj:ějová", "us:usová", "ota:otová",
)
_RU_STEMS = (
    "Бел", "Гор", "Жук", "Кар", "Лав", "Мед", "Ник", "Орл", "Пет", "Руд", "Сид", "Тих",
    "Фед", "Хар", "Чер", "Шир", "Яков", "Бор", "Гром", "Дроз",
)
_RU_ENDINGS = ("ов:ова", "ин:ина", "ский:ская", "ёв:ёва", "енко", "ых", "уков:укова")
_PL_STEMS = (
    "Nowak", "Krawc", "Kacz", "Pior", "Wróbl", "Jabł", "Mał", "Zaj", "Sob", "Dud", "Gór",
    "Baran", "Kub", "Stęp", "Wit",
)
_PL_ENDINGS = ("owski:owska", "ewicz", "czyk", "ński:ńska", "iak", "ecki:ecka")
_DE_STEMS = (
    "Hof", "Berg", "Stein", "Wald", "Brun", "Lind", "Bach", "Kirch", "Rosen", "Feld", "Eich",
    "Haas", "Grün", "Schwarz", "Klein", "Lang", "Ober", "Tann",
)
_DE_ENDINGS = ("mann", "er", "huber", "bauer", "meier", "müller", "inger", "länder", "ß")
# fmt: on


def _tail(stems: tuple[str, ...], endings: tuple[str, ...]) -> tuple[str, ...]:
    """Every stem with every ending, as "male:female" (or one form for both)."""
    composed = []
    for stem, ending in itertools.product(stems, endings):
        male, _, female = ending.partition(":")
        composed.append(f"{stem}{male}:{stem}{female}" if female else f"{stem}{male}")
    return tuple(composed)


def _surnames(common: tuple[str, ...], tail: tuple[str, ...]) -> tuple[str, ...]:
    """The common surnames first, then the composed ones in an order that mixes stems
    (ranks decide frequency), without any already listed."""
    listed = set(common)
    rest = [name for name in random.Random(SEED).sample(tail, len(tail)) if name not in listed]
    return common + tuple(rest)


def _zipf(count: int) -> list[float]:
    """Cumulative weights of ranks 1..count, the k-th weighing 1/k**ZIPF."""
    return list(itertools.accumulate(1 / rank**ZIPF for rank in range(1, count + 1)))


ALL_CZ_SURNAMES = _surnames(CZ_SURNAMES, _tail(_CZ_STEMS, _CZ_ENDINGS))
ALL_RU_SURNAMES = _surnames(RU_SURNAMES, _tail(_RU_STEMS, _RU_ENDINGS))
ALL_PL_SURNAMES = _surnames(PL_SURNAMES, _tail(_PL_STEMS, _PL_ENDINGS))
ALL_DE_SURNAMES = _surnames(DE_SURNAMES, _tail(_DE_STEMS, _DE_ENDINGS))

# (share of persons, men, women, surnames as "male:female" or one form for both, their
# cumulative Zipf weights)
_Script = tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...], list[float]]
_SCRIPTS: tuple[_Script, ...] = tuple(
    (share, men, women, surnames, _zipf(len(surnames)))
    for share, men, women, surnames in (
        (0.70, CZ_MEN, CZ_WOMEN, ALL_CZ_SURNAMES),
        (0.10, RU_MEN, RU_WOMEN, ALL_RU_SURNAMES),
        (0.10, PL_MEN, PL_WOMEN, ALL_PL_SURNAMES),
        (0.10, DE_MEN, DE_WOMEN, ALL_DE_SURNAMES),
    )
)

CONTACT_COLUMNS = (
    "id", "no", "name", "search_name", "type", "company_no", "salesperson_code",
    "language_code", "email", "phone", "mobile_phone", "city", "post_code", "country",
    "business_relations", "exclude_from_segment", "privacy_blocked",
)  # fmt: skip
SALESPEOPLE = ("JN", "PK", "MV", "LD")


ContactRow = tuple[object, ...]  # one `contact` row, in CONTACT_COLUMNS order


def contact_no(index: int) -> str:
    return f"CT{index:08d}"


@cache
def _normalized(name: str) -> str:
    return normalize(name)


def _person_name(rng: random.Random) -> str:
    pick = rng.random()
    script = _SCRIPTS[-1]
    for script in _SCRIPTS:
        if pick < script[0]:
            break
        pick -= script[0]
    _share, men, women, surnames, weights = script
    # Skewed towards the first (most common) names, like real populations.
    woman = rng.random() < 0.5
    firsts = women if woman else men
    first = firsts[int(len(firsts) * rng.random() ** 1.7)]
    surname = rng.choices(surnames, cum_weights=weights)[0]
    male, _, female = surname.partition(":")
    return f"{first} {(female or male) if woman else male}"


def _company_name(rng: random.Random) -> str:
    root = COMPANY_ROOTS[rng.randrange(len(COMPANY_ROOTS))]
    if rng.random() < 0.3:
        root = CZ_SURNAMES[rng.randrange(len(CZ_SURNAMES))].partition(":")[0] + " " + root
    town = COMPANY_TOWNS[rng.randrange(len(COMPANY_TOWNS))]
    return f"{root} {town} {COMPANY_FORMS[rng.randrange(len(COMPANY_FORMS))]}"


def contacts(count: int, *, seed: int = SEED) -> Iterator[ContactRow]:
    """`count` contacts numbered CT00000001...; about 15% companies, the rest persons, each
    working for one of the companies generated before them."""
    rng = random.Random(seed)
    companies: list[str] = []
    for index in range(1, count + 1):
        no = contact_no(index)
        if not companies or rng.random() < COMPANY_SHARE:
            name, kind, company = _company_name(rng), "company", no
            companies.append(no)
        else:
            name, kind = _person_name(rng), "person"
            company = companies[rng.randrange(len(companies))]
        city = CITIES[rng.randrange(len(CITIES))]
        relation = RELATIONS[rng.randrange(len(RELATIONS))] if kind == "company" else ""
        yield (
            index, no, name, _normalized(name), kind, company,
            SALESPEOPLE[index % len(SALESPEOPLE)], "cs", f"c{index}@example.com",
            f"+420 {600000000 + index}", "", city, f"{10000 + index % 80000}", "CZ",
            relation, False, False,
        )  # fmt: skip
