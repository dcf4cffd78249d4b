"""`interlog db upgrade|copy|backup`: the schema created or upgraded, the data moved to
PostgreSQL, and a copy of a SQLite database while the bot runs."""

from __future__ import annotations

import argparse
import hashlib
import io
import sqlite3
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.database import reasons_named, sqlite_file
from bot.settings import Settings, SettingsError
from cli.text import number, say
from domain.access import OPERATOR
from domain.csv_export import write_entries
from domain.services.statistics import export_interactions
from storage import (
    SchemaOutOfDate,
    current_revision,
    ensure_current,
    make_engine,
    make_uow_factory,
    upgrade,
)
from storage.backup import backup_sqlite
from storage.copy import TargetNotEmpty, copy_tables, row_counts


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


async def _current(engine: AsyncEngine, url: str, role: str) -> None:
    try:
        await ensure_current(engine)
    except SchemaOutOfDate:
        raise SchemaOutOfDate(
            f"The {role} database at {_shown(url)} is not at the current schema"
        ) from None
    except (OSError, DBAPIError) as exc:
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        raise SettingsError.of(
            f"settings.database_unopenable.{role}", url=_shown(url), reason=reason
        ) from exc


async def interactions_checksum(engine: AsyncEngine) -> str:
    """SHA-256 of `interlog export interactions --include-postponed` on that database."""
    async with make_uow_factory(engine)() as uow:
        entries = await export_interactions(
            uow,
            user=OPERATOR,
            date_from=None,
            date_to=None,
            salesperson_code="",
            include_postponed=True,
        )
    out = io.StringIO()
    write_entries(out, entries)
    return hashlib.sha256(out.getvalue().encode()).hexdigest()


class _Progress:
    """A line on standard error per table, updated as its rows are copied."""

    def __init__(self) -> None:
        self._table = ""
        self._shown = 0.0

    def __call__(self, table: str, copied: int, total: int) -> None:
        now = time.monotonic()
        if table == self._table and copied < total and now - self._shown < 0.5:
            return
        self._table, self._shown = table, now
        end = "\n" if copied >= total else "\r"
        shown = say("cli.db.progress", table=table, copied=number(copied), total=number(total))
        print(shown, end=end, file=sys.stderr, flush=True)


async def db_copy(args: argparse.Namespace, settings: Settings) -> int:
    """Every table of DATABASE_URL into the empty, upgraded database at --to, in one
    transaction; then both are compared (row counts, checksum of the interaction export)."""
    try:
        target_url = str(args.to)
        make_url(target_url)
    except ArgumentError as exc:
        print(say("cli.db.not_a_url", reason=exc), file=sys.stderr)
        return 2
    source_path = _sqlite_path(settings.database_url)
    if source_path is not None and not source_path.exists():
        raise SchemaOutOfDate(f"No database at {source_path.resolve()}")
    source, target = make_engine(settings.database_url), make_engine(target_url)
    try:
        await _current(source, settings.database_url, "source")
        await _current(target, target_url, "target")
        started = time.monotonic()
        shown = say(
            "cli.db.copying", source=_shown(settings.database_url), target=_shown(target_url)
        )
        print(shown, file=sys.stderr)
        try:
            counts = await copy_tables(source, target, progress=_Progress())
        except TargetNotEmpty as exc:
            print(say("cli.db.not_empty", reason=exc), file=sys.stderr)
            return 1
        async with source.connect() as conn:
            source_counts = await row_counts(conn)
        async with target.connect() as conn:
            target_counts = await row_counts(conn)
        checksums = await interactions_checksum(source), await interactions_checksum(target)
    finally:
        await source.dispose()
        await target.dispose()
    differ = [name for name in counts if source_counts[name] != target_counts[name]]
    if differ or checksums[0] != checksums[1]:
        tables = ", ".join(differ) or "interactions"
        print(say("cli.db.differs", tables=tables), file=sys.stderr)
        return 1
    rows = sum(counts.values())
    seconds = f"{time.monotonic() - started:.1f}"
    print(
        say(
            "cli.db.copied",
            tables=len(counts),
            rows=number(rows),
            seconds=seconds,
            checksum=checksums[0][:16],
        )
    )
    return 0


async def db_backup(args: argparse.Namespace, settings: Settings) -> int:
    """A consistent copy of the SQLite database, made while the bot may be writing."""
    source = _sqlite_path(settings.database_url)
    if source is None:
        print(say("cli.db.backup_sqlite_only"), file=sys.stderr)
        return 1
    if not source.exists():
        raise SchemaOutOfDate(f"No database at {source.resolve()}")
    target = Path(args.file)
    try:
        size = backup_sqlite(source, target)
    except (OSError, sqlite3.Error) as exc:
        print(say("cli.db.backup_failed", target=target, reason=exc), file=sys.stderr)
        return 1
    print(say("cli.db.backed_up", source=source, target=target, size=number(size)))
    return 0


async def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Creates or upgrades the schema (a SQLite file's folder is created when missing)."""
    path = sqlite_file(settings.database_url)
    with reasons_named(settings):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        await upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        try:
            revision = await current_revision(engine)
        finally:
            await engine.dispose()
    print(say("cli.db.up_to_date", revision=revision))
    return 0
