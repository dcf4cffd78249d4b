"""Marketing setup (a single row) and number series."""

from __future__ import annotations

from sqlalchemy import select

from domain.model import MarketingSetup, NumberSeries
from storage.repositories.base import Repository
from storage.sql import upsert
from storage.tables import marketing_setup as setup_t
from storage.tables import number_series as series_t


class SqlSetupRepository(Repository):
    async def get(self) -> MarketingSetup:
        """The setup; its defaults while it was never saved."""
        row = (await self._conn.execute(select(setup_t).where(setup_t.c.id == 1))).first()
        if row is None:
            return MarketingSetup()
        return MarketingSetup(
            contact_nos=row.contact_nos,
            segment_nos=row.segment_nos,
            todo_nos=row.todo_nos,
            default_salesperson_code=row.default_salesperson_code,
            default_language_code=row.default_language_code,
        )

    async def save(self, setup: MarketingSetup) -> None:
        values = {
            "id": 1,
            "contact_nos": setup.contact_nos,
            "segment_nos": setup.segment_nos,
            "todo_nos": setup.todo_nos,
            "default_salesperson_code": setup.default_salesperson_code,
            "default_language_code": setup.default_language_code,
        }
        stmt = upsert(self._dialect, setup_t, keys=["id"], columns=values)
        await self._conn.execute(stmt, values)

    async def series(self, code: str) -> NumberSeries | None:
        """The series, its row locked until the transaction ends (FOR UPDATE on PostgreSQL;
        on SQLite the transaction already holds the write lock from BEGIN IMMEDIATE)."""
        stmt = select(series_t).where(series_t.c.code == code).with_for_update()
        row = (await self._conn.execute(stmt)).first()
        if row is None:
            return None
        return NumberSeries(
            code=row.code, prefix=row.prefix, width=int(row.width), next_no=int(row.next_no)
        )

    async def save_series(self, series: NumberSeries) -> None:
        values = {
            "code": series.code,
            "prefix": series.prefix,
            "width": series.width,
            "next_no": series.next_no,
        }
        stmt = upsert(self._dialect, series_t, keys=["code"], columns=values)
        await self._conn.execute(stmt, values)
