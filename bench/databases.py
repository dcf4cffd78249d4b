"""The run's databases: SQLite files in a temporary folder, PostgreSQL schemas of their own,
all created by the application's migration (storage.upgrade) and dropped afterwards."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from bench import data
from domain.model import (
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    User,
)
from storage import SqlUnitOfWork, make_engine, upgrade
from storage.migrations.versions.v0013_contact_words import POSTGRES_FILL, SQLITE_FILL

POSTGRES_ENV = "INTERLOG_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
ADMIN = User(telegram_id=9001, salesperson_code="JN", is_admin=True)


@dataclass(frozen=True, slots=True)
class IndexBuild:
    """What the contact search indexes cost: time to build them over the loaded contacts,
    and their size on disk."""

    seconds: float
    bytes: int
    database_bytes: int


@dataclass(frozen=True, slots=True)
class Database:
    kind: str  # "sqlite" or "postgresql"
    url: str
    contacts: int
    index: IndexBuild | None = None
    path: Path | None = None  # SQLite
    schema: str = ""  # PostgreSQL


def postgres_base_url() -> str:
    return os.environ.get(POSTGRES_ENV) or DEFAULT_POSTGRES


def asyncpg_dsn(url: str) -> str:
    parsed = make_url(url).difference_update_query(["search_path"])
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def connect_sqlite(path: Path) -> sqlite3.Connection:
    """A raw connection with the application's settings (WAL, synchronous=NORMAL)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


class Workspace:
    """Every database of one run; `close()` removes them all."""

    def __init__(self, postgres_url: str | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="interlog-bench-"))
        self.run_id = secrets.token_hex(4)
        self.postgres_url = postgres_url or postgres_base_url()
        self._schemas: list[str] = []
        self._rows: list[data.ContactRow] = []
        self._built: dict[tuple[str, int], Database] = {}

    # -- plumbing ------------------------------------------------------------------------
    async def close(self) -> None:
        if self._schemas:
            conn = await asyncpg.connect(asyncpg_dsn(self.postgres_url))
            try:
                for schema in self._schemas:
                    await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            finally:
                await conn.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def contact_rows(self, count: int) -> list[data.ContactRow]:
        """The first `count` generated contacts (generation is sequential, so a smaller set
        is a prefix of a larger one)."""
        if len(self._rows) < count:
            self._rows = list(data.contacts(count))
        return self._rows[:count]

    async def new_sqlite(self, name: str) -> Path:
        path = self.folder / f"{name}.db"
        remove_sqlite(path)
        await upgrade(sqlite_url(path))
        return path

    async def new_postgres(self, name: str) -> tuple[str, str]:
        """A fresh schema migrated to the newest revision: (schema, URL)."""
        schema = f"bench_{self.run_id}_{name}"
        conn = await asyncpg.connect(asyncpg_dsn(self.postgres_url))
        try:
            await conn.execute(f'CREATE SCHEMA "{schema}"')
        finally:
            await conn.close()
        self._schemas.append(schema)
        url = make_url(self.postgres_url).update_query_dict({"search_path": schema})
        rendered = url.render_as_string(hide_password=False)
        await upgrade(rendered)
        return schema, rendered

    # -- databases with contacts ---------------------------------------------------------
    async def contacts_db(self, kind: str, count: int) -> Database:
        """A migrated database with the reference data and `count` contacts, built once per
        run; benchmarks that write to it put it back as they found it (see reset_segments)."""
        key = (kind, count)
        if key not in self._built:
            rows = self.contact_rows(count)
            if kind == "sqlite":
                path = await self.new_sqlite(f"contacts_{count}")
                await seed(sqlite_url(path))
                index = load_sqlite_contacts(path, rows)
                self._built[key] = Database(kind, sqlite_url(path), count, index, path=path)
            else:
                schema, url = await self.new_postgres(f"c{count}")
                await seed(url)
                index = await load_postgres_contacts(self.postgres_url, schema, rows)
                self._built[key] = Database(kind, url, count, index, schema=schema)
        return self._built[key]

    def copy_sqlite(self, source: Database, name: str) -> Database:
        """A file copy of a SQLite database (its WAL checkpointed into it first)."""
        assert source.path is not None
        conn = sqlite3.connect(source.path, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        target = self.folder / f"{name}.db"
        remove_sqlite(target)
        shutil.copyfile(source.path, target)
        return Database("sqlite", sqlite_url(target), source.contacts, source.index, path=target)


# -- reference data ----------------------------------------------------------------------
TEMPLATES = (
    InteractionTemplate(
        "CALL-OUT", "PHONE", "Outgoing call", Decimal("2.50"), 5,
        InformationFlow.OUTBOUND, InitiatedBy.US,
    ),
    InteractionTemplate(
        "CALL-IN", "PHONE", "Incoming call", Decimal(0), 3,
        InformationFlow.INBOUND, InitiatedBy.THEM,
    ),
    InteractionTemplate(
        "VISIT", "MEETING", "Customer visit", Decimal(40), 60,
        InformationFlow.OUTBOUND, InitiatedBy.US,
    ),
    InteractionTemplate(
        "EMAIL", "MAIL", "E-mail sent", Decimal(0), 2,
        InformationFlow.OUTBOUND, InitiatedBy.US,
    ),
)  # fmt: skip


async def seed(url: str, users: Sequence[User] = (ADMIN,)) -> None:
    """Salespeople, users, interaction groups and templates, the number series."""
    engine = make_engine(url)
    try:
        async with SqlUnitOfWork(engine) as uow:
            for code in data.SALESPEOPLE:
                await uow.salespeople.save(Salesperson(code, f"Salesperson {code}"))
            for user in users:
                await uow.users.save(user)
            for code, description in (
                ("PHONE", "Calls"),
                ("MEETING", "Meetings"),
                ("MAIL", "Mail"),
            ):
                await uow.groups.save(InteractionGroup(code, description))
            for template in TEMPLATES:
                await uow.templates.save(template)
            await uow.setup.save(MarketingSetup(contact_nos="CONT", segment_nos="SEGM"))
            await uow.setup.save_series(NumberSeries("CONT", "CT", 8, 90_000_001))
            await uow.setup.save_series(NumberSeries("SEGM", "S", 5, 1))
            await uow.commit()
    finally:
        await engine.dispose()


# -- bulk loading contacts, then timing the search indexes -------------------------------
def _insert_sql(table: str, columns: Sequence[str]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def load_sqlite_contacts(path: Path, rows: Sequence[data.ContactRow]) -> IndexBuild:
    """Drops the search indexes and the triggers on `contact` (keeping their SQL), inserts
    the rows, then re-creates them; the re-creation (and the FTS5 rebuild) is what is timed."""
    conn = connect_sqlite(path)
    try:
        objects = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'contact'"
            " AND (type = 'trigger' OR (type = 'index' AND name LIKE '%search%'))"
        ).fetchall()
        fts = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND sql LIKE 'CREATE VIRTUAL TABLE%' AND name LIKE 'contact%'"
            )
        ]
        for kind, name, _sql in objects:
            conn.execute(f"DROP {kind} {name}")
        conn.execute("BEGIN")
        conn.executemany(_insert_sql("contact", data.CONTACT_COLUMNS), rows)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _sqlite_bytes(conn)
        started = time.perf_counter()
        conn.execute("BEGIN")
        for _kind, _name, sql in objects:
            conn.execute(sql)
        for name in fts:
            conn.execute(f"INSERT INTO {name} ({name}) VALUES ('rebuild')")
        # The word table the dropped triggers would have kept (word-start search).
        conn.execute("DELETE FROM contact_word")
        conn.execute(SQLITE_FILL)
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        after = _sqlite_bytes(conn)
        return IndexBuild(seconds, after - before, after)
    finally:
        conn.close()


