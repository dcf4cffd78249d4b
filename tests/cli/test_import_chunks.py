"""A contact import is written in chunks, each committed on its own (so that the bot is not
held up for seconds), and still writes all of the file or nothing: when it fails halfway,
and when it is killed halfway. The real `interlog` process, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from cli.csv_import import SAVE_CHUNK
from domain.importing import COLUMNS
from domain.model import (
    Contact,
    ContactCriteria,
    InteractionGroup,
    InteractionTemplate,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    Segment,
    SegmentLine,
    User,
)
from domain.services import interactions
from domain.services.imports import WRITE_CHUNK
from storage.tables import import_journal
from tests.bot.process import interlog_command
from tests.cli.conftest import Interlog, UowFactory, assert_ok, run_interlog

WriteCsv = Callable[[str, Sequence[Sequence[str]]], Path]
STORED = 50  # contacts stored before, which the file updates


def _row(no: str, name: str) -> list[str]:
    values = {"no": no, "name": name, "type": "company", "city": "Brno"}
    return [values.get(column, "") for column in COLUMNS["contacts"]]


def _file(rows: int) -> list[list[str]]:
    """Updates of the stored contacts, then new ones, some numbered from the series."""
    body = [_row(f"K{i:06d}", f"Imported {i}") for i in range(STORED)]
    body += [_row("" if i % 10 == 0 else f"K{i:06d}", f"New {i}") for i in range(STORED, rows)]
    return [list(COLUMNS["contacts"]), *body]


async def _store(uow_factory: UowFactory) -> tuple[list[Contact], int, int]:
    async with uow_factory() as uow:
        await uow.contacts.save_many([Contact(f"K{i:06d}", f"Stored {i}") for i in range(STORED)])
        await uow.setup.save(MarketingSetup(contact_nos="CONT"))
        await uow.setup.save_series(NumberSeries("CONT", "CT", 6, next_no=1))
        await uow.commit()
    return await _state(uow_factory)


async def _state(uow_factory: UowFactory) -> tuple[list[Contact], int, int]:
    """Every contact, the series' next number, and how many contacts are journaled."""
    async with uow_factory() as uow:
        contacts = await uow.contacts.matching(ContactCriteria())
        series = await uow.setup.series("CONT")
        journaled = len((await uow.connection.execute(select(import_journal))).all())
    assert series is not None
    return sorted(contacts, key=lambda c: c.no), series.next_no, journaled


async def _fail_on(uow_factory: UowFactory, database_url: str, no: str) -> str:
    """Makes writing contact `no` fail as a full disk would; the statement undoing it."""
    if database_url.startswith("sqlite"):
        triggers = [
            f"CREATE TRIGGER disk_full BEFORE INSERT ON contact WHEN NEW.no = '{no}' "
            "BEGIN SELECT RAISE(ABORT, 'No space left on device'); END"
        ]
        drop = "DROP TRIGGER disk_full"
    else:
        triggers = [
            "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.no = '{no}' THEN RAISE EXCEPTION 'No space left on device'; "
            "END IF; RETURN NEW; END $$",
            "CREATE TRIGGER disk_full BEFORE INSERT ON contact FOR EACH ROW "
            "EXECUTE FUNCTION disk_full()",
        ]
        drop = "DROP FUNCTION disk_full() CASCADE"
    async with uow_factory() as uow:
        for statement in triggers:
            await uow.connection.exec_driver_sql(statement)
        await uow.commit()
    return drop


async def test_a_failure_halfway_undoes_the_chunks_already_written(
    interlog: Interlog, uow_factory: UowFactory, write_csv: WriteCsv, database_url: str
) -> None:
    before = await _store(uow_factory)
    bad = [*_file(3 * WRITE_CHUNK), _row("K999999", "")]  # a name is required
    refused = await interlog("import", "contacts", str(write_csv("bad.csv", bad)))
    assert refused.code == 1 and "Nothing was imported" in refused.stderr, refused
    assert await _state(uow_factory) == before
    failing = f"K{2 * WRITE_CHUNK + 1:06d}"  # in a later chunk: the first ones are committed
    drop = await _fail_on(uow_factory, database_url, failing)
    try:
        result = await interlog(
            "import", "contacts", str(write_csv("c.csv", _file(3 * WRITE_CHUNK)))
        )
    finally:
        async with uow_factory() as uow:
            await uow.connection.exec_driver_sql(drop)
            await uow.commit()
    assert result.code == 1 and "No space left on device" in result.stderr, result
    assert "Nothing was imported" in result.stderr and "kept" not in result.stderr
    assert await _state(uow_factory) == before  # the updated contacts too, as they were
    again = await interlog("import", "contacts", str(write_csv("c.csv", _file(3 * WRITE_CHUNK))))
    assert_ok(
        again,
        f"Imported {3 * WRITE_CHUNK:,} contacts "
        f"({3 * WRITE_CHUNK - STORED:,} new, {STORED} updated).",
    )


