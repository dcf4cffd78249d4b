"""Contacts: round trips, bulk saving, the name search and segment criteria."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.model import Contact, ContactCriteria, ContactType
from domain.text import normalize
from storage import SqlUnitOfWork
from storage.repositories import contacts as contacts_module
from storage.search import apply_search
from storage.tables import contact
from tests.storage.builders import company, entry, person

UowFactory = Callable[[], SqlUnitOfWork]

NAMES = {
    "CT01": "Novák",
    "CT02": "Novák Petr",
    "CT03": "Jan Novák",
    "CT04": "Anna Nováková",
    "CT05": "Иванов Сергей",
    "CT06": "Dvořák",
    "CT07": "NO",
    "CT08": 'A_B "Quote" 100%',
}


async def _save(uow_factory: UowFactory, *contacts: Contact) -> None:
    async with uow_factory() as uow:
        await uow.contacts.save_many(contacts)
        await uow.commit()


@pytest.fixture
async def named(uow_factory: UowFactory) -> None:
    await _save(uow_factory, *(company(no, name) for no, name in NAMES.items()))


async def _search(
    uow_factory: UowFactory, query: str, limit: int = 50, offset: int = 0
) -> list[str]:
    async with uow_factory() as uow:
        return [c.no for c in await uow.contacts.search(query, limit=limit, offset=offset)]


async def test_round_trip_with_company_name(uow_factory: UowFactory) -> None:
    acme = company(
        "CT1",
        "Acme",
        salesperson_code="SP1",
        language_code="cs",
        email="a@acme.cz",
        phone="1",
        mobile_phone="2",
        city="Brno",
        post_code="60200",
        country="CZ",
        business_relations=frozenset({"customer", "vendor"}),
        exclude_from_segment=True,
        privacy_blocked=True,
    )
    anna = person("CT2", "Anna", company_no="CT1")
    async with uow_factory() as uow:
        await uow.contacts.save(acme)
        await uow.contacts.save(anna)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.contacts.get("CT1") == acme
        stored = await uow.contacts.get("CT2")
        assert stored is not None and stored.company_name == "Acme"
        assert stored.company_no == "CT1" and stored.type is ContactType.PERSON
        assert await uow.contacts.get("nope") is None
        assert await uow.contacts.count() == 2


async def test_save_updates_and_the_search_follows(uow_factory: UowFactory) -> None:
    await _save(uow_factory, company("CT1", "Acme"))
    async with uow_factory() as uow:
        await uow.contacts.save(company("CT1", "Globex"))
        await uow.commit()
    assert await _search(uow_factory, "acme") == []
    assert await _search(uow_factory, "globe") == ["CT1"]
    assert await _search(uow_factory, "lobe") == ["CT1"]


async def test_save_many_inserts_and_updates_in_chunks(
    uow_factory: UowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contacts_module, "BULK_CHUNK", 70)
    first = [company(f"C{i:04d}", f"Firma {i:04d}", city="Brno") for i in range(300)]
    await _save(uow_factory, *first)
    renamed = [company(f"C{i:04d}", f"Renamed {i:04d}", city="Praha") for i in range(0, 300, 2)]
    await _save(uow_factory, *renamed, company("C9999", "New one"))
    async with uow_factory() as uow:
        assert await uow.contacts.count() == 301
        assert len(await uow.contacts.matching(ContactCriteria(city="Praha"))) == 150
        stored = await uow.contacts.get("C0002")
        assert stored is not None and stored.name == "Renamed 0002"
    assert await _search(uow_factory, "firma 0002") == []
    assert await _search(uow_factory, "renamed 0002") == ["C0002"]
    assert await _search(uow_factory, "firma 0003") == ["C0003"]
    assert len(await _search(uow_factory, "firma", limit=1000)) == 150


async def test_save_many_of_nothing_writes_nothing(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.contacts.save_many([])
        assert await uow.contacts.count() == 0


@pytest.mark.usefixtures("named")
@pytest.mark.parametrize("query", ["novak", "NOVAK", "Novák", "novák"])
async def test_search_is_accent_and_case_insensitive_exact_prefix_substring(
    uow_factory: UowFactory, query: str
) -> None:
    # exact, then prefix, then substring matches by name ("Anna ..." < "Jan ...")
    assert await _search(uow_factory, query) == ["CT01", "CT02", "CT04", "CT03"]


@pytest.mark.usefixtures("named")
async def test_search_substring_and_cyrillic(uow_factory: UowFactory) -> None:
    assert await _search(uow_factory, "ovák") == ["CT04", "CT03", "CT01", "CT02"]
    assert await _search(uow_factory, "иван") == ["CT05"]
    assert await _search(uow_factory, "СЕРГЕЙ") == ["CT05"]  # й folds like the index does
    assert await _search(uow_factory, "rak") == ["CT06"]
    assert await _search(uow_factory, "zzz") == []


@pytest.mark.usefixtures("named")
async def test_search_pages(uow_factory: UowFactory) -> None:
    assert await _search(uow_factory, "novak", limit=2) == ["CT01", "CT02"]
    assert await _search(uow_factory, "novak", limit=2, offset=1) == ["CT02", "CT04"]
    assert await _search(uow_factory, "novak", limit=2, offset=4) == []


@pytest.mark.usefixtures("named")
async def test_short_queries_match_prefixes_and_word_starts_only(uow_factory: UowFactory) -> None:
    # Exact "no" first, then the names starting with it, then those with a word starting so.
    assert await _search(uow_factory, "no") == ["CT07", "CT01", "CT02", "CT04", "CT03"]
    assert await _search(uow_factory, "N") == ["CT07", "CT01", "CT02", "CT04", "CT03"]
    assert await _search(uow_factory, "ak") == []  # a substring, but too short for one


@pytest.mark.usefixtures("named")
async def test_search_takes_pattern_characters_literally(uow_factory: UowFactory) -> None:
    assert await _search(uow_factory, "100%") == ["CT08"]
    assert await _search(uow_factory, "a_b") == ["CT08"]
    assert await _search(uow_factory, '"quote"') == ["CT08"]
    assert await _search(uow_factory, "b_%") == []
    assert await _search(uow_factory, "a%") == []


async def test_search_orders_alphabetically_ignoring_accents(uow_factory: UowFactory) -> None:
    await _save(uow_factory, company("CT2", "Adam Novák"), company("CT1", "Ábel Novák"))
    assert await _search(uow_factory, "novak") == ["CT1", "CT2"]  # "abel" < "adam"


async def test_search_orders_equal_names_by_number(uow_factory: UowFactory) -> None:
    await _save(uow_factory, company("CT2", "Same"), company("CT1", "Same"))
    assert await _search(uow_factory, "same") == ["CT1", "CT2"]


async def _plan(conn: AsyncConnection, query: str) -> str:
    stmt = apply_search(conn.dialect.name, select(contact.c.no), normalize(query))
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    if conn.dialect.name == "postgresql":
        await conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = await conn.exec_driver_sql("EXPLAIN " + sql)
        return "\n".join(row[0] for row in rows)
    rows = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)
    return "\n".join(row[-1] for row in rows)


@pytest.mark.usefixtures("named")
async def test_the_planner_uses_the_search_indexes(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        dialect = uow.connection.dialect.name
        prefix = await _plan(uow.connection, "no")
        substring = await _plan(uow.connection, "novak")
    assert "ix_contact_search_name" in prefix, prefix
    if dialect == "postgresql":
        assert "ix_contact_search_name_trgm" in substring, substring
    else:
        assert "VIRTUAL TABLE INDEX" in substring, substring  # the FTS5 trigram index


async def test_matching_each_criterion(uow_factory: UowFactory) -> None:
    await _save(
        uow_factory,
        company(
            "A",
            "Acme",
            salesperson_code="SP1",
            city="Brno",
            post_code="60200",
            country="CZ",
            business_relations=frozenset({"customer", "vendor"}),
        ),
        person(
            "A1",
            "Jan Novák",
            company_no="A",
            salesperson_code="SP2",
            city="Praha",
            business_relations=frozenset({"customer_x"}),
        ),
        person("A2", "Eva Malá", company_no="A", country="SK", exclude_from_segment=True),
        company(
            "B", "Beta", city="Brno", post_code="61300", business_relations=frozenset({"bank"})
        ),
        company("C", "Gama", city="PLZEŇ"),
    )
    async with uow_factory() as uow:
        for contact_no, template_code, flags in (
            ("A1", "CALL", {}),
            ("A2", "CALL", {"postponed": True}),
            ("B", "CALL", {"canceled": True}),
            ("B", "MAIL", {}),
        ):
            await uow.entries.add(entry(contact_no, template_code=template_code, **flags))
        await uow.commit()

    async def nos(**criteria: object) -> list[str]:
        async with uow_factory() as uow:
            found = await uow.contacts.matching(ContactCriteria(**criteria))  # type: ignore[arg-type]
            return [c.no for c in found]

    assert await nos() == ["A", "A1", "A2", "B", "C"]
    assert await nos(type=ContactType.PERSON) == ["A1", "A2"]
    assert await nos(type=ContactType.COMPANY) == ["A", "B", "C"]
    assert await nos(salesperson_code="SP1") == ["A"]
    assert await nos(city="Brno") == ["A", "B"]
    assert await nos(city="BRNO") == ["A", "B"]
    assert await nos(city="plzeň") == ["C"]  # case-insensitive beyond ASCII
    assert await nos(city="Brn") == []
    assert await nos(post_code="61300") == ["B"]
    assert await nos(country="SK") == ["A2"]
    assert await nos(business_relation="customer") == ["A"]
    assert await nos(business_relation="vendor") == ["A"]
    assert await nos(business_relation="customer_x") == ["A1"]
    assert await nos(business_relation="cust") == []
    assert await nos(business_relation="customer%") == []
    assert await nos(company_no="A") == ["A", "A1", "A2"]
    assert await nos(name_query="novak") == ["A1"]
    assert await nos(name_query="NOVÁK") == ["A1"]
    assert await nos(name_query="a") == ["A", "A1", "A2", "B", "C"]
    assert await nos(has_template_code="CALL") == ["A1"]  # not postponed, not canceled
    assert await nos(has_template_code="MAIL") == ["B"]
    assert await nos(contact_nos=frozenset({"A2", "B", "ZZ"})) == ["A2", "B"]
    assert await nos(city="Brno", type=ContactType.COMPANY, business_relation="bank") == ["B"]
    assert await nos(company_no="A", contact_nos=frozenset({"A1", "B"})) == ["A1"]


async def test_matching_many_contact_numbers(uow_factory: UowFactory) -> None:
    await _save(uow_factory, *(company(f"C{i:04d}", f"Firma {i}") for i in range(1200)))
    wanted = frozenset(f"C{i:04d}" for i in range(0, 1200, 2)) | {"nope"}
    async with uow_factory() as uow:
        found = await uow.contacts.matching(ContactCriteria(contact_nos=wanted))
    assert [c.no for c in found] == sorted(wanted - {"nope"})


async def test_persons_of_companies(uow_factory: UowFactory) -> None:
    await _save(
        uow_factory,
        company("A", "Acme"),
        person("A2", "Zora", company_no="A"),
        person("A1", "Adam", company_no="A"),
        company("B", "Beta"),
        person("B1", "Bob", company_no="B"),
        person("X", "Loner"),
    )
    async with uow_factory() as uow:
        persons = await uow.contacts.persons_of(["A", "B"])
        assert [(c.no, c.company_name) for c in persons] == [
            ("A1", "Acme"),
            ("A2", "Acme"),
            ("B1", "Beta"),
        ]
        assert await uow.contacts.persons_of([]) == []
