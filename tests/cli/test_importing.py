"""Row validation of domain/importing.py and domain/contact_rows.py: pure and fast, no database."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from bot.i18n import translate
from bot.import_texts import problem as problem_text
from domain import contact_rows, importing
from domain.criteria import parse_criteria
from domain.csv_rows import NumberedRow, Parsed, Problem, numbered
from domain.importing import check_header
from domain.model import (
    Contact,
    ContactType,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
    NumberSeries,
    Salesperson,
)


def rows(kind: str, *values: str) -> list[NumberedRow]:
    """CSV-like rows: each string is the comma-separated values of one row (no quoting)."""
    columns = importing.COLUMNS[kind]
    result = []
    for line in values:
        cells = line.split(",")
        assert len(cells) == len(columns), line
        result.append(dict(zip(columns, cells, strict=True)))
    return numbered(result)


def problem_message(problem: Problem) -> str:
    return translate(f"problem.{problem.key}", **problem.params)


def where(problems: list[Problem]) -> list[tuple[int, str]]:
    return [(p.line, p.column) for p in problems]


# --- header ------------------------------------------------------------------------------


def test_header_names_are_normalised_and_order_is_free() -> None:
    check = check_header("groups", [" Description ", "CODE"])
    assert check.ok and check.columns == ("description", "code")
    header = ["Unit Cost", "code", "group-code", "description", "unit_duration",
              "Information Flow", "initiated_by"]  # fmt: skip
    check = check_header("templates", header)
    assert check.ok and check.missing == () and check.unknown == ()
    assert check.columns[0] == "unit_cost"


def test_header_reports_missing_unknown_and_duplicated_columns() -> None:
    check = check_header("salespeople", ["code", "naem", "code"])
    assert check.missing == ("name", "email")
    assert check.unknown == ("naem",)
    assert check.duplicated == ("code",)
    assert not check.ok


# --- salespeople and groups ----------------------------------------------------------------


def test_salespeople_are_parsed_with_upper_case_codes_and_keep_blocked() -> None:
    parsed = importing.parse_salespeople(
        rows("salespeople", "jn, Jana  Nováková ,jana@example.com", "PK,Petr Král,"),
        existing={"PK": Salesperson("PK", "Old", blocked=True)},
    )
    assert parsed.problems == []
    assert parsed.items == [
        Salesperson("JN", "Jana Nováková", "jana@example.com"),
        Salesperson("PK", "Petr Král", "", blocked=True),
    ]


def test_salespeople_problems_name_line_and_column() -> None:
    long_code = "X" * 21
    parsed = importing.parse_salespeople(
        rows(
            "salespeople",
            "JN,Jana,jana@example.com",
            f"{long_code},Too long code,",
            ",No code,not-an-email",
            "jn,Duplicate,",
            "AB,,",
            "CD," + "N" * 101 + ",",
        )
    )
    assert where(parsed.problems) == [
        (3, "code"),
        (4, "code"),
        (4, "email"),
        (5, "code"),
        (6, "name"),
        (7, "name"),
    ]
    assert problem_text(parsed.problems[0]).startswith("line 3, column code: “XXXX")
    assert "first on line 2" in problem_message(parsed.problems[3])
    assert "at most 100" in problem_message(parsed.problems[5])
    assert parsed.bad_lines == 5
    assert [s.code for s in parsed.items] == ["JN"]


def test_groups() -> None:
    parsed = importing.parse_groups(
        rows("groups", "phone,Phone calls", "MEETING,", "PHONE,again", "X," + "d" * 101)
    )
    assert parsed.items == [InteractionGroup("PHONE", "Phone calls"), InteractionGroup("MEETING")]
    assert where(parsed.problems) == [(4, "code"), (5, "description")]


# --- templates ---------------------------------------------------------------------------


def test_templates_parse_numbers_flows_and_keep_campaign() -> None:
    parsed = importing.parse_templates(
        rows(
            "templates",
            "call-out,phone,Outgoing call,2.50,5,Outbound,us",
            "CALL-IN,PHONE,Incoming call,,,inbound,them",
            "MAIL,PHONE,Mail, 1 234,15 min,,",
        ),
        group_codes={"PHONE"},
        existing={"MAIL": InteractionTemplate("MAIL", "OLD", campaign_no="CP1")},
    )
    assert parsed.problems == []
    out, call_in, mail = parsed.items
    assert out == InteractionTemplate(
        "CALL-OUT", "PHONE", "Outgoing call", Decimal("2.50"), 5,
        InformationFlow.OUTBOUND, InitiatedBy.US,
    )  # fmt: skip
    assert (call_in.unit_cost, call_in.unit_duration) == (Decimal("0.00"), 0)
    assert (mail.unit_cost, mail.unit_duration, mail.campaign_no) == (Decimal("1234"), 15, "CP1")
    assert mail.information_flow is InformationFlow.BLANK


def test_template_row_with_many_problems_reports_each() -> None:
    parsed = importing.parse_templates(
        rows(
            "templates",
            "OK,PHONE,Fine,1,1,,",
            "BAD,NOPE,Bad,12a,-5,sideways,nobody",
            "NEG,PHONE,Negative cost,-1,2.5,,",
        ),
        group_codes={"PHONE"},
    )
    assert where(parsed.problems) == [
        (3, "group_code"),
        (3, "unit_cost"),
        (3, "unit_duration"),
        (3, "information_flow"),
        (3, "initiated_by"),
        (4, "unit_cost"),
        (4, "unit_duration"),
    ]
    messages = [problem_message(p) for p in parsed.problems]
    assert messages[0] == "interaction group NOPE does not exist"
    assert messages[1] == "“12a” is not an amount (use a number such as 12.50)"
    assert messages[2] == "must not be negative"
    assert "outbound, inbound or empty" in messages[3]
    assert "us, them or empty" in messages[4]
    assert messages[6] == "“2.5” is not a whole number of minutes"
    assert [t.code for t in parsed.items] == ["OK"]


# --- contacts ----------------------------------------------------------------------------

C = "contacts"


def contact_row(no: str = "", name: str = "Name", type_: str = "company", company: str = "",
                salesperson: str = "", rest: str = ",,,,,,,,") -> str:  # fmt: skip
    return f"{no},{name},{type_},{company},{salesperson},{rest}"


def parse(
    *lines: str,
    existing: dict[str, Contact] | None = None,
    series: NumberSeries | None = None,
    salespeople: frozenset[str] = frozenset({"JN"}),
) -> Parsed[Contact]:
    return contact_rows.parse_contacts(
        rows(C, *lines),
        salesperson_codes=salespeople,
        existing=existing or {},
        next_number=series.take if series else None,
    )


def test_contacts_all_fields() -> None:
    parsed = parse(
        "ct1,Škoda Díly a.s.,Company,,jn,info@skoda.cz,+420 1,,Mladá Boleslav,293 01,cz,"
        "customer; vendor;,yes,0",
        "CT2,Jan Novák,person,ct1,,jan@skoda.cz,,+420 2,,,,,,TRUE",
    )
    assert parsed.problems == []
    company, person = parsed.items
    assert company == Contact(
        no="CT1",
        name="Škoda Díly a.s.",
        type=ContactType.COMPANY,
        company_no="CT1",
        salesperson_code="JN",
        email="info@skoda.cz",
        phone="+420 1",
        city="Mladá Boleslav",
        post_code="293 01",
        country="CZ",
        business_relations=frozenset({"customer", "vendor"}),
        exclude_from_segment=True,
    )
    assert person.type is ContactType.PERSON and person.company_no == "CT1"
    assert person.privacy_blocked and not person.exclude_from_segment


def test_person_company_may_come_later_in_the_file_or_from_the_database() -> None:
    stored = Contact("DB1", "Stored company")
    parsed = parse(
        contact_row("P1", type_="person", company="C9"),
        contact_row("P2", type_="person", company="DB1"),
        contact_row("P3", type_="person"),  # a person without a company is allowed
        contact_row("C9"),
        existing={"DB1": stored},
    )
    assert parsed.problems == []
    assert [c.company_no for c in parsed.items] == ["C9", "DB1", "", "C9"]


def test_contact_problems() -> None:
    stored_person = Contact("DBP", "Stored person", ContactType.PERSON)
    stored_company = Contact("DBC", "Becomes a person", ContactType.COMPANY)
    parsed = parse(
        contact_row("C1"),  # 2 fine
        contact_row("C2", type_="firm"),  # 3 bad type
        contact_row("P1", type_="person", company="NOWHERE"),  # 4 missing company
        contact_row("P2", type_="person", company="DBP"),  # 5 a stored person, not a company
        contact_row("C1"),  # 6 duplicate
        contact_row("C3", rest=",,,,,,,maybe,"),  # 7 bad boolean
        contact_row("C4", company="C1"),  # 8 a company pointing elsewhere
        contact_row("P3", type_="person", company="P3"),  # 9 its own company
        contact_row("P4", type_="person", salesperson="XX", name=""),  # 10 two problems
        contact_row("DBC", type_="person"),  # 11 fine, but no longer a company...
        contact_row("P5", type_="person", company="DBC"),  # 12 ... so this one is bad
        contact_row("P6", type_="persn", company="C1"),  # 13 only the type is reported
        contact_row("C5", rest="no-at-sign,,,,,,,,"),  # 14 bad e-mail
        existing={"DBP": stored_person, "DBC": stored_company},
    )
    assert where(parsed.problems) == [
        (3, "type"),
        (4, "company_no"),
        (5, "company_no"),
        (6, "no"),
        (7, "exclude_from_segment"),
        (8, "company_no"),
        (9, "company_no"),
        (10, "name"),
        (10, "salesperson_code"),
        (12, "company_no"),
        (13, "type"),
        (14, "email"),
    ]
    assert problem_message(parsed.problems[0]) == "“firm” is not company or person"
    assert "NOWHERE does not exist" in problem_message(parsed.problems[1])
    assert "yes/no" in problem_message(parsed.problems[4])
    assert problem_message(parsed.problems[8]) == "salesperson XX does not exist"
    assert [c.no for c in parsed.items] == ["C1", "DBC"]


def test_empty_numbers_come_from_the_series_skipping_numbers_in_the_file() -> None:
    series = NumberSeries("CONT", "CT", 6, next_no=1)
    parsed = parse(
        contact_row("", name="New company"),
        contact_row("CT000002", name="Explicit"),
        contact_row("", name="New person", type_="person", company="CT000002"),
        series=series,
    )
    assert parsed.problems == []
    assert [(c.no, c.company_no) for c in parsed.items] == [
        ("CT000001", "CT000001"),
        ("CT000002", "CT000002"),
        ("CT000003", "CT000002"),
    ]
    assert parsed.numbered == {"CT000001": 2, "CT000003": 4}
    assert series.next_no == 4


def test_empty_number_without_a_series_is_a_problem() -> None:
    parsed = parse(contact_row("", name="New"), contact_row("C1"))
    assert where(parsed.problems) == [(2, "no")]


def test_existing_contact_keeps_its_language() -> None:
    stored = Contact("C1", "Old name", language_code="cs")
    parsed = parse(contact_row("C1", name="New name"), existing={"C1": stored})
    assert parsed.items[0].language_code == "cs"
    assert parsed.items[0].name == "New name"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("Yes", True), ("1", True), ("", False), ("no", False), ("0", False)],
)
def test_booleans(text: str, expected: bool) -> None:
    parsed = parse(contact_row("C1", rest=f",,,,,,,{text},{text}"))
    assert parsed.problems == []
    assert parsed.items[0].exclude_from_segment is expected
    assert parsed.items[0].privacy_blocked is expected


def test_references_and_numbering_need() -> None:
    data = rows(C, contact_row("c1"), contact_row("", type_="person", company="c1 "))
    assert contact_rows.contact_references(data) == {"C1"}
    assert contact_rows.needs_numbers(data)
    assert not contact_rows.needs_numbers(rows(C, contact_row("C1")))


def test_numbers_already_taken_in_the_database() -> None:
    problems = contact_rows.used_numbers_problems({"CT1": 3, "CT2": 2}, {"CT1"})
    assert where(problems) == [(3, "no")]
    assert "CT1" in problem_message(problems[0])


def test_twenty_thousand_rows_are_checked_quickly() -> None:
    data = rows(C, *(contact_row(f"C{i}", name=f"Company {i}") for i in range(20_000)))
    started = time.perf_counter()
    parsed = contact_rows.parse_contacts(data, salesperson_codes=(), existing={}, next_number=None)
    assert len(parsed.items) == 20_000 and parsed.problems == []
    assert time.perf_counter() - started < 3


def test_business_relations_are_lower_case_and_split_on_commas_too() -> None:
    """As the segment criteria compare them: relation=Customer finds "customer"."""
    row = dict.fromkeys(importing.COLUMNS[C], "")
    row.update(no="CT1", name="Firma", type="company", business_relations="Customer, VENDOR;")
    parsed = contact_rows.parse_contacts(
        numbered([row]), salesperson_codes=frozenset(), existing={}, next_number=None
    )
    assert parsed.items[0].business_relations == {"customer", "vendor"}
    assert parse_criteria("relation=Customer").criteria.business_relation == "customer"


def test_templates_take_their_suggested_next_step_from_the_optional_columns() -> None:
    header = [*importing.COLUMNS["templates"], "next_template_code", "next_in_days"]
    assert check_header("templates", header).ok
    lines = [
        "VISIT,MEETING,Visit,40,60,outbound,us,call-out,3",
        "CALL-OUT,PHONE,Call,2,5,outbound,us,,",
        "MAIL,PHONE,Mail,0,0,,,NOPE,0",
        "FAX,PHONE,Fax,0,0,,,VISIT,abc",
    ]
    parsed = importing.parse_templates(
        numbered([dict(zip(header, line.split(","), strict=True)) for line in lines]),
        group_codes={"PHONE", "MEETING"},
    )
    assert where(parsed.problems) == [
        (4, "next_template_code"),
        (4, "next_in_days"),
        (5, "next_in_days"),
    ]
    assert problem_message(parsed.problems[0]) == "interaction template NOPE does not exist"
    visit, call = parsed.items
    assert (visit.next_template_code, visit.next_in_days) == ("CALL-OUT", 3)
    assert (call.next_template_code, call.next_in_days) == ("", None)


def test_a_file_without_the_next_step_columns_keeps_the_stored_one() -> None:
    stored = InteractionTemplate("VISIT", "MEETING", next_template_code="CALL", next_in_days=2)
    parsed = importing.parse_templates(
        rows("templates", "VISIT,MEETING,Visit,40,60,outbound,us"),
        group_codes={"MEETING"},
        existing={"VISIT": stored},
    )
    [visit] = parsed.items
    assert (visit.next_template_code, visit.next_in_days) == ("CALL", 2)


def test_contacts_checked_a_chunk_at_a_time_as_all_at_once() -> None:
    """The file's index answers for the rows outside the chunk: a person's company later in
    the file, a number given twice (named with its first line), numbers the series skips."""
    data = rows(
        C,
        contact_row("P1", name="Early person", type_="person", company="LATE"),
        contact_row("", name="Numbered"),
        contact_row("DUP", name="First"),
        contact_row("CT000002", name="Taken by the file"),
        contact_row("P2", name="Orphan", type_="person", company="NOWHERE"),
        contact_row("DUP", name="Again"),
        contact_row("LATE", name="Late company"),
        contact_row("", name="Numbered too", type_="person", company="LATE"),
    )
    whole = contact_rows.parse_contacts(
        data,
        salesperson_codes=(),
        existing={},
        next_number=NumberSeries("CONT", "CT", 6, next_no=1).take,
    )
    index = contact_rows.FileIndex.of(data)
    checker = contact_rows.ContactChecker(
        index, next_number=NumberSeries("CONT", "CT", 6, next_no=1).take
    )
    items: list[Contact] = []
    problems = []
    for start in range(0, len(data), 2):
        part = checker.check(data[start : start + 2], salesperson_codes=(), existing={})
        items += part.items
        problems += part.problems
    assert (items, problems) == (whole.items, whole.problems)
    assert [problem_text(p) for p in problems] == [
        "line 6, column company_no: company NOWHERE does not exist (neither stored nor in "
        "this file)",
        "line 7, column no: DUP appears more than once (first on line 4)",
    ]
    assert [c.no for c in items if c.name.startswith("Numbered")] == ["CT000001", "CT000003"]
    assert "LATE" in index and index.is_company("LATE") and "P9" not in index
