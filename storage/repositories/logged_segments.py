"""Logged segments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, func, insert, select, update

from domain.model import LoggedSegment
from storage.counters import allocate
from storage.repositories.base import Repository
from storage.tables import LOGGED_SEGMENT_COUNTER
from storage.tables import interaction_log_entry as entry_t
from storage.tables import logged_segment as t


def _logged(row: Row[Any]) -> LoggedSegment:
    return LoggedSegment(
        entry_no=int(row.entry_no),
        segment_no=row.segment_no,
        description=row.description,
        creation_date=row.creation_date,
        user_id=row.user_id,
        canceled=bool(row.canceled),
    )


def _values(logged: LoggedSegment) -> dict[str, Any]:
    return {
        "segment_no": logged.segment_no,
        "description": logged.description,
        "creation_date": logged.creation_date,
        "user_id": logged.user_id,
        "canceled": logged.canceled,
    }


class SqlLoggedSegmentRepository(Repository):
    async def get(self, entry_no: int) -> LoggedSegment | None:
        row = (await self._conn.execute(select(t).where(t.c.entry_no == entry_no))).first()
        return _logged(row) if row else None

    async def for_segment(self, segment_no: str) -> LoggedSegment | None:
        """The latest logged segment made from segment `segment_no`."""
        stmt = select(t).where(t.c.segment_no == segment_no).order_by(t.c.entry_no.desc())
        row = (await self._conn.execute(stmt.limit(1))).first()
        return _logged(row) if row else None

    async def add(self, logged: LoggedSegment) -> int:
        """Stores it under the next entry number (its own `entry_no` is ignored)."""
        entry_no = await allocate(self._conn, LOGGED_SEGMENT_COUNTER)
        await self._conn.execute(insert(t).values(entry_no=entry_no, **_values(logged)))
        return entry_no

    async def update(self, logged: LoggedSegment) -> None:
        stmt = update(t).where(t.c.entry_no == logged.entry_no).values(**_values(logged))
        await self._conn.execute(stmt)

    async def list(self, *, limit: int, offset: int = 0) -> list[tuple[LoggedSegment, int]]:
        """Newest first, each with its number of entries (those with its Canceled value)."""
        entries = (
            select(func.count())
            .where(
                entry_t.c.logged_segment_entry_no == t.c.entry_no,
                entry_t.c.canceled == t.c.canceled,
            )
            .scalar_subquery()
            .label("entries")
        )
        stmt = select(t, entries).order_by(t.c.entry_no.desc()).limit(limit).offset(offset)
        return [(_logged(row), int(row.entries)) for row in await self._conn.execute(stmt)]
