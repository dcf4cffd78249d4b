"""Each user's conversation state (flow, step, card), kept in the database between updates."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, select, update

from storage.repositories.base import Repository
from storage.sql import inline, insert, select_by, upsert
from storage.tables import chat_state as t

_USER = t.c.user_id == bindparam("key_user_id")
_PENDING = t.c.pending_update_id == bindparam("key_update_id")
_KEEP_REPLY = inline(update(t).where(_USER))
_PENDING_REPLY = inline(select(t.c.pending_reply).where(_USER, _PENDING))
_REPLY_SENT = update(t).where(_USER, _PENDING).values(pending_reply=None)
# Serialises one user's updates across processes (instances): each update's transaction
# holds the user's row until it commits. SQLite needs none: its writers already queue
# (BEGIN IMMEDIATE), and FOR UPDATE is left out of its SQL.
_LOCK = inline(select(t.c.payload, t.c.version).where(_USER).with_for_update())
_UNSENT = select(t.c.user_id, t.c.pending_update_id, t.c.pending_reply).where(
    t.c.pending_reply.is_not(None)
)


@functools.cache
def _insert_missing(dialect: str) -> Any:
    return insert(dialect, t).on_conflict_do_nothing(index_elements=["user_id"])


class ChatStateRepository(Repository):
    async def get(self, user_id: int) -> tuple[dict[str, Any], int] | None:
        """(payload, version), or None when the user has no state."""
        row = (await self._conn.execute(select_by(t, "user_id"), {"key_user_id": user_id})).first()
        if row is None:
            return None
        payload: dict[str, Any] = json.loads(row.payload)
        return payload, int(row.version)

    async def lock(self, user_id: int) -> tuple[dict[str, Any], int] | None:
        """As `get`, but the row stays locked until the transaction ends, so that another
        update of the same user (on another instance too) waits and then reads what this
        one wrote. A user without a row gets an empty one first, which is locked the same."""
        keys = {"key_user_id": user_id}
        row = (await self._conn.execute(_LOCK, keys)).first()
        if row is None and self._dialect == "postgresql":
            empty = {"user_id": user_id, "payload": "{}", "version": 0}
            await self._conn.execute(
                _insert_missing(self._dialect), {**empty, "updated_at": dt.datetime.now(dt.UTC)}
            )
            row = (await self._conn.execute(_LOCK, keys)).first()
        if row is None:
            return None
        payload: dict[str, Any] = json.loads(row.payload)
        return payload, int(row.version)

    async def save(
        self,
        user_id: int,
        payload: dict[str, Any],
        version: int,
        *,
        now: dt.datetime | None = None,
        reply: tuple[int, str] | None = None,
    ) -> None:
        """Stores the payload (JSON-serialisable) and version, replacing what was there;
        with `reply` (update id, reply), also the reply to that update as keep_reply does."""
        values: dict[str, Any] = {
            "user_id": user_id,
            "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
            "version": version,
            "updated_at": now or dt.datetime.now(dt.UTC),
        }
        if reply is not None:
            values["pending_update_id"], values["pending_reply"] = reply
        stmt = upsert(self._dialect, t, keys=["user_id"], columns=values)
        await self._conn.execute(stmt, values)

    async def keep_reply(self, user_id: int, update_id: int, reply: str) -> None:
        """Stores the reply to the user's latest update with its effects, replacing any
        older one: only the latest reply is worth re-sending after a crash."""
        values = {"key_user_id": user_id, "pending_update_id": update_id, "pending_reply": reply}
        await self._conn.execute(_KEEP_REPLY, values)

    async def pending_reply(self, user_id: int, update_id: int) -> str | None:
        """The reply to `update_id` if it is the user's latest and was never sent."""
        keys = {"key_user_id": user_id, "key_update_id": update_id}
        return (await self._conn.execute(_PENDING_REPLY, keys)).scalar()

    async def replies_sent(self, sent: Sequence[tuple[int, int]]) -> None:
        """Forgets the replies (user id, update id) as sent, unless newer ones replaced them.
        Rows are taken in one order, so that two instances writing at once cannot deadlock."""
        keys = [
            {"key_user_id": user_id, "key_update_id": update_id}
            for user_id, update_id in sorted(sent)
        ]
        if keys:
            await self._conn.execute(_REPLY_SENT, keys)

    async def unsent_replies(self) -> list[tuple[int, int, str]]:
        """(user id, update id, reply) of every reply kept and not known to be sent."""
        rows = await self._conn.execute(_UNSENT)
        return [(int(r.user_id), int(r.pending_update_id), r.pending_reply) for r in rows]

    async def delete(self, user_id: int) -> None:
        await self._conn.execute(delete(t).where(t.c.user_id == user_id))
