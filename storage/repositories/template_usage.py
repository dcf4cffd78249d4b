"""The template usage counter (domain.usage), kept in step by the transactions that write
log entries: one keyed upsert per changed count, one grouped upsert per logged segment."""

from __future__ import annotations

import functools
from collections import Counter

from sqlalchemy import CTE, ColumnElement, Insert, bindparam, false, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.sql import inline
from storage.sql import insert as dialect_insert
from storage.tables import interaction_log_entry as entry_t
from storage.tables import template_usage as t


@functools.cache
def _adding(dialect: str, with_rows: bool) -> Insert:
    stmt = dialect_insert(dialect, t)
    if with_rows:
        # The rule of domain.usage.counts_in_usage, in SQL: keep the two in step (the
        # contract suite checks that they agree).
        counted = entry_t.c.postponed == false()
        rows = (
            select(entry_t.c.salesperson_code, entry_t.c.template_code, func.count())
            .where(entry_t.c.logged_segment_entry_no == bindparam("logged"), counted)
            .group_by(entry_t.c.salesperson_code, entry_t.c.template_code)
        )
        stmt = stmt.from_select(["salesperson_code", "template_code", "entries"], rows)
    added: ColumnElement[int] = t.c.entries + stmt.excluded.entries
    upserted = stmt.on_conflict_do_update(
        index_elements=["salesperson_code", "template_code"], set_={"entries": added}
    )
    return upserted if with_rows else inline(upserted)


async def change(conn: AsyncConnection, changes: Counter[tuple[str, str]]) -> None:
    """Adds each (salesperson code, template code)'s change to its count."""
    if changes:
        await conn.execute(
            _adding(conn.dialect.name, False),
            [
                {"salesperson_code": sp, "template_code": tpl, "entries": n}
                for (sp, tpl), n in sorted(changes.items())
            ],
        )


async def count_logged_segment(conn: AsyncConnection, logged_segment_entry_no: int) -> None:
    """Counts the entries a logged segment just wrote, set-based."""
    await conn.execute(_adding(conn.dialect.name, True), {"logged": logged_segment_entry_no})


def counting_inserted(inserted: CTE) -> Insert:
    """PostgreSQL: counts the entries an `INSERT ... RETURNING salesperson_code,
    template_code, postponed` (the CTE `inserted`) writes, in the same statement, instead of
    reading them again. The same rule as count_logged_segment (domain.usage)."""
    stmt = postgresql.insert(t)
    rows = (
        select(inserted.c.salesperson_code, inserted.c.template_code, func.count())
        .where(inserted.c.postponed == false())
        .group_by(inserted.c.salesperson_code, inserted.c.template_code)
    )
    stmt = stmt.from_select(["salesperson_code", "template_code", "entries"], rows)
    added: ColumnElement[int] = t.c.entries + stmt.excluded.entries
    return stmt.on_conflict_do_update(
        index_elements=["salesperson_code", "template_code"], set_={"entries": added}
    )
