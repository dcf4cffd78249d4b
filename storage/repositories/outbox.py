"""The outbox: notifications written with the change they report, sent after commit."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import insert, select, update

from domain.model import OutboxMessage
from domain.ports import Buttons
from storage.repositories.base import Repository
from storage.sql import inline
from storage.tables import outbox as t

_ADD = inline(insert(t))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SqlOutboxRepository(Repository):
    async def add(
        self,
        *,
        chat_id: int,
        text: str,
        buttons: Buttons | None = None,
        attachment: dict[str, Any] | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Queues `text` for `chat_id`, due at once (`now` defaults to the current UTC time)."""
        now = now or _utcnow()
        keyboard = json.dumps([[list(b) for b in row] for row in buttons]) if buttons else None
        values = {"chat_id": chat_id, "text": text, "created_at": now, "next_try_at": now}
        file = json.dumps(attachment, ensure_ascii=False) if attachment else None
        await self._conn.execute(
            _ADD, {**values, "attempts": 0, "keyboard": keyboard, "attachment": file}
        )

    async def due(self, now: dt.datetime, limit: int) -> list[OutboxMessage]:
        """Unsent messages whose next try is due, oldest first. On PostgreSQL the rows stay
        locked until the transaction ends and rows locked by other senders are skipped."""
        stmt = (
            select(t.c.id, t.c.chat_id, t.c.text, t.c.attempts, t.c.keyboard, t.c.attachment)
            .where(t.c.sent_at.is_(None), t.c.next_try_at <= now)
            .order_by(t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [
            OutboxMessage(
                id=int(row.id),
                chat_id=int(row.chat_id),
                text=row.text,
                attempts=int(row.attempts),
                buttons=_buttons(row.keyboard),
                attachment=json.loads(row.attachment) if row.attachment else None,
            )
            for row in await self._conn.execute(stmt)
        ]

    async def lease(self, message_id: int, *, now: dt.datetime, until: dt.datetime) -> bool:
        """Takes `message_id` for sending until `until`, if it is still unsent and due at `now`;
        False when another sender took it (or sent it) first."""
        stmt = (
            update(t)
            .where(t.c.id == message_id, t.c.sent_at.is_(None), t.c.next_try_at <= now)
            .values(next_try_at=until, last_error="sending")
        )
        return (await self._conn.execute(stmt)).rowcount == 1

    async def mark_sent(self, message_id: int, now: dt.datetime) -> None:
        stmt = update(t).where(t.c.id == message_id).values(sent_at=now, attempts=t.c.attempts + 1)
        await self._conn.execute(stmt)

    async def mark_failed(self, message_id: int, next_try_at: dt.datetime, error: str) -> None:
        stmt = (
            update(t)
            .where(t.c.id == message_id)
            .values(next_try_at=next_try_at, attempts=t.c.attempts + 1, last_error=error)
        )
        await self._conn.execute(stmt)


def _buttons(keyboard: str | None) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    if not keyboard:
        return None
    return tuple(tuple((str(b[0]), str(b[1])) for b in row) for row in json.loads(keyboard))
