"""Activity per bar and key for the charts: domain.activity.activity_cells in one pass over
the entries' covering index (ix_interaction_log_entry_activity). An inner GROUP BY sums the
entries per day and key, in the index's order (no sort); the outer one sums those few rows
per bar. Bars straight from the entries would put every entry through the bars' CASE and a
temporary B-tree, and days straight to Python would build a row object per day and key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import Date, case, false, func, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.activity import Cell, Key
from storage.sql import one_of
from storage.tables import interaction_log_entry as t


async def activity(
    conn: AsyncConnection,
    *,
    key: Key,
    starts: Sequence[dt.date],
    last: dt.date,
    salesperson_code: str,
    contact_nos: Sequence[str] | None,
) -> list[Cell]:
    if contact_nos is not None and not contact_nos:
        return []
    name = t.c.group_code if key is Key.GROUP else t.c.salesperson_code
    days = select(
        t.c.date.label("day"),
        name.label("key"),
        func.count().label("interactions"),
        func.coalesce(func.sum(t.c.cost), 0).label("cost"),
        func.coalesce(func.sum(t.c.duration), 0).label("duration"),
        func.sum(case((t.c.attempt_failed == false(), 1), else_=0)).label("successful"),
    ).where(
        t.c.postponed == false(),
        t.c.canceled == false(),
        t.c.date >= starts[0],
        t.c.date <= last,
    )
    if salesperson_code:
        days = days.where(t.c.salesperson_code == salesperson_code)
    if contact_nos is not None:
        days = days.where(one_of(conn.dialect.name, t.c.contact_no, contact_nos))
    d = days.group_by(t.c.date, name).subquery("days")
    # the latest start not after the day (starts ascend, the first is the WHERE's)
    bar = case(*((d.c.day >= start, literal(start, Date)) for start in reversed(starts))).label(
        "bar"
    )
    stmt = (
        select(
            bar,
            d.c.key,
            func.sum(d.c.interactions).label("interactions"),
            func.sum(d.c.cost).label("cost"),
            func.sum(d.c.duration).label("duration"),
            func.sum(d.c.successful).label("successful"),
        )
        .group_by(bar, d.c.key)
        .order_by(bar, d.c.key)
    )
    return [
        Cell(
            date=row.bar,
            key=row.key,
            interactions=int(row.interactions),
            cost=Decimal(str(row.cost)),
            duration=int(row.duration),
            successful=int(row.successful),
            attempts_failed=int(row.interactions) - int(row.successful),
        )
        for row in await conn.execute(stmt)
    ]
