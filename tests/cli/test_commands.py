"""The commands in-process (cli.main.main in a worker thread), on SQLite and on PostgreSQL:
the cases too many to pay a process start each. Output is captured with capsys."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cli.csv_import import Progress
from cli.main import main
from domain.access import OPERATOR
from domain.csv_rows import NumberedRow, Problem, column_name
from domain.csv_source import CsvFileError, read_rows
from domain.importing import COLUMNS
from domain.model import (
    Contact,
    ContactCriteria,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    User,
)
from domain.services.segments import add_contacts, create_segment
from storage.schema import head_revision
from tests.cli.conftest import Main, Result, UowFactory

CONTACT_HEADER = ",".join(COLUMNS["contacts"]) + "\n"


async def test_users(interlog_main: Main, uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("JN", "Jana Nováková"))
        await uow.salespeople.save(Salesperson("XB", "Blocked", blocked=True))
        await uow.users.save(User(5, "JN", language_code="cs"))
        await uow.commit()

    listing = await interlog_main("users", "list")
    assert listing.stdout.splitlines()[1].split() == ["5", "JN", "Jana", "Nováková", "no"]

    updated = await interlog_main("users", "add", "--telegram-id", "5", "--salesperson", "JN",
                                  "--admin")  # fmt: skip
    assert updated == Result(0, "Updated Telegram user 5 as Jana Nováková (JN), admin.\n", "")
    blocked = await interlog_main("users", "add", "--telegram-id", "6", "--salesperson", "XB")
    assert blocked == Result(1, "", "interlog: salesperson XB is blocked.\n")
    zero = await interlog_main("users", "add", "--telegram-id", "0", "--salesperson", "JN")
    assert zero.code == 2 and "positive" in zero.stderr
    unknown = await interlog_main("users", "add", "--telegram-id", "6", "--salesperson", "NOPE")
    assert unknown.code == 1
    assert unknown.stderr.startswith("interlog: salesperson NOPE does not exist (known: JN, XB).")
    async with uow_factory() as uow:
        assert await uow.users.list() == [User(5, "JN", is_admin=True, language_code="cs")]

    assert (await interlog_main("users", "remove", "--telegram-id", "5")).code == 0
    again = await interlog_main("users", "remove", "--telegram-id", "5")
    assert again == Result(1, "", "interlog: there is no user with Telegram ID 5.\n")
    empty = await interlog_main("users", "list")
    assert empty.stdout.startswith("No users yet.")


async def test_contact_numbers_already_taken_refuse_the_file(
    interlog_main: Main, uow_factory: UowFactory, tmp_path: Path
) -> None:
    async with uow_factory() as uow:
        await uow.contacts.save(Contact("CT000002", "Existing"))
        await uow.setup.save(MarketingSetup(contact_nos="CONT"))
        await uow.setup.save_series(NumberSeries("CONT", "CT", 6, next_no=1))
        await uow.commit()
    path = tmp_path / "contacts.csv"
    path.write_text(
        CONTACT_HEADER + ",First,company" + "," * 11 + "\n,Second,company" + "," * 11 + "\n"
    )

    result = await interlog_main("import", "contacts", str(path))
    assert result.code == 1
    assert "line 3, column no: the number series gave CT000002" in result.stderr
    async with uow_factory() as uow:
        assert await uow.contacts.count() == 1
        series = await uow.setup.series("CONT")
        assert series is not None and series.next_no == 1  # nothing taken


async def test_excel_style_file_and_unreadable_files(
    interlog_main: Main, uow_factory: UowFactory, tmp_path: Path
) -> None:
    excel = tmp_path / "excel.csv"
    excel.write_bytes("\ufeffCode;Description;Notes\r\nPHONE;Telefonáty;x\r\n".encode())
    result = await interlog_main("import", "groups", str(excel))
    assert result.stdout == "Imported 1 interaction group (1 new, 0 updated).\n"
    assert result.stderr == "interlog: ignoring unknown column(s): notes\n"

    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,description\nPHONE,Telefonáty\n".encode("cp1250"))
    result = await interlog_main("import", "groups", str(latin))
    assert result.code == 1
    assert "is not UTF-8 text (line 2" in result.stderr

    missing = await interlog_main("import", "groups", str(tmp_path / "nope.csv"))
    assert missing.code == 1 and "Cannot read" in missing.stderr

    header_only = tmp_path / "header.csv"
    header_only.write_text("code,description\n")
    result = await interlog_main("import", "groups", str(header_only))
    assert (result.code, result.stdout) == (0, f"{header_only} has no rows: nothing to import.\n")

    ragged = tmp_path / "ragged.csv"
    ragged.write_text("code,description\nA,1\nB\nC,3,extra\n")
    result = await interlog_main("import", "groups", str(ragged))
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        "line 3: has 1 value but the header has 2 columns",
        "line 4: has 3 values but the header has 2 columns",
    ]
    async with uow_factory() as uow:
        assert [g.description for g in await uow.groups.list()] == ["Telefonáty"]


async def test_refused_header_and_missing_series(
    interlog_main: Main, uow_factory: UowFactory, tmp_path: Path
) -> None:
    header = tmp_path / "header.csv"
    header.write_text("code,group_code,description\nA,PHONE,x\n")
    result = await interlog_main("import", "templates", str(header))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"interlog: {header}: the header lacks the column(s) unit_cost, unit_duration, "
        "information_flow, initiated_by (it names code, group_code, description). "
        "Nothing was imported.",
        "The header of a templates file is: "
        "code,group_code,description,unit_cost,unit_duration,information_flow,initiated_by",
    ]

    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACT_HEADER + ",No number,company" + "," * 11 + "\n")
    result = await interlog_main("import", "contacts", str(contacts))
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        "interlog: rows with an empty `no` need the number series Contact Nos. of the "
        "marketing setup, but series CONT does not exist. Create it with `interlog series set "
        "contacts --prefix CT --width 6` or fill in every contact number.",
        "line 2, column no: is empty and there is no number series to number it",
    ]
    async with uow_factory() as uow:
        assert await uow.templates.list() == []
        assert await uow.contacts.count() == 0


async def test_export_refusals(interlog_main: Main, tmp_path: Path) -> None:
    bad_date = await interlog_main("export", "interactions", "--from", "10.3.2026")
    assert bad_date == Result(
        2, "", "interlog: --from: “10.3.2026” is not a date; use YYYY-MM-DD.\n"
    )
    reversed_range = await interlog_main(
        "export", "interactions", "--from", "2026-02-01", "--to", "2026-01-01"
    )
    assert reversed_range.code == 2
    assert "--from 2026-02-01 is after --to 2026-01-01" in reversed_range.stderr
    unwritable = await interlog_main(
        "export", "interactions", "--output", str(tmp_path / "no" / "such" / "dir.csv")
    )
    assert unwritable.code == 1 and "cannot write" in unwritable.stderr


def read_csv(path: Path) -> tuple[list[str], list[NumberedRow], list[Problem]]:
    """The header, the rows and the rows' problems, read as the import streams them."""
    with path.open("rb") as stream:
        read = read_rows(stream)
        items = list(read.rows)
    rows = [item for item in items if not isinstance(item, Problem)]
    return read.header, rows, [item for item in items if isinstance(item, Problem)]


