"""Telegram updates: those fetched and waiting to be handled (the inbox), the ids of those
handled, so that a redelivery is recognised and not handled twice, and those that failed,
kept for an administrator."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, select

from storage.repositories.base import Repository
from storage.sql import inline, insert
from storage.tables import failed_update as f
from storage.tables import processed_update as t

_WAITING = (
    select(t.c.payload)
    .where(t.c.bot_id == bindparam("bot_id"), t.c.payload.is_not(None))
    .order_by(t.c.update_id)
)


_FAILED = select(f.c.bot_id, f.c.update_id, f.c.failed_at, f.c.error, f.c.payload).order_by(
    f.c.failed_at, f.c.update_id
)


@dataclass(frozen=True)
class FailedUpdate:
    bot_id: int
    update_id: int
    failed_at: dt.datetime
    error: str
    payload: str


@functools.cache
def _fail(dialect: str) -> Any:
    return inline(insert(dialect, f).on_conflict_do_nothing(index_elements=["bot_id", "update_id"]))


@functools.cache
def _receive(dialect: str) -> Any:
    return insert(dialect, t).on_conflict_do_nothing(index_elements=["bot_id", "update_id"])


@functools.cache
def _claim(dialect: str) -> Any:
    stmt = insert(dialect, t)
    return inline(
        stmt.on_conflict_do_update(
            index_elements=["bot_id", "update_id"],
            set_={"payload": None, "processed_at": stmt.excluded.processed_at},
            where=t.c.payload.is_not(None),
        )
    )


_LATEST = select(func.max(t.c.processed_at))


class ProcessedUpdateRepository(Repository):
    async def receive(
        self, bot_id: int, updates: Sequence[tuple[int, str]], now: dt.datetime
    ) -> None:
        """Keeps fetched updates (id, JSON) until they are claimed; ids already known, handled
        or waiting, are left alone."""
        rows = [
            {"bot_id": bot_id, "update_id": update_id, "processed_at": now, "payload": payload}
            for update_id, payload in updates
        ]
        if rows:
            await self._conn.execute(_receive(self._dialect), rows)

    async def waiting(self, bot_id: int) -> list[str]:
        """The JSON of every update received and not yet claimed, oldest first."""
        return list((await self._conn.scalars(_WAITING, {"bot_id": bot_id})).all())

    async def latest(self) -> dt.datetime | None:
        """When an update was last received or handled (along the index on the time): while
        it changes, a bot is at work on this database."""
        latest: dt.datetime | None = (await self._conn.execute(_LATEST)).scalar()
        return latest

    async def claim(self, bot_id: int, update_id: int, now: dt.datetime) -> bool:
        """Records the update as handled: True if it was new or waiting, False if it was
        handled before. On PostgreSQL a concurrent claim of the same update waits for the
        first transaction and then returns False (or True if that transaction rolled back)."""
        values = {"bot_id": bot_id, "update_id": update_id, "processed_at": now, "payload": None}
        return (await self._conn.execute(_claim(self._dialect), values)).rowcount == 1

    async def fail(
        self, bot_id: int, update_id: int, now: dt.datetime, *, error: str, payload: str
    ) -> bool:
        """Records the update as handled and keeps it, with its error, among the failed;
        True if it had not failed before."""
        await self.claim(bot_id, update_id, now)
        values = {
            "bot_id": bot_id,
            "update_id": update_id,
            "failed_at": now,
            "error": error,
            "payload": payload,
        }
        return (await self._conn.execute(_fail(self._dialect), values)).rowcount == 1

    async def failed(self) -> list[FailedUpdate]:
        """Every update that failed, oldest first."""
        return [FailedUpdate(*row) for row in await self._conn.execute(_FAILED)]

    async def prune(self, before: dt.datetime) -> int:
        """Forgets updates handled before `before`; returns how many. Those received and not
        handled stay, however old, until they are handled."""
        stmt = delete(t).where(t.c.processed_at < before, t.c.payload.is_(None))
        return (await self._conn.execute(stmt)).rowcount
