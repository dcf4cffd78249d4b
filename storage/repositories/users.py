"""Telegram users allowed to use the bot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, select

from domain.model import User
from storage.repositories.base import Repository
from storage.sql import select_by, upsert
from storage.tables import app_user as t


def _user(row: Row[Any]) -> User:
    return User(
        telegram_id=int(row.telegram_id),
        salesperson_code=row.salesperson_code,
        is_admin=bool(row.is_admin),
        language_code=row.language_code,
    )


class SqlUserRepository(Repository):
    async def get(self, telegram_id: int) -> User | None:
        by_id = {"key_telegram_id": telegram_id}
        row = (await self._conn.execute(select_by(t, "telegram_id"), by_id)).first()
        return _user(row) if row else None

    async def save(self, user: User) -> None:
        values = {
            "telegram_id": user.telegram_id,
            "salesperson_code": user.salesperson_code,
            "is_admin": user.is_admin,
            "language_code": user.language_code,
        }
        stmt = upsert(self._dialect, t, keys=["telegram_id"], columns=values)
        await self._conn.execute(stmt, values)

    async def remove(self, telegram_id: int) -> bool:
        result = await self._conn.execute(delete(t).where(t.c.telegram_id == telegram_id))
        return result.rowcount > 0

    async def list(self) -> list[User]:
        rows = await self._conn.execute(select(t).order_by(t.c.telegram_id))
        return [_user(row) for row in rows]
