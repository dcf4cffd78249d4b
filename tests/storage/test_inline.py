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
        # thread_id() tells which thread ran the statement.
        await raw.driver_connection.create_function(  # type: ignore[union-attr]
            "thread_id", 0, threading.get_ident
        )
        marked = (await conn.execute(inline(select(text("thread_id()"))))).scalar_one()
        plain = (await conn.execute(select(text("thread_id()")))).scalar_one()
    return int(marked), int(plain)


async def test_a_select_run_again_has_its_columns_and_rows(tmp_path: Path) -> None:
    """The second run of a SELECT takes its columns from the first (one trip, not two)."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'again.db'}")
    stmt = select(text("value AS v"), text("value * 2 AS twice")).select_from(
        text("json_each(:items)")
    )
    try:
        async with engine.connect() as conn:
            runs = [
                (await conn.execute(stmt, {"items": items})).mappings().all()
                for items in ("[1, 2]", "[]", "[3]")
            ]
            changed = await conn.execute(text("CREATE TABLE t (x)"))
            inserted = await conn.execute(text("INSERT INTO t VALUES (1), (2)"))
    finally:
        await engine.dispose()
    assert runs == [[{"v": 1, "twice": 2}, {"v": 2, "twice": 4}], [], [{"v": 3, "twice": 6}]]
    assert changed.rowcount in (-1, 0)
    assert inserted.rowcount == 2
