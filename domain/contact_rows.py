"""Contact rows from a CSV file: each checked, every problem collected (as domain.importing
does for the small tables), in a stream. `FileIndex` holds what checking one row needs to
know of the whole file (the numbers it gives, compactly), so that `ContactChecker` can check
the file a chunk at a time; `parse_contacts` checks rows already in memory."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from domain.csv_rows import (
    NumberedRow,
    Parsed,
    Problem,
    RowFields,
    code_of,
)
from domain.model import (
    CODE_MAX,
    NAME_MAX,
    Contact,
    ContactType,
)
from domain.text import clean_name, clean_text

# Business Central's field lengths for the contact's text fields (E-Mail: csv_rows).
PHONE_MAX = 30
CITY_MAX = 30
POST_CODE_MAX = 20
COUNTRY_MAX = 10

_CONTACT_TYPES = frozenset(t.value for t in ContactType)


def contact_references(rows: Iterable[NumberedRow]) -> set[str]:
    """Every contact number the rows name (`no` and `company_no`), to look up beforehand."""
    found: set[str] = set()
    for _line, row in rows:
        for column in ("no", "company_no"):
            value = code_of(row, column)
            if value and len(value) <= CODE_MAX:
                found.add(value)
    return found


def companies_turned_persons(
    rows: Iterable[NumberedRow], existing: Mapping[str, Contact]
) -> list[str]:
    """Stored companies the rows make persons, whose stored persons to look up beforehand."""
    found = []
    for _line, row in rows:
        no = code_of(row, "no")
        old = existing.get(no)
        turned = (row.get("type") or "").strip().lower() == ContactType.PERSON.value
        if turned and old is not None and old.type is ContactType.COMPANY:
            found.append(no)
    return found


def needs_numbers(rows: Iterable[NumberedRow]) -> bool:
    """Whether some row leaves `no` empty, so numbers come from the Contact Nos. series."""
    return any(not code_of(row, "no") for _line, row in rows)


@dataclass(slots=True)
class _ContactRow:
    line: int
    contact: Contact
    ok: bool
    type_known: bool
    company_fine: bool


def _raw_type(row: NumberedRow) -> str:
    return clean_text(row[1].get("type") or "").strip().lower()


class FileIndex:
    """What checking any one row needs to know of the whole file, and no more, so that a
    file of a million contacts is checked a chunk at a time: the numbers it gives to
    companies and to persons (a row whose type is not known counts as a company, as it is
    parsed), those it gives more than once, and whether some row leaves `no` empty.

    The numbers are kept as their 64-bit hashes in two sorted arrays, 8 bytes a number
    (a set of the strings took about 100): a million contacts fit in 16 MB. Two numbers
    with the same hash (about one chance in 10^7 for a file of a million) would be taken
    for one, e.g. for a company the file gives; duplicates are confirmed by the numbers
    themselves (ContactChecker), so no row is refused for it. `add` every row, then
    `seal` before asking."""

    def __init__(self) -> None:
        self._companies = array("q")
        self._persons = array("q")
        self._duplicated: set[int] = set()
        self.needs_numbers = False

    def add(self, row: NumberedRow) -> None:
        no = code_of(row[1], "no")
        if not no:
            self.needs_numbers = True
        elif _raw_type(row) == ContactType.PERSON.value:
            self._persons.append(hash(no))
        else:
            self._companies.append(hash(no))

    def seal(self) -> None:
        self._companies = array("q", sorted(self._companies))
        self._persons = array("q", sorted(self._persons))
        duplicated: set[int] = set()
        for numbers in (self._companies, self._persons):
            duplicated.update(a for a, b in pairwise(numbers) if a == b)
        duplicated.update(h for h in self._persons if _has(self._companies, h))
        self._duplicated = duplicated

    def is_duplicated(self, no: str) -> bool:
        return hash(no) in self._duplicated

    def __contains__(self, no: object) -> bool:
        h = hash(no)
        return _has(self._companies, h) or _has(self._persons, h)

    def is_company(self, no: str) -> bool:
        h = hash(no)
        return _has(self._companies, h) and not _has(self._persons, h)

    @classmethod
    def of(cls, rows: Iterable[NumberedRow]) -> FileIndex:
        index = cls()
        for row in rows:
            index.add(row)
        index.seal()
        return index


def _has(numbers: array[int], value: int) -> bool:
    at = bisect_left(numbers, value)
    return at < len(numbers) and numbers[at] == value


class ContactChecker:
    """Checks a file's contacts chunk by chunk, in the file's order, as `parse_contacts`
    checks them all at once: the `index` of the whole file answers for the rows not in the
    chunk; the first line of each duplicated number and the number series carry over from
    one chunk to the next."""

    def __init__(self, index: FileIndex, *, next_number: Callable[[], str] | None) -> None:
        self._index = index
        self._next_number = next_number
        self._first_lines: dict[str, int] = {}

    def check(
        self,
        rows: Iterable[NumberedRow],
        *,
        salesperson_codes: Collection[str],
        existing: Mapping[str, Contact],
        stored_persons: Mapping[str, Collection[str]] | None = None,
    ) -> Parsed[Contact]:
        """The chunk's contacts and problems. `existing` holds the stored contacts among
        `contact_references(rows)`; `stored_persons` as for `parse_contacts`."""
        index = self._index
        result: Parsed[Contact] = Parsed()
        parsed: list[_ContactRow] = []
        for line, row in rows:
            f = RowFields(line, row, result.problems)
            no = f.code("no")
            if no and index.is_duplicated(no):
                first = self._first_lines.setdefault(no, line)
                if first != line:
                    f.problem("no", "duplicate", key=no, first=first)
            name = f.name("name", max_len=NAME_MAX, required=True)
            raw_type = f.raw("type").lower()
            type_known = raw_type in _CONTACT_TYPES
            contact_type = ContactType(raw_type) if type_known else ContactType.COMPANY
            if not type_known:
                if raw_type:
                    f.problem("type", "type_invalid", value=raw_type[:30])
                else:
                    f.problem("type", "type_missing")
            company_no = f.code("company_no")
            salesperson_code = f.code("salesperson_code")
            if (
                salesperson_code
                and f.fine("salesperson_code")
                and salesperson_code not in salesperson_codes
            ):
                f.problem("salesperson_code", "salesperson_missing", code=salesperson_code)
            email = f.email("email")
            phone = f.text("phone", max_len=PHONE_MAX)
            mobile_phone = f.text("mobile_phone", max_len=PHONE_MAX)
            city = f.text("city", max_len=CITY_MAX)
            post_code = f.text("post_code", max_len=POST_CODE_MAX)
            country = f.text("country", max_len=COUNTRY_MAX).upper()
            # Lower case, as the criteria compare them; a comma separates them as a semicolon
            # does.
            raw_relations = clean_name(f.raw("business_relations")).replace(",", ";").split(";")
            relations = frozenset(r.strip().lower() for r in raw_relations) - {""}
            for relation in sorted(relations):
                if len(relation) > CODE_MAX:
                    f.problem(
                        "business_relations", "code_too_long", value=relation[:30], max=CODE_MAX
                    )
                else:
                    f.check_not_formula("business_relations", relation)
            exclude = f.flag("exclude_from_segment")
            blocked = f.flag("privacy_blocked")
            old = existing.get(no) if no else None
            contact = Contact(
                no=no,
                name=name,
                type=contact_type,
                company_no=company_no,
                salesperson_code=salesperson_code,
                language_code=old.language_code if old else "",
                email=email,
                phone=phone,
                mobile_phone=mobile_phone,
                city=city,
                post_code=post_code,
                country=country,
                business_relations=relations,
                exclude_from_segment=exclude,
                privacy_blocked=blocked,
            )
            parsed.append(_ContactRow(line, contact, f.ok, type_known, f.fine("company_no")))

        def company(no: str) -> bool:
            if no in index:
                return index.is_company(no)
            stored = existing.get(no)
            return stored is not None and stored.type is ContactType.COMPANY

        for r in parsed:
            _check_company(r, company, result.problems)
        for r in parsed:
            persons = (stored_persons or {}).get(r.contact.no, ())
            left = sorted(p for p in persons if p not in index) if persons else []
            if left and r.contact.type is ContactType.PERSON:
                r.ok = False
                shown = ", ".join(left[:3]) + (" …" if len(left) > 3 else "")
                result.problems.append(
                    Problem(
                        r.line,
                        "type",
                        "company_of_persons",
                        {"no": r.contact.no, "count": len(left), "shown": shown},
                    )
                )
        for r in parsed:
            if r.contact.no:
                continue
            if self._next_number is None:
                r.ok = False
                result.problems.append(Problem(r.line, "no", "no_series"))
                continue
            number = self._next_number()
            while number in index:
                number = self._next_number()
            r.contact.no = number
            if r.contact.type is ContactType.COMPANY:
                r.contact.company_no = number
            result.numbered[number] = r.line
        result.items = [r.contact for r in parsed if r.ok]
        result.problems.sort(key=lambda p: p.line)
        return result


def parse_contacts(
    rows: Iterable[NumberedRow],
    *,
    salesperson_codes: Collection[str],
    existing: Mapping[str, Contact],
    next_number: Callable[[], str] | None,
    stored_persons: Mapping[str, Collection[str]] | None = None,
) -> Parsed[Contact]:
    """Contacts. `existing` holds the stored contacts among `contact_references(rows)`: a
    person's company must be a company there or in the file (before or after it); a company
    the file makes a person must have no stored persons left (`stored_persons`, by company,
    for `companies_turned_persons(rows, existing)`) but those the file moves away. A row
    with an empty `no` takes `next_number()` (numbers the file itself uses are skipped);
    without a number source such a row is a problem. An existing contact keeps its
    language code (the file does not carry it)."""
    rows = list(rows)
    checker = ContactChecker(FileIndex.of(rows), next_number=next_number)
    return checker.check(
        rows,
        salesperson_codes=salesperson_codes,
        existing=existing,
        stored_persons=stored_persons,
    )


def _check_company(r: _ContactRow, company: Callable[[str], bool], problems: list[Problem]) -> None:
    contact = r.contact
    if not r.type_known or not contact.company_no or not r.company_fine:
        return
    why = ""
    if contact.type is ContactType.COMPANY:
        if contact.company_no != contact.no:
            why = "company_not_own"
    elif contact.company_no == contact.no:
        why = "own_company"
    elif not company(contact.company_no):
        why = "company_missing"
    if why:
        r.ok = False
        problems.append(Problem(r.line, "company_no", why, {"no": contact.company_no}))


def used_numbers_problems(numbered: Mapping[str, int], taken: Collection[str]) -> list[Problem]:
    """Numbers from the series that already belong to stored contacts: the series is behind."""
    return [
        Problem(line, "no", "number_taken", {"no": no})
        for no, line in sorted(numbered.items(), key=lambda item: item[1])
        if no in taken
    ]