def test_line_numbers_follow_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text('code,description\n\nA,"two\nlines"\n\nB,x\n', encoding="utf-8")
    _header, rows, _problems = read_csv(path)
    assert [line for line, _row in rows] == [3, 6]
    assert rows[0][1] == {"code": "A", "description": "two\nlines"}


def test_missing_sqlite_file_is_refused_without_creating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "folder" / "interlog.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.chdir(tmp_path)
    assert main(["users", "list"]) == 3
    error = capsys.readouterr().err
    assert f"No database at {path}" in error and "Run `interlog db upgrade`" in error
    assert not path.parent.exists()

    assert main(["db", "upgrade"]) == 0  # creates the folder
    assert capsys.readouterr().out == f"Database is up to date (revision {head_revision()}).\n"
    assert main(["users", "list"]) == 0
    assert path.exists()


def test_progress_only_for_long_imports_or_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet, terminal, long = io.StringIO(), Terminal(), io.StringIO()
    Progress(quiet, kind="contacts").saved(5, 5)
    Progress(terminal, kind="contacts").saved(1, 1)
    Progress(long, kind="contacts").saved(10_000, 20_000)
    assert quiet.getvalue() == ""
    assert terminal.getvalue() == "  saved 1 of 1 contact\n"
    assert long.getvalue() == "  saved 10,000 of 20,000 contacts\n"


def test_what_excel_writes_is_read(tmp_path: Path) -> None:
    """A blank first line, a comma inside a header cell of a semicolon file, and the empty
    cells after the last column."""
    path = tmp_path / "excel.csv"
    path.write_text('\ncode;"name, full";;\nA;Anna;;\n', encoding="utf-8")
    header, rows, problems = read_csv(path)
    assert header == ["code", "name, full"] and not problems
    assert rows == [(3, {"code": "A", column_name("name, full"): "Anna"})]


def test_an_unclosed_quote_is_reported_where_its_row_begins(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('code,name\n"A,never closed\n' + "B,x\n" * 50, encoding="utf-8")
    with pytest.raises(CsvFileError) as refused:
        read_csv(path)
    assert refused.value.key == "import_not_csv" and refused.value.params["line"] == 2


async def test_segments_assign(interlog_main: Main, uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("JN", "Jana Nováková"))
        await uow.salespeople.save(Salesperson("XB", "Blocked", blocked=True))
        await uow.contacts.save(Contact("CT000001", "Alza s.r.o.", city="Praha"))
        await uow.setup.save(MarketingSetup(segment_nos="SEGM"))
        await uow.setup.save_series(NumberSeries("SEGM", "S", 5, 1))
        segment = await create_segment(uow, user=OPERATOR, description="Calls")
        await add_contacts(
            uow, user=OPERATOR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        await uow.commit()

    given = await interlog_main("segments", "assign", "S00001", "JN")
    assert given == Result(0, "Segment S00001 is salesperson JN's now, with its 1 line.\n", "")
    async with uow_factory() as uow:
        stored = await uow.segments.get("S00001")
        lines = await uow.segments.lines("S00001")
    assert stored is not None and stored.salesperson_code == "JN"
    assert [ln.salesperson_code for ln in lines] == ["JN"]

    nobody = await interlog_main("segments", "assign", "S00001", "--nobody")
    assert nobody.code == 0 and "nobody's (whoever logs it)" in nobody.stdout
    blocked = await interlog_main("segments", "assign", "S00001", "XB")
    assert blocked == Result(
        1, "", "interlog: salesperson XB is blocked: a segment cannot be given to them.\n"
    )
    missing = await interlog_main("segments", "assign", "S00009", "JN")
    assert missing.code == 1 and "segment S00009 does not exist" in missing.stderr
    neither = await interlog_main("segments", "assign", "S00001")
    assert neither.code == 2 and "--nobody" in neither.stderr
