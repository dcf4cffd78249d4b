"""Activity per day and key for the charts: domain.activity.activity_cells as one GROUP BY."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import case, false, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.activity import Cell, Key
from storage.sql import one_of
from storage.tables import interaction_log_entry as t


async def activity(
    conn: AsyncConnection,
    *,
    key: Key,
    first: dt.date,
    last: dt.date,
    salesperson_code: str,
    contact_nos: Sequence[str] | None,
) -> list[Cell]:
    if contact_nos is not None and not contact_nos:
        return []
    name = t.c.group_code if key is Key.GROUP else t.c.salesperson_code
    stmt = select(
        t.c.date,
        name.label("key"),
        func.count().label("interactions"),
        func.coalesce(func.sum(t.c.cost), 0).label("cost"),
        func.coalesce(func.sum(t.c.duration), 0).label("duration"),
        func.sum(case((t.c.attempt_failed == false(), 1), else_=0)).label("successful"),
    ).where(
        t.c.postponed == false(),
        t.c.canceled == false(),
        t.c.date >= first,
        t.c.date <= last,
    )
    if salesperson_code:
        stmt = stmt.where(t.c.salesperson_code == salesperson_code)
    if contact_nos is not None:
        stmt = stmt.where(one_of(conn.dialect.name, t.c.contact_no, contact_nos))
    stmt = stmt.group_by(t.c.date, name).order_by(t.c.date, name)
    return [
        Cell(
            date=row.date,
            key=row.key,
            interactions=int(row.interactions),
            cost=Decimal(str(row.cost)),
            duration=int(row.duration),
            successful=int(row.successful),
            attempts_failed=int(row.interactions) - int(row.successful),
        )
        for row in await conn.execute(stmt)
    ]
