"""Master data from CSV rows: each row becomes an entity, each problem is collected.

Pure: the caller reads the file and looks up what the rows refer to (groups, salespeople,
existing contacts); here every row is checked and *every* problem is reported as
(line, column, message), so a file can be fixed in one go. Line numbers count the header as
line 1. Codes (Code[20] in Business Central) are stored upper-case, as BC does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from domain.csv_rows import (
    NumberedRow,
    Parsed,
    code_of,
    column_name,
    keyed_rows,
)
from domain.model import (
    DESCRIPTION_MAX,
    NAME_MAX,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
    Salesperson,
)
from domain.parsing import parse_flow, parse_initiated_by

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


# Columns a file may leave out: then a template keeps its suggested next step.
OPTIONAL: dict[str, tuple[str, ...]] = {
    GROUPS: ("description_cs",),
    TEMPLATES: ("next_template_code", "next_in_days", "description_cs"),
}
_MOST_DAYS = 366


def check_header(kind: str, header: Sequence[str]) -> HeaderCheck:
    expected = COLUMNS[kind] + OPTIONAL.get(kind, ())
    columns = tuple(column_name(h) for h in header)
    seen: set[str] = set()
    duplicated: list[str] = []
    for name in columns:
        if name in seen and name not in duplicated:
            duplicated.append(name)
        seen.add(name)
    return HeaderCheck(
        columns=columns,
        missing=tuple(c for c in COLUMNS[kind] if c not in seen),
        unknown=tuple(c for c in columns if c not in expected),
        duplicated=tuple(duplicated),
    )


def parse_salespeople(
    rows: Iterable[NumberedRow], *, existing: Mapping[str, Salesperson] | None = None
) -> Parsed[Salesperson]:
    """Salespeople; one that exists keeps its blocked flag (the file does not carry it)."""
    result: Parsed[Salesperson] = Parsed()
    for f, code in keyed_rows(rows, result.problems, "code"):
        name = f.name("name", max_len=NAME_MAX, required=True)
        email = f.email("email")
        if f.ok:
            old = (existing or {}).get(code)
            blocked = old.blocked if old else False
            result.items.append(Salesperson(code, name, email, blocked))
    return result


def parse_groups(
    rows: Iterable[NumberedRow], *, existing: Mapping[str, InteractionGroup] | None = None
) -> Parsed[InteractionGroup]:
    """Groups; an existing one keeps its Czech description when the file has no
    `description_cs` column."""
    result: Parsed[InteractionGroup] = Parsed()
    for f, code in keyed_rows(rows, result.problems, "code"):
        description = f.text("description", max_len=DESCRIPTION_MAX)
        old = (existing or {}).get(code)
        czech = old.description_cs if old else ""
        if f.has("description_cs"):
            czech = f.text("description_cs", max_len=DESCRIPTION_MAX)
        if f.ok:
            result.items.append(InteractionGroup(code, description, czech))
    return result


def parse_templates(
    rows: Iterable[NumberedRow],
    *,
    group_codes: Collection[str],
    existing: Mapping[str, InteractionTemplate] | None = None,
) -> Parsed[InteractionTemplate]:
    """Templates; the group must already exist (`group_codes`). An existing template keeps
    its campaign and correspondence type (the file does not carry them), and its suggested
    next step when the file has no `next_template_code` column; a next template must be
    stored or in the same file, and `next_in_days` is 1 to 366 days (empty: none)."""
    result: Parsed[InteractionTemplate] = Parsed()
    rows = list(rows)
    in_file = {code_of(row, "code") for _line, row in rows}
    for f, code in keyed_rows(rows, result.problems, "code"):
        group_code = f.code("group_code", required=True)
        if group_code and f.fine("group_code") and group_code not in group_codes:
            f.problem("group_code", "group_missing", code=group_code)
        description = f.text("description", max_len=DESCRIPTION_MAX)
        unit_cost = f.cost("unit_cost")
        unit_duration = f.duration("unit_duration")
        flow = f.parsed("information_flow", parse_flow, InformationFlow.BLANK)
        initiated_by = f.parsed("initiated_by", parse_initiated_by, InitiatedBy.BLANK)
        old = (existing or {}).get(code)
        czech = old.description_cs if old else ""
        if f.has("description_cs"):
            czech = f.text("description_cs", max_len=DESCRIPTION_MAX)
        next_code = old.next_template_code if old else ""
        next_days = old.next_in_days if old else None
        if f.has("next_template_code"):
            next_code = f.code("next_template_code")
            known = next_code in in_file or next_code in (existing or {})
            if next_code and f.fine("next_template_code") and not known:
                f.problem("next_template_code", "template_missing", code=next_code)
        if f.has("next_in_days"):
            raw = f.raw("next_in_days")
            if raw and not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= _MOST_DAYS):
                f.problem("next_in_days", "days_invalid", value=raw[:30], most=_MOST_DAYS)
            next_days = int(raw) if raw and f.fine("next_in_days") else None
        if f.ok:
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
                    next_template_code=next_code,
                    next_in_days=next_days,
                    description_cs=czech,
                )
            )
    return result
