"""Interaction templates, and how often a salesperson uses each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.model import InformationFlow, InitiatedBy, InteractionTemplate
from storage.repositories.base import ReadOnce, Repository
from storage.sql import inline, select_by, upsert
from storage.tables import interaction_template as t
from storage.tables import template_usage as usage


def _template(row: Row[Any]) -> InteractionTemplate:
    return InteractionTemplate(
        code=row.code,
        group_code=row.group_code,
        description=row.description,
        description_cs=row.description_cs,
        unit_cost=row.unit_cost,
        unit_duration=int(row.unit_duration),
        information_flow=InformationFlow(row.information_flow),
        initiated_by=InitiatedBy(row.initiated_by),
        campaign_no=row.campaign_no,
        correspondence_type=row.correspondence_type,
        next_template_code=row.next_template_code,
        next_in_days=None if row.next_in_days is None else int(row.next_in_days),
    )


# A few dozen rows at most: inline.
_ALL = inline(select(t).order_by(t.c.code))
# One key range of the counter kept with the log: as many rows as templates used.
_USAGE = inline(
    select(usage.c.template_code, usage.c.entries).where(
        usage.c.salesperson_code == bindparam("salesperson_code"), usage.c.entries > 0
    )
)


class SqlTemplateRepository(Repository):
    def __init__(self, conn: AsyncConnection) -> None:
        super().__init__(conn)
        self._read = ReadOnce[InteractionTemplate]()

    async def get(self, code: str) -> InteractionTemplate | None:
        return await self._read.get(code, lambda: self._load(code))

    async def _load(self, code: str) -> InteractionTemplate | None:
        row = (await self._conn.execute(select_by(t, "code"), {"key_code": code})).first()
        return _template(row) if row else None

    async def save(self, template: InteractionTemplate) -> None:
        self._read.clear()
        values = {
            "code": template.code,
            "group_code": template.group_code,
            "description": template.description,
            "description_cs": template.description_cs,
            "unit_cost": template.unit_cost,
            "unit_duration": template.unit_duration,
            "information_flow": template.information_flow.value,
            "initiated_by": template.initiated_by.value,
            "campaign_no": template.campaign_no,
            "correspondence_type": template.correspondence_type,
            "next_template_code": template.next_template_code,
            "next_in_days": template.next_in_days,
        }
        await self._conn.execute(upsert(self._dialect, t, keys=["code"], columns=values), values)

    async def list(self) -> list[InteractionTemplate]:
        return [_template(row) for row in await self._conn.execute(_ALL)]

    async def usage(self, salesperson_code: str) -> dict[str, int]:
        """domain.usage.template_usage, from the counter kept with the log."""
        rows = await self._conn.execute(_USAGE, {"salesperson_code": salesperson_code})
        return {row.template_code: int(row.entries) for row in rows}
