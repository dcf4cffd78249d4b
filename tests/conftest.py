"""Shared database fixtures: every storage test runs on SQLite and on PostgreSQL.

- `database_url`: a migrated database, parametrised "sqlite" (a fresh copy of a migrated
  template file, WAL) and "postgresql" (a schema of its own for the test session, migrated once;
  URL from INTERLOG_TEST_POSTGRES_URL; skipped when unset, failed when CI=true).
- `engine`: an engine on it with every table empty and the counters seeded.
- `uow_factory`: units of work on that engine.
- `blank_database_url`: an empty, never migrated database (same two parameters).
- `postgres_base_url`: the configured PostgreSQL URL itself (same skip/fail rule).
- `database_url_for(kind, request, tmp_path)` and `empty_postgres(engine)`: the pieces of
  `database_url` and `engine`, for suites that choose the backend themselves.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import SqlUnitOfWork, make_engine, make_uow_factory, upgrade
from storage.tables import COUNTERS, counter, metadata

POSTGRES_ENV = "INTERLOG_TEST_POSTGRES_URL"
POSTGRES_MISSING = "PostgreSQL not configured: set INTERLOG_TEST_POSTGRES_URL"


def postgres_url_in_schema(base_url: str, schema: str) -> str:
    """`base_url` with every connection's search_path set to `schema` (see make_engine)."""
    url = make_url(base_url).update_query_dict({"search_path": schema})
    return url.render_as_string(hide_password=False)


async def execute_autocommit(base_url: str, *statements: str) -> None:
    """Statements outside a transaction (CREATE DATABASE must be)."""
    engine = make_engine(base_url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.exec_driver_sql(statement)
    finally:
        await engine.dispose()


@asynccontextmanager
async def own_postgres_database(base_url: str, *, prefix: str) -> AsyncIterator[tuple[str, str]]:
    """(name, URL) of a new, empty PostgreSQL database, dropped afterwards: for a test that
    does what no other test may notice (refuses connections, creates extensions)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    await execute_autocommit(base_url, f'CREATE DATABASE "{name}"')
    try:
        yield name, make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await execute_autocommit(base_url, f'DROP DATABASE "{name}" WITH (FORCE)')


async def execute_admin(base_url: str, *statements: str) -> None:
    engine = make_engine(base_url)
    try:
        async with engine.begin() as conn:
            for statement in statements:
                await conn.exec_driver_sql(statement)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_MISSING} (required when CI=true)", pytrace=False)
        pytest.skip(POSTGRES_MISSING)
    return url


PG_TRGM_IN_PUBLIC = """
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm' AND n.nspname <> 'public'
    ) THEN
        ALTER EXTENSION pg_trgm SET SCHEMA public;
    END IF;
END $$
"""
"""The migration creates pg_trgm in public; one that an older run created in a schema of
its own would go (with every trigram index) when that schema is dropped."""


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("interlog") / "template.db"
    asyncio.run(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def _postgres_url(postgres_base_url: str) -> Iterator[str]:
    schema = f"interlog_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(execute_admin(postgres_base_url, PG_TRGM_IN_PUBLIC, f'CREATE SCHEMA "{schema}"'))
    try:
        url = postgres_url_in_schema(postgres_base_url, schema)
        asyncio.run(upgrade(url))
        yield url
    finally:
        asyncio.run(execute_admin(postgres_base_url, f'DROP SCHEMA "{schema}" CASCADE'))


def database_url_for(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of `kind` ("sqlite" or "postgresql") for one test."""
    if kind == "sqlite":
        path = tmp_path / "interlog.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("_postgres_url")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, request, tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'blank.db'}"
        return
    base_url: str = request.getfixturevalue("postgres_base_url")
    schema = f"interlog_blank_{uuid.uuid4().hex[:12]}"
    asyncio.run(execute_admin(base_url, f'CREATE SCHEMA "{schema}"'))
    try:
        yield postgres_url_in_schema(base_url, schema)
    finally:
        asyncio.run(execute_admin(base_url, f'DROP SCHEMA "{schema}" CASCADE'))


async def empty_postgres(engine: AsyncEngine) -> None:
    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await conn.execute(insert(counter), [{"name": n, "next_value": 1} for n in COUNTERS])


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        await empty_postgres(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    return make_uow_factory(engine)
