"""`interlog export interactions`, as a subprocess, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from domain.access import OPERATOR
from domain.model import Contact
from domain.services import todos as todo_svc
from tests.cli.conftest import Interlog, UowFactory, assert_ok
from tests.seed import seed
from tests.storage.builders import entry


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_export_interactions(
    interlog: Interlog, uow_factory: UowFactory, tmp_path: Path
) -> None:
    day = dt.date(2026, 3, 10)
    async with uow_factory() as uow:
        await seed(uow)
        for contact_no, date, salesperson, extra in [
            ("CT000002", day, "JN", {}),
            ("CT000003", day + dt.timedelta(days=1), "PK", {}),
            ("CT000002", day + dt.timedelta(days=2), "JN", {"postponed": True}),
            ("CT000002", day + dt.timedelta(days=30), "JN", {"canceled": True}),
        ]:
            await uow.entries.add(
                entry(
                    contact_no,
                    contact_company_no="CT000001",
                    date=date,
                    time=dt.time(9, 5),
                    salesperson_code=salesperson,
                    cost=Decimal(2),
                    **extra,
                )
            )
        await uow.commit()
    output = tmp_path / "out.csv"
    filtered, everything = await asyncio.gather(
        interlog(
            "export", "interactions", "--output", str(output),
            "--from", "2026-03-01", "--to", "2026-03-31", "--salesperson", "jn",
        ),
        interlog("export", "interactions", "--include-postponed"),
    )  # fmt: skip
    # Entry 2 is PK's, entry 3 is postponed, entry 4 is in April: only entry 1 is left.
    assert_ok(filtered, f"Exported 1 interaction to {output}.")
    text = output.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "entry_no,date,time,contact_no,contact_name,contact_company_no,template_code,"
        "group_code,description,cost,duration,information_flow,initiated_by,evaluation,"
        "attempt_failed,salesperson_code,segment_no,logged_segment_entry_no,canceled,postponed"
    )
    assert text.splitlines()[1] == (
        "1,2026-03-10,09:05,CT000002,Jan Novák,CT000001,CALL,PHONE,Call,2.00,5,,,,"
        "false,JN,,,false,false"
    )
    assert len(text.splitlines()) == 2

    assert everything.code == 0 and everything.stderr == ""
    rows = parse_csv(everything.stdout)
    assert [(r["entry_no"], r["postponed"], r["canceled"]) for r in rows] == [
        ("1", "false", "false"),
        ("2", "false", "false"),
        ("3", "true", "false"),
        ("4", "false", "true"),
    ]
    assert rows[1]["contact_name"] == "Eva Nováková"


async def test_export_stays_text_in_a_spreadsheet_and_names_an_unknown_salesperson(
    interlog: Interlog, uow_factory: UowFactory, tmp_path: Path
) -> None:
    async with uow_factory() as uow:
        await seed(uow)
        await uow.entries.add(
            entry("CT000002", contact_company_no="CT000001", description='=HYPERLINK("x")')
        )
        await uow.commit()
    output = tmp_path / "out.csv"
    assert (await interlog("export", "interactions", "--output", str(output))).code == 0
    with output.open(encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert row["description"] == '\'=HYPERLINK("x")'  # text, not a formula
    excel = tmp_path / "excel.csv"
    assert (await interlog("export", "interactions", "--excel", "-o", str(excel))).code == 0
    data = excel.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfentry_no;date;time;")  # a BOM, semicolons
    unknown = await interlog("export", "interactions", "--salesperson", "nobody")
    assert unknown.code == 1 and "salesperson NOBODY does not exist" in unknown.stderr


async def test_every_text_column_stays_text_in_a_spreadsheet(
    interlog: Interlog, uow_factory: UowFactory, tmp_path: Path
) -> None:
    """Codes stored before the import refused formula-like ones (or numbered from a series
    with such a prefix) are escaped like descriptions."""
    async with uow_factory() as uow:
        await uow.contacts.save_many([Contact(no="=CMD", name="@SUM(1+1)", company_no="=CMD")])
        await uow.entries.add(
            entry(
                "=CMD",
                template_code="-T",
                group_code="+G",
                salesperson_code="@SP",
                segment_no="=S1",
                description="\t=1+1",
            )
        )
        await uow.commit()
    output = tmp_path / "out.csv"
    assert (await interlog("export", "interactions", "--output", str(output))).code == 0
    with output.open(encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    texts = ("contact_no", "contact_name", "contact_company_no", "template_code", "group_code",
             "description", "salesperson_code", "segment_no")  # fmt: skip
    assert {c: row[c] for c in texts} == {
        "contact_no": "'=CMD",
        "contact_name": "'@SUM(1+1)",
        "contact_company_no": "'=CMD",
        "template_code": "'-T",
        "group_code": "'+G",
        "description": "'\t=1+1",
        "salesperson_code": "'@SP",
        "segment_no": "'=S1",
    }


async def test_export_todos(interlog: Interlog, uow_factory: UowFactory, tmp_path: Path) -> None:
    async with uow_factory() as uow:
        await seed(uow)
        for contact, time in (("CT000002", dt.time(9, 30)), ("CT000001", None)):
            await todo_svc.add_todo(
                uow,
                user=OPERATOR,
                contact_no=contact,
                salesperson_code="JN",
                template_code="CALL-OUT",
                description="=call back",
                date=dt.date(2026, 12, 3),
                time=time,
                agenda_time=dt.time(8, 0),
            )
        await todo_svc.cancel(uow, user=OPERATOR, no="TD000002")
        await uow.commit()
    output = tmp_path / "todos.csv"
    to_file, to_stdout = await asyncio.gather(
        interlog("export", "todos", "--output", str(output)), interlog("export", "todos")
    )
    assert_ok(to_file, f"Exported 2 to-dos to {output}.")
    text = output.read_text(encoding="utf-8")
    assert text == to_stdout.stdout
    assert text.splitlines() == [
        "no,date,time,contact_no,contact_name,salesperson_code,type,template_code,description,"
        "status,created_by_entry_no,closed_by_entry_no",
        "TD000001,2026-12-03,09:30,CT000002,Jan Novák,JN,other,CALL-OUT,'=call back,open,,",
        "TD000002,2026-12-03,,CT000001,Alza s.r.o.,JN,other,CALL-OUT,'=call back,canceled,,",
    ]
