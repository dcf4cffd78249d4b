"""Master data from CSV rows: each row becomes an entity, each problem is collected.

Pure: the caller reads the file and looks up what the rows refer to (groups, salespeople,
existing contacts); here every row is checked and *every* problem is reported as
(line, column, message), so a file can be fixed in one go. Line numbers count the header as
line 1. Codes (Code[20] in Business Central) are stored upper-case, as BC does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from domain.errors import ValidationFailed
from domain.model import (
    CODE_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    Contact,
    ContactType,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
    Salesperson,
)
from domain.parsing import parse_bool, parse_cost, parse_duration, parse_flow, parse_initiated_by

SALESPEOPLE = "salespeople"
GROUPS = "groups"
TEMPLATES = "templates"
CONTACTS = "contacts"

COLUMNS: dict[str, tuple[str, ...]] = {
    SALESPEOPLE: ("code", "name", "email"),
    GROUPS: ("code", "description"),
    TEMPLATES: (
        "code",
        "group_code",
        "description",
        "unit_cost",
        "unit_duration",
        "information_flow",
        "initiated_by",
    ),
    CONTACTS: (
        "no",
        "name",
        "type",
        "company_no",
        "salesperson_code",
        "email",
        "phone",
        "mobile_phone",
        "city",
        "post_code",
        "country",
        "business_relations",
        "exclude_from_segment",
        "privacy_blocked",
    ),
}
"""Every column of each kind; all of them must be in the header (in any order)."""

KEYS = {SALESPEOPLE: "code", GROUPS: "code", TEMPLATES: "code", CONTACTS: "no"}

# Business Central's field lengths for the contact's text fields.
EMAIL_MAX = 80
PHONE_MAX = 30
CITY_MAX = 30
POST_CODE_MAX = 20
COUNTRY_MAX = 10

Row = Mapping[str, str]
NumberedRow = tuple[int, Row]
"""A data row with its line number in the file (the header is line 1)."""

_T = TypeVar("_T")
_CONTACT_TYPES = frozenset(t.value for t in ContactType)

_MESSAGES = {
    "cost_not_a_number": "“{value}” is not an amount (use a number such as 12.50)",
    "cost_negative": "must not be negative",
    "cost_too_large": "must be at most {max}",
    "duration_not_a_number": "“{value}” is not a whole number of minutes",
    "duration_negative": "must not be negative",
    "duration_too_large": "must be at most {max} minutes",
    "flow_invalid": "“{value}” is not an information flow (outbound, inbound or empty)",
    "initiated_by_invalid": "“{value}” is not an initiator (us, them or empty)",
    "bool_invalid": "“{value}” is not a yes/no value (true/false, yes/no, 1/0 or empty)",
}


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class HeaderCheck:
    """`columns` maps each header position to its normalised column name."""

    columns: tuple[str, ...]
    missing: tuple[str, ...]
    unknown: tuple[str, ...]
    duplicated: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.duplicated


@dataclass(slots=True)
class Parsed(Generic[_T]):
    items: list[_T] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    numbered: dict[str, int] = field(default_factory=dict)
    """Contacts only: the numbers taken from the number series, with their lines."""

    @property
    def bad_lines(self) -> int:
        return len({p.line for p in self.problems})


def column_name(header: str) -> str:
    """ "Unit Cost" and " unit_cost " both name `unit_cost`."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def check_header(kind: str, header: Sequence[str]) -> HeaderCheck:
    expected = COLUMNS[kind]
    columns = tuple(column_name(h) for h in header)
    seen: set[str] = set()
    duplicated: list[str] = []
    for name in columns:
        if name in seen and name not in duplicated:
            duplicated.append(name)
        seen.add(name)
    return HeaderCheck(
        columns=columns,
        missing=tuple(c for c in expected if c not in seen),
        unknown=tuple(c for c in columns if c not in expected),
        duplicated=tuple(duplicated),
    )


def numbered(rows: Iterable[Row]) -> list[NumberedRow]:
    """Rows as read from a file without blank lines: the first data row is line 2."""
    return [(line, row) for line, row in enumerate(rows, start=2)]


