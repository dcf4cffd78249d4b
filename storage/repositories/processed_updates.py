"""Telegram update ids already handled: redeliveries are recognised and not handled twice."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import delete

from storage.repositories.base import Repository
from storage.sql import insert
from storage.tables import processed_update as t


@functools.cache
def _claim(dialect: str) -> Any:
    return insert(dialect, t).on_conflict_do_nothing(index_elements=["bot_id", "update_id"])


class ProcessedUpdateRepository(Repository):
    async def claim(self, bot_id: int, update_id: int, now: dt.datetime) -> bool:
        """Records the update as processed: True if it is new, False if it already was.

        On PostgreSQL a concurrent claim of the same update waits for the first transaction
        and then returns False (or True if that transaction rolled back)."""
        values = {"bot_id": bot_id, "update_id": update_id, "processed_at": now}
        return (await self._conn.execute(_claim(self._dialect), values)).rowcount == 1

    async def prune(self, before: dt.datetime) -> int:
        """Forgets updates processed before `before`; returns how many."""
        stmt = delete(t).where(t.c.processed_at < before)
        return (await self._conn.execute(stmt)).rowcount
