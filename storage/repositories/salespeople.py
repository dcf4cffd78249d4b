"""Salespeople."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from domain.model import Salesperson
from storage.repositories.base import Repository
from storage.sql import select_by, upsert
from storage.tables import salesperson as t


def _salesperson(row: Row[Any]) -> Salesperson:
    return Salesperson(code=row.code, name=row.name, email=row.email, blocked=bool(row.blocked))


class SqlSalespersonRepository(Repository):
    async def get(self, code: str) -> Salesperson | None:
        row = (await self._conn.execute(select_by(t, "code"), {"key_code": code})).first()
        return _salesperson(row) if row else None

    async def save(self, salesperson: Salesperson) -> None:
        values = {
            "code": salesperson.code,
            "name": salesperson.name,
            "email": salesperson.email,
            "blocked": salesperson.blocked,
        }
        await self._conn.execute(upsert(self._dialect, t, keys=["code"], columns=values), values)

    async def list(self) -> list[Salesperson]:
        rows = await self._conn.execute(select(t).order_by(t.c.code))
        return [_salesperson(row) for row in rows]