class _Fields:
    """Reads one row's values, collecting a problem for every bad one."""

    def __init__(self, line: int, row: Row, problems: list[Problem]) -> None:
        self.line = line
        self._row = row
        self._problems = problems
        self.ok = True

    def problem(self, column: str, message: str) -> None:
        self.ok = False
        self._problems.append(Problem(self.line, column, message))

    def raw(self, column: str) -> str:
        return (self._row.get(column) or "").strip()

    def text(self, column: str, *, max_len: int, required: bool = False) -> str:
        value = " ".join(self.raw(column).split())
        if required and not value:
            self.problem(column, "must have a value")
        elif len(value) > max_len:
            self.problem(column, f"is {len(value)} characters long; at most {max_len} allowed")
        return value

    def code(self, column: str, *, required: bool = False) -> str:
        value = self.raw(column).upper()
        if required and not value:
            self.problem(column, "must have a value")
        elif len(value) > CODE_MAX:
            self.problem(column, f"“{value[:30]}” is longer than {CODE_MAX} characters")
        return value

    def email(self, column: str) -> str:
        value = self.text(column, max_len=EMAIL_MAX)
        if value and (" " in value or value.count("@") != 1 or value.startswith("@")):
            self.problem(column, f"“{value[:40]}” is not an e-mail address")
        return value

    def parsed(self, column: str, parse: Callable[[str], _T], default: _T) -> _T:
        try:
            return parse(self.raw(column))
        except ValidationFailed as exc:
            template = _MESSAGES.get(exc.key, exc.key)
            self.problem(column, template.format(**exc.params))
            return default

    def cost(self, column: str) -> Decimal:
        return self.parsed(column, lambda v: parse_cost(v) if v else Decimal(0), Decimal(0))

    def duration(self, column: str) -> int:
        return self.parsed(column, lambda v: parse_duration(v) if v else 0, 0)

    def flag(self, column: str) -> bool:
        return self.parsed(column, parse_bool, False)


class _Keys:
    """Reports a key seen twice in one file, naming the line it was first seen on."""

    def __init__(self, column: str) -> None:
        self.column = column
        self.first: dict[str, int] = {}

    def check(self, fields: _Fields, key: str) -> None:
        if not key:
            return
        first = self.first.setdefault(key, fields.line)
        if first != fields.line:
            fields.problem(self.column, f"{key} appears more than once (first on line {first})")


def parse_salespeople(
    rows: Iterable[NumberedRow], *, existing: Mapping[str, Salesperson] | None = None
) -> Parsed[Salesperson]:
    """Salespeople; one that exists keeps its blocked flag (the file does not carry it)."""
    result: Parsed[Salesperson] = Parsed()
    keys = _Keys("code")
    for line, row in rows:
        f = _Fields(line, row, result.problems)
        code = f.code("code", required=True)
        keys.check(f, code)
        name = f.text("name", max_len=NAME_MAX, required=True)
        email = f.email("email")
        if f.ok:
            old = (existing or {}).get(code)
            blocked = old.blocked if old else False
            result.items.append(Salesperson(code, name, email, blocked))
    return result


def parse_groups(rows: Iterable[NumberedRow]) -> Parsed[InteractionGroup]:
    result: Parsed[InteractionGroup] = Parsed()
    keys = _Keys("code")
    for line, row in rows:
        f = _Fields(line, row, result.problems)
        code = f.code("code", required=True)
        keys.check(f, code)
        description = f.text("description", max_len=DESCRIPTION_MAX)
        if f.ok:
            result.items.append(InteractionGroup(code, description))
    return result


def parse_templates(
    rows: Iterable[NumberedRow],
    *,
    group_codes: Collection[str],
    existing: Mapping[str, InteractionTemplate] | None = None,
) -> Parsed[InteractionTemplate]:
    """Templates; the group must already exist (`group_codes`). An existing template keeps
    its campaign and correspondence type (the file does not carry them)."""
    result: Parsed[InteractionTemplate] = Parsed()
    keys = _Keys("code")
    for line, row in rows:
        f = _Fields(line, row, result.problems)
        code = f.code("code", required=True)
        keys.check(f, code)
        group_code = f.code("group_code", required=True)
        if group_code and len(group_code) <= CODE_MAX and group_code not in group_codes:
            f.problem("group_code", f"interaction group {group_code} does not exist")
        description = f.text("description", max_len=DESCRIPTION_MAX)
        unit_cost = f.cost("unit_cost")
        unit_duration = f.duration("unit_duration")
        flow = f.parsed("information_flow", parse_flow, InformationFlow.BLANK)
        initiated_by = f.parsed("initiated_by", parse_initiated_by, InitiatedBy.BLANK)
        if f.ok:
            old = (existing or {}).get(code)
            result.items.append(
                InteractionTemplate(
                    code=code,
                    group_code=group_code,
                    description=description,
                    unit_cost=unit_cost,
                    unit_duration=unit_duration,
                    information_flow=flow,
                    initiated_by=initiated_by,
                    campaign_no=old.campaign_no if old else "",
                    correspondence_type=old.correspondence_type if old else "",
                )
            )
    return result


