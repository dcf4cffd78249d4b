"""What an imported file may hold: junk characters are cleaned as typed text is, codes a
spreadsheet would take for a formula are refused. The real `interlog` process, on SQLite
and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

from domain.importing import COLUMNS
from domain.model import InteractionGroup, Salesperson
from tests.cli.conftest import Interlog, UowFactory, assert_ok

WriteCsv = Callable[[str, Sequence[Sequence[str]]], Path]


def contact(no: str, name: str, **values: str) -> list[str]:
    row = {"no": no, "name": name, "type": "company", **values}
    return [row.get(column, "") for column in COLUMNS["contacts"]]


async def test_control_bidi_and_zero_width_characters_are_dropped(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv
) -> None:
    """PostgreSQL refuses NUL outright: the same file imports on both databases, clean."""
    salespeople = [["code", "name", "email"], ["j\u200bn", "Jana\x00 Nov\u200báková", ""]]
    people = await interlog("import", "salespeople", str(write_csv("s.csv", salespeople)))
    assert_ok(people, "Imported 1 salesperson (1 new, 0 updated).")
    contacts = [
        list(COLUMNS["contacts"]),
        contact(
            "CT\u200b01",
            "Alza\u202e s.r.o.\x1b",
            salesperson_code="JN\ufeff",
            city="Pra\x00ha",
            business_relations="cust\u200bomer",
        ),
        contact("CT02", "\u2066Brno\u2069 Ocel", company_no="ct\u200d02"),
    ]
    imported = await interlog("import", "contacts", str(write_csv("c.csv", contacts)))
    assert_ok(imported, "Imported 2 contacts (2 new, 0 updated).")
    async with uow_factory() as uow:
        assert await uow.salespeople.list() == [Salesperson("JN", "Jana Nováková")]
        alza, brno = await uow.contacts.get("CT01"), await uow.contacts.get("CT02")
    assert alza is not None and brno is not None
    assert (alza.name, alza.salesperson_code, alza.city) == ("Alza s.r.o.", "JN", "Praha")
    assert alza.business_relations == frozenset({"customer"})
    assert (brno.name, brno.company_no) == ("Brno Ocel", "CT02")


async def test_codes_a_spreadsheet_would_take_for_formulas_are_refused(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv
) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("JN", "Jana"))
        await uow.groups.save(InteractionGroup("PHONE"))
        await uow.commit()
    salespeople = [["code", "name", "email"], ["@SUM(A1)", "Eve", ""], ["OK", "Fine", ""]]
    groups = [["code", "description"], ["+G", "Plus"]]
    templates = [
        list(COLUMNS["templates"]),
        ["-T", "PHONE", "Minus", "", "", "", ""],
        ["T2", "=G", "Formula group", "", "", "", ""],
    ]
    contacts = [
        list(COLUMNS["contacts"]),
        contact("=1+1", "Formula"),
        contact("C2", "Formula company", company_no="@C2"),
        contact("C3", "Formula salesperson", salesperson_code="=JN"),
        contact("C4", "Formula relation", business_relations="customer;=cmd"),
    ]
    results = await asyncio.gather(
        interlog("import", "salespeople", str(write_csv("s.csv", salespeople))),
        interlog("import", "groups", str(write_csv("g.csv", groups))),
        interlog("import", "templates", str(write_csv("t.csv", templates))),
        interlog("import", "contacts", str(write_csv("c.csv", contacts))),
    )
    problems = [r.stderr.splitlines()[:-1] for r in results]
    assert [r.code for r in results] == [1, 1, 1, 1], results
    formula = "must not start with =, +, - or @ (a spreadsheet would take it for a formula)"
    assert problems == [
        [f"line 2, column code: “@SUM(A1)” {formula}"],
        [f"line 2, column code: “+G” {formula}"],
        [f"line 2, column code: “-T” {formula}", f"line 3, column group_code: “=G” {formula}"],
        [
            f"line 2, column no: “=1+1” {formula}",
            f"line 3, column company_no: “@C2” {formula}",
            f"line 4, column salesperson_code: “=JN” {formula}",
            f"line 5, column business_relations: “=cmd” {formula}",
        ],
    ]
    async with uow_factory() as uow:
        assert [s.code for s in await uow.salespeople.list()] == ["JN"]
        assert [g.code for g in await uow.groups.list()] == ["PHONE"]
        assert await uow.templates.list() == []
        assert await uow.contacts.count() == 0
