"""Telegram update ids already handled: redeliveries are recognised and not handled twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update

from storage.repositories.base import Repository
from storage.sql import insert
from storage.tables import processed_update as t


class ProcessedUpdateRepository(Repository):
    async def claim(self, bot_id: int, update_id: int, now: dt.datetime) -> bool:
        """Records the update as processed: True if it is new, False if it already was.

        On PostgreSQL a concurrent claim of the same update waits for the first transaction
        and then returns False (or True if that transaction rolled back)."""
        stmt = (
            insert(self._dialect, t)
            .values(bot_id=bot_id, update_id=update_id, processed_at=now)
            .on_conflict_do_nothing(index_elements=["bot_id", "update_id"])
        )
        return (await self._conn.execute(stmt)).rowcount == 1

    async def keep_reply(self, bot_id: int, update_id: int, reply: str) -> None:
        """Stores the reply with the update's effects, to be re-sent if the process dies
        before it was sent."""
        stmt = (
            update(t)
            .where(t.c.bot_id == bot_id, t.c.update_id == update_id)
            .values(pending_reply=reply)
        )
        await self._conn.execute(stmt)

    async def pending_reply(self, bot_id: int, update_id: int) -> str | None:
        stmt = select(t.c.pending_reply).where(t.c.bot_id == bot_id, t.c.update_id == update_id)
        return (await self._conn.execute(stmt)).scalar()

    async def reply_sent(self, bot_id: int, update_id: int) -> None:
        stmt = (
            update(t)
            .where(t.c.bot_id == bot_id, t.c.update_id == update_id)
            .values(pending_reply=None)
        )
        await self._conn.execute(stmt)

    async def prune(self, before: dt.datetime) -> int:
        """Forgets updates processed before `before`; returns how many."""
        stmt = delete(t).where(t.c.processed_at < before)
        return (await self._conn.execute(stmt)).rowcount
