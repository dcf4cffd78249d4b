"""Statements marked inline run on SQLite without the hop to the driver's thread; the SQL
sent to PostgreSQL is left as it was."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import make_engine
from storage.sql import inline, select_by
from storage.sqlite_driver import INLINE
from storage.tables import app_user


def test_the_mark_is_rendered_for_sqlite_only() -> None:
    stmt = select_by(app_user, "telegram_id")
    assert INLINE in str(stmt.compile(dialect=sqlite.dialect()))
    assert INLINE not in str(stmt.compile(dialect=postgresql.dialect()))


async def test_inline_statements_run_in_the_event_loops_thread(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}")
    try:
        marked, plain = await _threads(engine)
    finally:
        await engine.dispose()
    assert marked == threading.get_ident()
    assert plain != threading.get_ident()


async def _threads(engine: AsyncEngine) -> tuple[int, int]:
    """The threads that ran a marked and a plain statement."""
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        sqlite_conn = raw.driver_connection._conn  # type: ignore[union-attr]
        # thread_id() tells which thread ran the statement.
        await raw.driver_connection._execute(  # type: ignore[union-attr]
            sqlite_conn.create_function, "thread_id", 0, threading.get_ident
        )
        marked = (await conn.execute(inline(select(text("thread_id()"))))).scalar_one()
        plain = (await conn.execute(select(text("thread_id()")))).scalar_one()
    return int(marked), int(plain)
