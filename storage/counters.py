"""Entry numbers from the `counter` table: gap-free and unique under concurrent transactions."""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.sql import inline
from storage.tables import counter

_ALLOCATE = inline(
    update(counter)
    .where(counter.c.name == bindparam("counter"))
    .values(next_value=counter.c.next_value + bindparam("count"))
    .returning(counter.c.next_value)
)


async def allocate(conn: AsyncConnection, name: str, count: int = 1) -> int:
    """Reserves `count` consecutive numbers of counter `name` and returns the first.

    One atomic UPDATE ... RETURNING: the row lock (PostgreSQL) or the write lock taken by
    BEGIN IMMEDIATE (SQLite) makes concurrent transactions queue here until this one ends, and
    a rollback gives the numbers back, so numbers never collide and leave no gaps.
    """
    result = await conn.execute(_ALLOCATE, {"counter": name, "count": count})
    next_value = result.scalar_one_or_none()
    if next_value is None:
        raise LookupError(f"Counter {name!r} is missing: run the migrations.")
    return int(next_value) - count
