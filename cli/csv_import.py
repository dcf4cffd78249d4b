"""`interlog import KIND FILE.csv`: the import service (domain/services/imports.py) on a file,
its outcome printed: the count on standard output; problems, notices and progress on
standard error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, cast

from sqlalchemy.exc import DBAPIError

from bot import import_texts
from bot.settings import Settings
from cli.database import databases
from cli.text import language, say
from domain.access import OPERATOR
from domain.errors import ValidationFailed
from domain.ports import UnitOfWorkFactory
from domain.services import imports
from domain.services.imports import ImportResult, Pace, Stage
from storage import SqlUnitOfWork
from storage.import_owners import HostProcesses

SAVE_CHUNK = 10_000
"""Progress is reported every this many contacts saved."""


class Progress:
    """Progress of a long import on stderr: the rows checked, then every SAVE_CHUNK records
    saved and the last; quiet for small files unless stderr is a terminal."""

    def __init__(self, err: TextIO, *, kind: str) -> None:
        self._err = err
        self._kind = kind
        self._saved = 0

    def _enabled(self, total: int) -> bool:
        return total >= SAVE_CHUNK or self._err.isatty()

    async def __call__(self, stage: Stage, done: int, total: int) -> None:
        if stage is Stage.CHECKING and done == total and self._enabled(total):
            print(say("import.cli.checked", rows=total), file=self._err)
        elif stage is Stage.SAVING:
            if done // SAVE_CHUNK > self._saved // SAVE_CHUNK or done == total:
                self.saved(done, total)
            self._saved = done

    def saved(self, done: int, total: int) -> None:
        if self._enabled(total):
            noun = import_texts.noun(self._kind, total, language())
            print(say("import.cli.saved", done=done, total=total, noun=noun), file=self._err)


async def import_csv(
    uow_factory: UnitOfWorkFactory,
    kind: str,
    path: Path,
    *,
    out: TextIO,
    err: TextIO,
    reader: UnitOfWorkFactory | None = None,
    pace: Pace | None = None,
) -> int:
    """Imports the file; 0 on success, 1 when the file or any row is bad (nothing written).
    `reader`: units of work that only read, to check contacts in (default `uow_factory`)."""
    try:
        path.open("rb").close()
    except OSError as exc:
        print(say("import.unreadable", name=path, reason=exc.strerror or exc), file=err)
        return 1

    def notify(notice: imports.Notice) -> None:
        print(f"interlog: {import_texts.notice(notice, language())}", file=err)

    try:
        result = await imports.import_csv(
            uow_factory,
            user=OPERATOR,
            kind=kind,
            source=lambda: path.open("rb"),
            reader=reader,
            progress=Progress(err, kind=kind),
            notify=notify,
            pace=pace,
            owners=HostProcesses(),
        )
    except ValidationFailed as refusal:
        lines = import_texts.error(refusal, name=str(path), kind=kind, lang=language())
        for n, line in enumerate(lines):
            print(f"interlog: {line}" if n < len(lines) - 1 or len(lines) == 1 else line, file=err)
        return 1
    return _outcome(result, path, out=out, err=err)


def _outcome(result: ImportResult, path: Path, *, out: TextIO, err: TextIO) -> int:
    lang = language()
    if result.problems:
        for problem in result.problems:
            print(import_texts.problem(problem, lang), file=err)
        refused = say("import.refused", name=path, count=result.bad_rows, rows=result.rows)
        print(f"interlog: {refused}", file=err)
        return 1
    if not result.rows:
        print(say("import.no_rows", name=path), file=out)
        return 0
    print(import_texts.done(result, lang), file=out)
    return 0


def import_pace(database_url: str, reader: Callable[[], SqlUnitOfWork]) -> Pace:
    """On SQLite, where the bot's writes wait for the one write lock, the import pauses
    between its chunks while a bot handles updates on the same database, and sizes them to
    hold the lock SQLITE_HOLD seconds (see domain.services.imports.Pace). PostgreSQL's
    writers do not exclude each other: there the chunks are larger and follow each other
    at once."""
    if not database_url.startswith("sqlite"):
        return Pace(write_chunk=POSTGRES_WRITE_CHUNK, pause=0.0)
    last: list[object] = []

    async def contended() -> bool:
        async with reader() as uow:
            latest = await uow.processed_updates.latest()
        changed = bool(last) and last[-1] != latest
        last[:] = [latest]
        return changed

    return Pace(contended=contended, hold=SQLITE_HOLD)


POSTGRES_WRITE_CHUNK = 2_000

SQLITE_HOLD = 0.02
"""Seconds an import's writing transaction should hold SQLite's write lock at most: the
bot's writes waiting for it poll every 1 to 25 ms for its first 100 ms (SQLite's busy
handler), so they get the lock within a few milliseconds of a short chunk; behind a
chunk of 100 ms or more they poll every 50 to 100 ms."""


async def import_file(args: argparse.Namespace, settings: Settings) -> int:
    async with databases(settings) as (uow_factory, reader):
        # The database's own units of work: the pace asks whether a bot is at work.
        sql_reader = cast(Callable[[], SqlUnitOfWork], reader)
        try:
            return await import_csv(
                uow_factory,
                args.kind,
                Path(args.file),
                out=sys.stdout,
                err=sys.stderr,
                reader=reader,
                pace=import_pace(settings.database_url, sql_reader),
            )
        except DBAPIError as exc:  # rolled back: nothing of the file is written
            reason = str(exc.orig or exc).strip().splitlines()[0]
            print(say("cli.import.database_failed", reason=reason), file=sys.stderr)
            return 1
