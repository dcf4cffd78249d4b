"""Drafts: interactions being filled in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, insert

from domain.model import Draft
from storage.repositories.base import Repository
from storage.repositories.interaction_columns import (
    contact_interaction_fields,
    contact_interaction_values,
)
from storage.sql import delete_by, inline, select_by, update_by
from storage.tables import draft as t

_ADD = inline(insert(t).returning(t.c.id))


def _draft(row: Row[Any]) -> Draft:
    return Draft(
        id=int(row.id),
        user_id=int(row.user_id),
        entry_no=row.entry_no,
        **contact_interaction_fields(row),
    )


def _values(draft: Draft) -> dict[str, Any]:
    return {
        "user_id": draft.user_id,
        "entry_no": draft.entry_no,
        **contact_interaction_values(draft),
    }


class SqlDraftRepository(Repository):
    async def get(self, draft_id: int) -> Draft | None:
        row = (await self._conn.execute(select_by(t, "id"), {"key_id": draft_id})).first()
        return _draft(row) if row else None

    async def add(self, draft: Draft) -> int:
        """Stores a new draft and returns its id (the draft's own `id` is ignored)."""
        return int((await self._conn.execute(_ADD, _values(draft))).scalar_one())

    async def update(self, draft: Draft) -> None:
        if draft.id is None:
            raise ValueError("Cannot update a draft that was never stored")
        await self._conn.execute(update_by(t, "id"), {"key_id": draft.id, **_values(draft)})

    async def delete(self, draft_id: int) -> None:
        await self._conn.execute(delete_by(t, "id"), {"key_id": draft_id})