def _sqlite_bytes(conn: sqlite3.Connection) -> int:
    """Pages in use (the file size less its free pages)."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    return int((pages - free) * size)


async def load_postgres_contacts(
    base_url: str, schema: str, rows: Sequence[data.ContactRow]
) -> IndexBuild:
    """COPY the rows with the search indexes dropped, then re-create them (timed)."""
    conn = await asyncpg.connect(asyncpg_dsn(base_url))
    try:
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = $1 AND tablename = 'contact' AND indexname LIKE '%search%'",
            schema,
        )
        for index in indexes:
            await conn.execute(f'DROP INDEX "{schema}"."{index["indexname"]}"')
        # The word table is filled after the load too, and timed with the indexes.
        await conn.execute(f'ALTER TABLE "{schema}".contact DISABLE TRIGGER contact_word_insert')
        await conn.copy_records_to_table(
            "contact", records=rows, columns=data.CONTACT_COLUMNS, schema_name=schema
        )
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{schema}\".contact', 'id'),"
            f' (SELECT max(id) FROM "{schema}".contact))'
        )
        started = time.perf_counter()
        for index in indexes:
            await conn.execute(index["indexdef"])
        await conn.execute(f'SET search_path = "{schema}"')
        await conn.execute(POSTGRES_FILL)
        await conn.execute("RESET search_path")
        await conn.execute(f'ALTER TABLE "{schema}".contact ENABLE TRIGGER contact_word_insert')
        seconds = time.perf_counter() - started
        await conn.execute(f'VACUUM ANALYZE "{schema}".contact_word')
        await conn.execute(f'VACUUM ANALYZE "{schema}".contact')
        size = await conn.fetchval(
            "SELECT coalesce(sum(pg_relation_size(format('%I.%I', $1::text, indexname))), 0)"
            " + pg_total_relation_size(format('%I.contact_word', $1::text))"
            " FROM pg_indexes WHERE schemaname = $1 AND tablename = 'contact'"
            " AND indexname LIKE '%search%'",
            schema,
        )
        total = await conn.fetchval(
            "SELECT coalesce(sum(pg_total_relation_size(format('%I.%I', $1::text, tablename))), 0)"
            " FROM pg_tables WHERE schemaname = $1",
            schema,
        )
        return IndexBuild(seconds, int(size), int(total))
    finally:
        await conn.close()


async def postgres_execute(base_url: str, schema: str, *statements: str) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(base_url), server_settings={"search_path": schema})
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def fetch_all(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    return list(conn.execute(sql).fetchall())