def contact_references(rows: Iterable[NumberedRow]) -> set[str]:
    """Every contact number the rows name (`no` and `company_no`), to look up beforehand."""
    found: set[str] = set()
    for _line, row in rows:
        for column in ("no", "company_no"):
            value = (row.get(column) or "").strip().upper()
            if value and len(value) <= CODE_MAX:
                found.add(value)
    return found


def needs_numbers(rows: Iterable[NumberedRow]) -> bool:
    """Whether some row leaves `no` empty, so numbers come from the Contact Nos. series."""
    return any(not (row.get("no") or "").strip() for _line, row in rows)


@dataclass(slots=True)
class _ContactRow:
    line: int
    contact: Contact
    ok: bool
    type_known: bool


def parse_contacts(
    rows: Iterable[NumberedRow],
    *,
    salesperson_codes: Collection[str],
    existing: Mapping[str, Contact],
    next_number: Callable[[], str] | None,
) -> Parsed[Contact]:
    """Contacts. `existing` holds the stored contacts among `contact_references(rows)`: a
    person's company must be a company there or in the file (before or after it). A row
    with an empty `no` takes `next_number()` (numbers the file itself uses are skipped);
    without a number source such a row is a problem. An existing contact keeps its
    language code (the file does not carry it)."""
    result: Parsed[Contact] = Parsed()
    keys = _Keys("no")
    parsed: list[_ContactRow] = []
    for line, row in rows:
        f = _Fields(line, row, result.problems)
        no = f.code("no")
        keys.check(f, no)
        name = f.text("name", max_len=NAME_MAX, required=True)
        raw_type = f.raw("type").lower()
        type_known = raw_type in _CONTACT_TYPES
        contact_type = ContactType(raw_type) if type_known else ContactType.COMPANY
        if not type_known:
            shown = f"“{raw_type[:30]}” is not" if raw_type else "must be"
            f.problem("type", f"{shown} company or person")
        company_no = f.code("company_no")
        salesperson_code = f.code("salesperson_code")
        if salesperson_code and salesperson_code not in salesperson_codes:
            f.problem("salesperson_code", f"salesperson {salesperson_code} does not exist")
        email = f.email("email")
        phone = f.text("phone", max_len=PHONE_MAX)
        mobile_phone = f.text("mobile_phone", max_len=PHONE_MAX)
        city = f.text("city", max_len=CITY_MAX)
        post_code = f.text("post_code", max_len=POST_CODE_MAX)
        country = f.text("country", max_len=COUNTRY_MAX).upper()
        relations = frozenset(r.strip() for r in f.raw("business_relations").split(";"))
        relations -= {""}
        for relation in sorted(relations):
            if len(relation) > CODE_MAX:
                f.problem(
                    "business_relations",
                    f"“{relation[:30]}” is longer than {CODE_MAX} characters",
                )
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
        parsed.append(_ContactRow(line, contact, f.ok, type_known))

    in_file = {r.contact.no: r.contact.type for r in parsed if r.contact.no}
    companies = {no for no, kind in in_file.items() if kind is ContactType.COMPANY}
    companies |= {
        c.no for c in existing.values() if c.type is ContactType.COMPANY and c.no not in in_file
    }
    for r in parsed:
        _check_company(r, companies, result.problems)
    for r in parsed:
        if r.contact.no:
            continue
        if next_number is None:
            r.ok = False
            result.problems.append(
                Problem(r.line, "no", "is empty and there is no number series to number it")
            )
            continue
        number = next_number()
        while number in in_file:
            number = next_number()
        r.contact.no = number
        if r.contact.type is ContactType.COMPANY:
            r.contact.company_no = number
        result.numbered[number] = r.line
    result.items = [r.contact for r in parsed if r.ok]
    result.problems.sort(key=lambda p: p.line)
    return result


def _check_company(r: _ContactRow, companies: Collection[str], problems: list[Problem]) -> None:
    contact = r.contact
    if not r.type_known or not contact.company_no or len(contact.company_no) > CODE_MAX:
        return
    message = ""
    if contact.type is ContactType.COMPANY:
        if contact.company_no != contact.no:
            message = "a company's company_no must be empty or its own number"
    elif contact.company_no == contact.no:
        message = "a person cannot be their own company"
    elif contact.company_no not in companies:
        message = f"company {contact.company_no} does not exist (neither stored nor in this file)"
    if message:
        r.ok = False
        problems.append(Problem(r.line, "company_no", message))


def used_numbers_problems(numbered: Mapping[str, int], taken: Collection[str]) -> list[Problem]:
    """Numbers from the series that already belong to stored contacts: the series is behind."""
    return [
        Problem(
            line,
            "no",
            f"the number series gave {no}, which an existing contact already has; "
            "set the series' next number past the existing contacts or fill in `no`",
        )
        for no, line in sorted(numbered.items(), key=lambda item: item[1])
        if no in taken
    ]
