"""Migrations, the schema check, and the engine's connection settings."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from collections.abc import Callable

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.model import (
    CONTACT_INTERACTION_FIELDS,
    INTERACTION_FIELDS,
    ContactInteraction,
    Draft,
    Interaction,
    InteractionLogEntry,
    Segment,
    SegmentLine,
)
from storage import SchemaOutOfDate, SqlUnitOfWork, current_revision, ensure_current, make_engine
from storage import upgrade as upgrade_database
from storage.schema import (
    MIGRATIONS,
    alembic_config,
    autogenerate_filter,
    head_revision,
    upgrade_engine,
)
from storage.tables import (
    draft,
    interaction_log_entry,
    metadata,
    segment_header,
    segment_line,
)
from tests.conftest import execute_autocommit, own_postgres_database, postgres_url_in_schema

# These concern SQLite only: the database fixtures run them on SQLite alone.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def test_ensure_current_refuses_an_empty_database_and_passes_after_upgrade(
    blank_database_url: str,
) -> None:
    engine = make_engine(blank_database_url)
    try:
        assert await current_revision(engine) is None
        with pytest.raises(SchemaOutOfDate) as raised:
            await ensure_current(engine)
        assert str(raised.value) == (
            "The database schema is out of date. Run `interlog db upgrade`."
        )
        await upgrade_database(blank_database_url)
        await ensure_current(engine)
        assert await current_revision(engine) == head_revision() == "0017"
        await upgrade_database(blank_database_url)  # idempotent
        await ensure_current(engine)
    finally:
        await engine.dispose()


async def test_ensure_current_refuses_an_older_revision(blank_database_url: str) -> None:
    engine = make_engine(blank_database_url)
    try:
        await upgrade_database(blank_database_url)
        async with engine.begin() as conn:
            await conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
        with pytest.raises(SchemaOutOfDate):
            await ensure_current(engine)
    finally:
        await engine.dispose()


async def test_the_tables_module_matches_the_migrations(engine: AsyncEngine) -> None:
    def differences(conn: Connection) -> list[object]:
        include = autogenerate_filter(conn.dialect.name)
        context = MigrationContext.configure(conn, opts={"include_object": include})
        return list(compare_metadata(context, metadata))

    async with engine.connect() as conn:
        assert await conn.run_sync(differences) == []


_ADD_DRAFT = "INSERT INTO draft (user_id, date, time) VALUES ({user_id}, '2026-12-01', '10:00')"


async def test_a_draft_id_once_freed_is_never_given_again(blank_database_url: str) -> None:
    """The chat state keeps draft ids: the highest, freed, must not come back (SQLite reuses
    it unless the table has AUTOINCREMENT). Drafts there before the migration keep theirs."""
    await upgrade_database(blank_database_url, "0015")
    engine = make_engine(blank_database_url)
    try:
        async with engine.begin() as conn:
            for user_id in (7, 8, 9):
                await conn.exec_driver_sql(_ADD_DRAFT.format(user_id=user_id))
        await upgrade_engine(engine)
        async with engine.begin() as conn:
            kept = (await conn.exec_driver_sql("SELECT id, user_id FROM draft ORDER BY id")).all()
            assert [tuple(row) for row in kept] == [(1, 7), (2, 8), (3, 9)]
            await conn.exec_driver_sql("DELETE FROM draft WHERE id = 3")
            await conn.exec_driver_sql(_ADD_DRAFT.format(user_id=10))
            new = (await conn.exec_driver_sql("SELECT id FROM draft WHERE user_id = 10")).scalar()
        assert new == 4
    finally:
        await engine.dispose()


def test_every_table_of_an_interaction_has_a_column_per_field() -> None:
    """Draft, entry, segment and line are Interactions; drafts and entries also
    ContactInteractions: a field added to either class has its column in each table."""
    assert all(issubclass(cls, Interaction) for cls in (Segment, SegmentLine))
    assert all(issubclass(cls, ContactInteraction) for cls in (Draft, InteractionLogEntry))
    media = {"attachment", "location"}
    for table, names in (
        (segment_header, INTERACTION_FIELDS),
        (segment_line, INTERACTION_FIELDS),
        (draft, CONTACT_INTERACTION_FIELDS),
        (interaction_log_entry, CONTACT_INTERACTION_FIELDS),
    ):
        assert set(names) - media <= set(table.c.keys()), table.name


@SQLITE_ONLY
async def test_sqlite_connection_settings(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        settings = [
            (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar_one()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        ]
    assert settings == ["wal", 1, 30_000, 1]


@SQLITE_ONLY
async def test_sqlite_transactions_take_the_write_lock_at_begin(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    path = make_url(str(engine.url)).database
    assert path
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with uow_factory() as uow:
            await uow.contacts.count()  # only a read, yet the write lock is held already
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released on leaving
        other.execute("ROLLBACK")
    finally:
        other.close()


@SQLITE_ONLY
async def test_sqlite_transactions_wait_for_another_process_to_release_the_lock(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    path = make_url(str(engine.url)).database
    assert path
    other = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # as an import in another process would
    # Released while the unit of work waits at BEGIN (were it to give up at once instead,
    # it would fail with "database is locked", as it comes first here).
    release = asyncio.get_running_loop().call_later(0.3, other.execute, "ROLLBACK")
    try:
        async with uow_factory() as uow:
            assert await uow.contacts.count() >= 0
    finally:
        release.cancel()
        other.close()


def test_make_engine_picks_async_drivers() -> None:
    assert make_engine("sqlite:///x.db").url.drivername == "sqlite+aiosqlite"
    assert make_engine("postgresql://u@h/db").url.drivername == "postgresql+asyncpg"
    with pytest.raises(ValueError, match="Unsupported"):
        make_engine("mysql://u@h/db")


# Else the planner takes common texts ("s.r.o.") for rare ones: migration 0003.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_postgresql_keeps_fine_statistics_of_search_names(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        target = await conn.exec_driver_sql(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = 'contact'::regclass AND attname = 'search_name'"
        )
        assert target.scalar_one() == 1000


async def test_pg_trgm_goes_to_public_not_to_the_schema_being_migrated(
    postgres_base_url: str,
) -> None:
    """Were the extension created in the schema of the first upgrade, dropping that schema
    would take the trigram index of every other schema with it."""
    async with own_postgres_database(postgres_base_url, prefix="interlog_ext") as (_, url):
        await execute_autocommit(url, 'CREATE SCHEMA "own"')
        await upgrade_database(postgres_url_in_schema(url, "own"))
        engine = make_engine(url)
        try:
            async with engine.connect() as conn:
                schema = await conn.scalar(
                    text(
                        "SELECT n.nspname FROM pg_extension e"
                        " JOIN pg_namespace n ON n.oid = e.extnamespace"
                        " WHERE e.extname = 'pg_trgm'"
                    )
                )
        finally:
            await engine.dispose()
    assert schema == "public"


def test_migrations_form_one_line_numbered_as_their_files() -> None:
    """Two changes that each took the next number land as two heads (or one shadows the
    other); each file's number is its revision, following the one before."""
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, script.get_heads()
    files = sorted(p.name for p in (MIGRATIONS / "versions").glob("v[0-9]*.py"))
    chain = [r.revision for r in reversed(list(script.walk_revisions()))]
    assert [name[1:5] for name in files] == chain
    for before, after in itertools.pairwise(chain):
        assert script.get_revision(after).down_revision == before
    # The start-up check reads the newest revision off the file names, without alembic.
    assert head_revision() == script.get_current_head() == chain[-1]
