"""Engines for SQLite (aiosqlite) and PostgreSQL (asyncpg), configured for this application."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage import sqlite_driver

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "interlog_read_only"
"""An execution option: a transaction that only reads (SQLite: no write lock)."""

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=NORMAL",
)


def make_engine(url: str) -> AsyncEngine:
    """An async engine for `url` ("sqlite:///file.db" or "postgresql://user@host/db").

    The async drivers are chosen when the URL names none. SQLite: WAL, foreign keys,
    a busy timeout, synchronous=NORMAL, and every transaction starts with BEGIN IMMEDIATE,
    so concurrent writers queue on the busy timeout instead of failing to upgrade a read lock.
    PostgreSQL: asyncpg with a modest pool; an optional `?search_path=a,b` query parameter
    becomes the connection's search_path (used by the tests to isolate a schema).
    """
    parsed = _with_async_driver(make_url(url))
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_engine(parsed)
    raise ValueError(f"Unsupported database URL: {parsed.render_as_string(hide_password=True)}")


def _with_async_driver(url: URL) -> URL:
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        return url.set(drivername="sqlite+aiosqlite")
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        return url.set(drivername="postgresql+asyncpg")
    return url


def _sqlite_engine(url: URL) -> AsyncEngine:
    # aiosqlite, with each statement one trip to the connection's thread (see sqlite_driver).
    args, kwargs = SQLiteDialect_aiosqlite().create_connect_args(url)
    engine = create_async_engine(url, async_creator=sqlite_driver.connector(*args, **kwargs))

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the driver (SQLAlchemy's documented recipe) ...
        dbapi_connection.isolation_level = None
        # Unicode-aware case folding (SQLite's own lower() knows ASCII only).
        dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)
        cursor = dbapi_connection.cursor()
        try:
            for pragma in _SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # ... and emit our own: take the write lock up front, unless only reading (WAL:
        # a reader sees one snapshot and neither waits for nor holds up the writer).
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _postgres_engine(url: URL) -> AsyncEngine:
    # asyncpg prepares every statement; after five executions PostgreSQL may switch to a
    # generic plan that ignores the parameters, which for the contact search (a rare
    # substring wants the trigram index, a common one a scan stopped by LIMIT) can be 10x
    # slower. Custom plans cost a little planning on every execution instead.
    # While other scans of the same big table are under way, a new table scan would join
    # them where they are: the first matches it finds, which the contact search ranks,
    # would differ from one search to the next, and page 2 would not follow page 1.
    server_settings = {"plan_cache_mode": "force_custom_plan", "synchronize_seqscans": "off"}
    search_path = url.query.get("search_path")
    if search_path:
        if not isinstance(search_path, str):
            search_path = ",".join(search_path)
        url = url.difference_update_query(["search_path"])
        server_settings["search_path"] = search_path
    connect_args: dict[str, Any] = {"server_settings": server_settings}
    return create_async_engine(
        url,
        pool_size=5,
        max_overflow=10,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args=connect_args,
    )
