"""The real `interlog` console script, as a subprocess, on SQLite and on PostgreSQL.

Each process start costs about a second, so independent commands of one test run
concurrently (asyncio.gather); the row-by-row rules are unit-tested in test_importing.py.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from domain.importing import COLUMNS
from domain.model import (
    ContactType,
    InteractionGroup,
    MarketingSetup,
    NumberSeries,
    Salesperson,
)
from domain.text import normalize
from storage import current_revision, make_engine
from storage.schema import head_revision
from tests.cli.conftest import Interlog, Result, UowFactory, assert_ok, run_interlog
from tests.seed import seed

WriteCsv = Callable[[str, Sequence[Sequence[str]]], Path]

SALESPEOPLE = [
    ["code", "name", "email"],
    ["jn", "Jana Nováková", "jana@example.com"],
    ["PK", "Petr Král", ""],
]
GROUPS = [["description", "code"], ["Phone calls", "PHONE"], ["Visits", "VISIT"]]
TEMPLATES = [
    list(COLUMNS["templates"]),
    ["CALL-OUT", "PHONE", "Outgoing call", "2.50", "5", "outbound", "us"],
    ["VISIT", "visit", "Customer visit", "40", "60 min", "", ""],
]


def contact(no: str, name: str, type_: str = "company", company: str = "", **kw: str) -> list[str]:
    values = {"no": no, "name": name, "type": type_, "company_no": company, **kw}
    return [values.get(column, "") for column in COLUMNS["contacts"]]


CONTACTS = [
    list(COLUMNS["contacts"]),
    contact("CT000001", "Škoda Díly a.s.", salesperson_code="JN", city="Mladá Boleslav",
            country="cz", business_relations="customer;vendor"),
    contact("CT000002", "Jan Novák", "person", "CT000003", exclude_from_segment="yes"),
    contact("CT000003", "Brno Ocel", privacy_blocked="1"),
]  # fmt: skip


async def test_import_every_kind_then_reimport_updates(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv
) -> None:
    people, groups = await asyncio.gather(
        interlog("import", "salespeople", str(write_csv("sp.csv", SALESPEOPLE))),
        interlog("import", "groups", str(write_csv("groups.csv", GROUPS))),
    )
    assert_ok(people, "Imported 2 salespeople (2 new, 0 updated).")
    assert_ok(groups, "Imported 2 interaction groups (2 new, 0 updated).")
    templates, contacts = await asyncio.gather(
        interlog("import", "templates", str(write_csv("templates.csv", TEMPLATES))),
        interlog("import", "contacts", str(write_csv("contacts.csv", CONTACTS))),
    )
    assert_ok(templates, "Imported 2 interaction templates (2 new, 0 updated).")
    assert_ok(contacts, "Imported 3 contacts (3 new, 0 updated).")

    async with uow_factory() as uow:
        assert [s.code for s in await uow.salespeople.list()] == ["JN", "PK"]
        assert [g.code for g in await uow.groups.list()] == ["PHONE", "VISIT"]
        visit = await uow.templates.get("VISIT")
        assert visit is not None
        assert (visit.group_code, visit.unit_cost, visit.unit_duration) == (
            "VISIT",
            Decimal(40),
            60,
        )
        skoda = await uow.contacts.get("CT000001")
        novak = await uow.contacts.get("CT000002")
        ocel = await uow.contacts.get("CT000003")
        assert skoda is not None and novak is not None and ocel is not None
        assert skoda.business_relations == {"customer", "vendor"} and skoda.country == "CZ"
        assert (novak.type, novak.company_no, novak.company_name) == (
            ContactType.PERSON,
            "CT000003",
            "Brno Ocel",
        )
        assert novak.exclude_from_segment and ocel.privacy_blocked
        await uow.setup.save(MarketingSetup(contact_nos="CONT"))
        await uow.setup.save_series(NumberSeries("CONT", "CT", 6, next_no=10))
        await uow.commit()

    updated_contacts = [
        CONTACTS[0],
        contact("CT000001", "Škoda Díly a.s. (new name)"),
        contact("", "Eva Dvořáková", "person", "CT000001"),  # numbered from Contact Nos.
    ]
    updated_people = [SALESPEOPLE[0], ["PK", "Petr Král Jr.", "petr@example.com"]]
    contacts, people = await asyncio.gather(
        interlog("import", "contacts", str(write_csv("contacts2.csv", updated_contacts))),
        interlog("import", "salespeople", str(write_csv("sp2.csv", updated_people))),
    )
    assert_ok(people, "Imported 1 salesperson (0 new, 1 updated).")
    assert_ok(contacts, "Imported 2 contacts (1 new, 1 updated).")

    async with uow_factory() as uow:
        assert await uow.salespeople.get("PK") == Salesperson(
            "PK", "Petr Král Jr.", "petr@example.com"
        )
        skoda = await uow.contacts.get("CT000001")
        eva = await uow.contacts.get("CT000010")
        assert skoda is not None and skoda.name == "Škoda Díly a.s. (new name)"
        assert skoda.city == "" and skoda.business_relations == frozenset()
        assert eva is not None and (eva.name, eva.company_no) == ("Eva Dvořáková", "CT000001")
        series = await uow.setup.series("CONT")
        assert series is not None and series.next_no == 11
        assert await uow.contacts.count() == 4


async def test_refused_files_import_nothing(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv
) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("JN", "Jana"))
        await uow.groups.save(InteractionGroup("PHONE"))
        await uow.commit()
    bad_templates = [
        TEMPLATES[0],
        ["GOOD", "PHONE", "Fine", "1", "1", "", ""],
        ["LETTERS", "PHONE", "Letters in cost", "12a", "5", "", ""],
        ["NEG", "PHONE", "Negative duration", "1", "-5", "", ""],
        ["NOGROUP", "NOPE", "Unknown group", "1", "1", "", ""],
        ["good", "PHONE", "Duplicate code", "1", "1", "", ""],
    ]
    bad_contacts = [
        CONTACTS[0],
        contact("C1", "Fine"),
        contact("C2", "Bad type", "firm"),
        contact("C3", "Bad boolean", privacy_blocked="maybe"),
        contact("P1", "No company", "person", "NOWHERE"),
        contact("C1", "Duplicate"),
        contact("C4", "Unknown salesperson", salesperson_code="XX"),
    ]
    templates, contacts = await asyncio.gather(
        interlog("import", "templates", str(write_csv("t.csv", bad_templates))),
        interlog("import", "contacts", str(write_csv("c.csv", bad_contacts))),
    )

    assert (templates.code, templates.stdout) == (1, "")
    assert templates.stderr.splitlines()[:-1] == [
        "line 3, column unit_cost: “12a” is not an amount (use a number such as 12.50)",
        "line 4, column unit_duration: must not be negative",
        "line 5, column group_code: interaction group NOPE does not exist",
        "line 6, column code: GOOD appears more than once (first on line 2)",
    ]
    assert "4 bad rows out of 5. Nothing was imported." in templates.stderr

    assert (contacts.code, contacts.stdout) == (1, "")
    assert [line.split(":")[0] for line in contacts.stderr.splitlines()[:-1]] == [
        "line 3, column type",
        "line 4, column privacy_blocked",
        "line 5, column company_no",
        "line 6, column no",
        "line 7, column salesperson_code",
    ]

    async with uow_factory() as uow:
        assert [t.code for t in await uow.templates.list()] == []
        assert await uow.contacts.count() == 0


async def test_demo_data_twice_is_idempotent(interlog: Interlog, uow_factory: UowFactory) -> None:
    first = await interlog("demo-data")
    assert first.code == 0, first
    assert "3 salespeople, 5 interaction groups" in first.stdout
    assert "open segment S00001 with 6 contacts" in first.stdout
    assert "Now add yourself: interlog users add --telegram-id <your id> --salesperson JN" in (
        first.stdout
    )
    async with uow_factory() as uow:
        contacts = await uow.contacts.count()
    second = await interlog("demo-data")
    assert_ok(second, "Demo data is already loaded.")

    async with uow_factory() as uow:
        assert await uow.contacts.count() == contacts == 28
        assert [s.code for s in await uow.salespeople.list()] == ["AS", "JN", "PK"]
        assert [g.code for g in await uow.groups.list()] == [
            "EMAIL", "LETTER", "MEETING", "PHONE", "VISIT",
        ]  # fmt: skip
        assert [s.no for s in await uow.segments.list()] == ["S00001"]
        assert len(await uow.segments.lines("S00001")) == 6
        found = await uow.contacts.search(normalize("novak"), limit=10)
        assert "Jan Novák" in [c.name for c in found]
        jan = next(c for c in found if c.name == "Jan Novák")
        assert jan.company_name == "Škoda Díly a.s."
        matches = await uow.contacts.search(normalize("Žluťoučký"), limit=10)
        assert [c.name for c in matches] == ["Žluťoučký kůň s.r.o."]


@pytest.mark.parametrize("command", [["demo-data"], ["export", "interactions"]])
async def test_a_reader_gone_ends_the_output_quietly(
    database_url: str, uow_factory: UowFactory, tmp_path: Path, command: list[str]
) -> None:
    """`interlog demo-data | head`: a reader that stopped reading is no error."""
    read, write = os.pipe()
    os.close(read)  # gone before anything was written: no race with the writer
    try:
        result = await run_interlog(*command, database_url=database_url, cwd=tmp_path, stdout=write)
    finally:
        os.close(write)
    assert (result.code, result.stderr) == (0, "")


async def test_unmigrated_database_is_refused_until_upgraded(
    blank_database_url: str, tmp_path: Path
) -> None:
    url = blank_database_url
    if url.startswith("sqlite"):
        empty = tmp_path / "empty.db"
        sqlite3.connect(empty).close()  # a SQLite file, but no schema
        url = f"sqlite+aiosqlite:///{empty}"
    data = tmp_path / "groups.csv"
    data.write_text("code,description\nPHONE,Phone\n", encoding="utf-8")

    refused = await run_interlog("import", "groups", str(data), database_url=url, cwd=tmp_path)
    assert refused == Result(
        3, "", "interlog: The database schema is out of date. Run `interlog db upgrade`.\n"
    )
    upgraded = await run_interlog("db", "upgrade", database_url=url, cwd=tmp_path)
    assert_ok(upgraded, f"Database is up to date (revision {head_revision()}).")
    engine = make_engine(url)
    try:
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()


async def test_invalid_database_url_names_the_setting(tmp_path: Path) -> None:
    result = await run_interlog("users", "list", database_url="mysql://x", cwd=tmp_path)
    assert result.code == 2
    assert "DATABASE_URL" in result.stderr
    assert result.stdout == ""


async def test_demo_data_refuses_a_database_with_contacts(
    interlog: Interlog, uow_factory: UowFactory
) -> None:
    """Its contacts are numbered from the series, which numbers imported as they are may
    already use: they would be overwritten."""
    async with uow_factory() as uow:
        await seed(uow)
        await uow.commit()
        before = await uow.contacts.count()
    refused = await interlog("demo-data")
    assert refused.code == 1 and "already holds 6 contacts" in refused.stderr, refused
    async with uow_factory() as uow:
        assert await uow.contacts.count() == before
        assert (await uow.contacts.get("CT000001")) is not None


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # a trigger fails
async def test_a_database_failure_during_an_import_is_explained(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv
) -> None:
    async with uow_factory() as uow:
        await seed(uow)
        await uow.commit()
    failing = (
        "CREATE FUNCTION interlog_disk_full() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$",
        "CREATE TRIGGER interlog_disk_full BEFORE INSERT ON contact"
        " FOR EACH STATEMENT EXECUTE FUNCTION interlog_disk_full()",
    )
    async with uow_factory() as uow:
        for statement in failing:
            await uow.connection.exec_driver_sql(statement)
        await uow.commit()
    try:
        result = await interlog("import", "contacts", str(write_csv("c.csv", CONTACTS)))
    finally:
        async with uow_factory() as uow:
            await uow.connection.exec_driver_sql("DROP FUNCTION interlog_disk_full() CASCADE")
            await uow.commit()
    assert result.code == 1, result
    assert "No space left on device" in result.stderr and "Nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr


async def test_a_company_with_persons_cannot_become_a_person(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv
) -> None:
    header = list(COLUMNS["contacts"])
    assert (await interlog("import", "salespeople", str(write_csv("s.csv", SALESPEOPLE)))).code == 0
    assert (await interlog("import", "contacts", str(write_csv("c.csv", CONTACTS)))).code == 0
    turned = [header, contact("CT000003", "Brno Ocel", "person", "CT000001")]
    refused = await interlog("import", "contacts", str(write_csv("t.csv", turned)))
    assert refused.code == 1, refused
    assert "CT000003 is the company of 1 stored person (CT000002)" in refused.stderr
    moved = [*turned, contact("CT000002", "Jan Novák", "person", "CT000001")]
    assert (await interlog("import", "contacts", str(write_csv("m.csv", moved)))).code == 0
    async with uow_factory() as uow:
        former = await uow.contacts.get("CT000003")
    assert former is not None and former.type.value == "person"


async def test_number_series_are_set_from_the_command_line(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv
) -> None:
    async with uow_factory() as uow:
        await seed(uow)  # contacts up to CT000006, series CONT at 7
        await uow.commit()
    taken = await interlog("series", "set", "contacts", "--prefix", "CT", "--width", "6")
    assert taken.code == 1 and "CT000001 is taken already" in taken.stderr
    bad = await interlog("series", "set", "contacts", "--prefix", "CT", "--width", "0")
    assert bad.code == 2 and "--width" in bad.stderr
    assert_ok(
        await interlog(
            "series", "set", "contacts", "--code", "kontakt", "--prefix", "K", "--width", "4"
        ),
        "New contacts are numbered from series KONTAKT: next K0001.",
    )
    unnumbered = [list(COLUMNS["contacts"]), contact("", "Nová firma")]
    assert (await interlog("import", "contacts", str(write_csv("n.csv", unnumbered)))).code == 0
    assert_ok(
        await interlog("series", "list"),
        "contacts: KONTAKT, next K0002\nsegments: SEGM, next S00001\ntodos: TODO, next TD000001",
    )
