"""Telegram users allowed to use the bot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, delete, select

from domain.model import User
from storage.repositories.base import Repository
from storage.sql import inline, upsert
from storage.tables import app_user as t
from storage.tables import salesperson as sp

# The salesperson's blocked flag comes with the user, in the same statement: the services
# check it at every step without reading the salesperson again.
_WITH_BLOCKED = select(t, sp.c.blocked.label("salesperson_blocked")).select_from(
    t.outerjoin(sp, sp.c.code == t.c.salesperson_code)
)
_GET = inline(_WITH_BLOCKED.where(t.c.telegram_id == bindparam("key_telegram_id")))
_LIST = _WITH_BLOCKED.order_by(t.c.telegram_id)


def _user(row: Row[Any]) -> User:
    return User(
        telegram_id=int(row.telegram_id),
        salesperson_code=row.salesperson_code,
        is_admin=bool(row.is_admin),
        language_code=row.language_code,
        agenda=bool(row.agenda),
        salesperson_blocked=bool(row.salesperson_blocked),
    )


class SqlUserRepository(Repository):
    async def get(self, telegram_id: int) -> User | None:
        by_id = {"key_telegram_id": telegram_id}
        row = (await self._conn.execute(_GET, by_id)).first()
        return _user(row) if row else None

    async def save(self, user: User) -> None:
        values = {
            "telegram_id": user.telegram_id,
            "salesperson_code": user.salesperson_code,
            "is_admin": user.is_admin,
            "language_code": user.language_code,
            "agenda": user.agenda,
        }
        stmt = upsert(self._dialect, t, keys=["telegram_id"], columns=values)
        await self._conn.execute(stmt, values)

    async def remove(self, telegram_id: int) -> bool:
        result = await self._conn.execute(delete(t).where(t.c.telegram_id == telegram_id))
        return result.rowcount > 0

    async def list(self) -> list[User]:
        rows = await self._conn.execute(_LIST)
        return [_user(row) for row in rows]
