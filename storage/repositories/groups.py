"""Interaction groups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from domain.model import InteractionGroup
from storage.repositories.base import Repository
from storage.sql import inline, upsert
from storage.tables import interaction_group as t


def _group(row: Row[Any]) -> InteractionGroup:
    return InteractionGroup(
        code=row.code, description=row.description, description_cs=row.description_cs
    )


# A few dozen rows at most: inline.
_ALL = inline(select(t).order_by(t.c.code))


class SqlGroupRepository(Repository):
    async def get(self, code: str) -> InteractionGroup | None:
        row = (await self._conn.execute(select(t).where(t.c.code == code))).first()
        return _group(row) if row else None

    async def save(self, group: InteractionGroup) -> None:
        values = {
            "code": group.code,
            "description": group.description,
            "description_cs": group.description_cs,
        }
        await self._conn.execute(upsert(self._dialect, t, keys=["code"], columns=values), values)

    async def list(self) -> list[InteractionGroup]:
        return [_group(row) for row in await self._conn.execute(_ALL)]