async def _import_until_saved(
    path: Path, database_url: str, cwd: Path
) -> tuple[asyncio.subprocess.Process, bytes]:
    """`interlog import contacts PATH` running, once it has said it saved a first chunk,
    and that line."""
    process = await asyncio.create_subprocess_exec(
        interlog_command(),
        "import",
        "contacts",
        str(path),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "DATABASE_URL": database_url},
        cwd=cwd,
    )
    assert process.stderr is not None
    while b"saved" not in (line := await asyncio.wait_for(process.stderr.readline(), 60)):
        assert line, "the import ended before saving anything"
    return process, line


async def test_an_import_killed_halfway_is_undone_by_the_next(
    uow_factory: UowFactory, write_csv: WriteCsv, database_url: str, tmp_path: Path
) -> None:
    before = await _store(uow_factory)
    rows = 3 * SAVE_CHUNK  # progress is reported every SAVE_CHUNK contacts saved
    process, _ = await _import_until_saved(
        write_csv("big.csv", _file(rows)), database_url, tmp_path
    )
    process.kill()
    await process.wait()
    contacts, next_no, journaled = await _state(uow_factory)
    assert len(contacts) > len(before[0]) and journaled > 0  # chunks were committed

    small = [list(COLUMNS["contacts"]), _row("K000001", "Changed once more")]
    result = await run_interlog(
        "import",
        "contacts",
        str(write_csv("small.csv", small)),
        database_url=database_url,
        cwd=tmp_path,
    )
    assert result.code == 0 and "undid an unfinished import" in result.stderr, result
    contacts, next_no, journaled = await _state(uow_factory)
    expected = [
        c if c.no != "K000001" else Contact("K000001", "Changed once more", city="Brno")
        for c in before[0]
    ]
    assert (contacts, next_no, journaled) == (expected, before[1], 0)


async def test_a_failed_import_keeps_the_contacts_it_added_that_were_used_meanwhile(
    uow_factory: UowFactory, write_csv: WriteCsv, database_url: str, tmp_path: Path
) -> None:
    """While the import runs the bot sees its contacts: one gets an interaction logged on it,
    one a draft, one a segment line. Removing them would leave those pointing at nothing."""
    before = await _store(uow_factory)
    user = User(telegram_id=1001, salesperson_code="JN")
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("JN", "Jan Novák"))
        await uow.users.save(user)
        await uow.groups.save(InteractionGroup("MEET"))
        await uow.templates.save(InteractionTemplate("VISIT", "MEET", "Visit"))
        await uow.commit()
    rows = 2 * SAVE_CHUNK  # the first progress line comes after SAVE_CHUNK contacts
    drop = await _fail_on(uow_factory, database_url, f"K{rows - 1:06d}")  # the last one
    try:
        process, line = await _import_until_saved(
            write_csv("big.csv", _file(rows)), database_url, tmp_path
        )
        now = dt.datetime(2026, 12, 1, 10, 30)
        async with uow_factory() as uow:  # what the bot does with contacts it finds
            logged = await interactions.start_draft(uow, user=user, contact_no="K000061", now=now)
            assert logged.draft.id is not None
            await interactions.choose_template(
                uow, user=user, draft_id=logged.draft.id, code="VISIT"
            )
            await interactions.log_draft(uow, user=user, draft_id=logged.draft.id)
            await interactions.start_draft(uow, user=user, contact_no="K000062", now=now)
            await uow.segments.add(Segment(no="SEG1"))
            on_segment = SegmentLine(
                segment_no="SEG1", line_no=10000, contact_no="K000063", contact_company_no=""
            )
            await uow.segments.add_lines([on_segment])
            await uow.commit()
        _, rest = await asyncio.wait_for(process.communicate(), 120)
    finally:
        async with uow_factory() as uow:
            await uow.connection.exec_driver_sql(drop)
            await uow.commit()
    stderr = line.decode() + rest.decode()
    assert process.returncode == 1 and "No space left on device" in stderr, stderr
    for kept in (
        "kept 1 contact added by the import: interactions were logged on it meanwhile (K000061).",
        "kept 1 contact added by the import: interactions with it were being entered "
        "meanwhile (K000062).",
        "kept 1 contact added by the import: it was put on segments meanwhile (K000063).",
    ):
        assert kept in stderr, stderr
    contacts, next_no, journaled = await _state(uow_factory)
    used = [Contact(f"K{i:06d}", f"New {i}", city="Brno") for i in (61, 62, 63)]
    assert (contacts, next_no, journaled) == ([*before[0], *used], before[1], 0)
