"""Drafts: interactions being filled in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, delete, insert, select, update

from domain.model import Draft, Evaluation, InformationFlow, InitiatedBy
from storage.repositories.base import Repository
from storage.repositories.media import attachment_of, location_of, media_values
from storage.tables import draft as t


def _draft(row: Row[Any]) -> Draft:
    return Draft(
        id=int(row.id),
        user_id=int(row.user_id),
        salesperson_code=row.salesperson_code,
        contact_no=row.contact_no,
        contact_company_no=row.contact_company_no,
        date=row.date,
        time=row.time,
        template_code=row.template_code,
        group_code=row.group_code,
        description=row.description,
        information_flow=InformationFlow(row.information_flow),
        initiated_by=InitiatedBy(row.initiated_by),
        cost=row.cost,
        duration=int(row.duration),
        evaluation=Evaluation(row.evaluation),
        attempt_failed=bool(row.attempt_failed),
        campaign_no=row.campaign_no,
        attachment=attachment_of(row),
        location=location_of(row),
        entry_no=row.entry_no,
    )


def _values(draft: Draft) -> dict[str, Any]:
    return {
        "user_id": draft.user_id,
        "salesperson_code": draft.salesperson_code,
        "contact_no": draft.contact_no,
        "contact_company_no": draft.contact_company_no,
        "date": draft.date,
        "time": draft.time,
        "template_code": draft.template_code,
        "group_code": draft.group_code,
        "description": draft.description,
        "information_flow": draft.information_flow.value,
        "initiated_by": draft.initiated_by.value,
        "cost": draft.cost,
        "duration": draft.duration,
        "evaluation": draft.evaluation.value,
        "attempt_failed": draft.attempt_failed,
        "campaign_no": draft.campaign_no,
        "entry_no": draft.entry_no,
        **media_values(draft.attachment, draft.location),
    }


class SqlDraftRepository(Repository):
    async def get(self, draft_id: int) -> Draft | None:
        row = (await self._conn.execute(select(t).where(t.c.id == draft_id))).first()
        return _draft(row) if row else None

    async def add(self, draft: Draft) -> int:
        """Stores a new draft and returns its id (the draft's own `id` is ignored)."""
        stmt = insert(t).values(**_values(draft)).returning(t.c.id)
        return int((await self._conn.execute(stmt)).scalar_one())

    async def update(self, draft: Draft) -> None:
        if draft.id is None:
            raise ValueError("Cannot update a draft that was never stored")
        await self._conn.execute(update(t).where(t.c.id == draft.id).values(**_values(draft)))

    async def delete(self, draft_id: int) -> None:
        await self._conn.execute(delete(t).where(t.c.id == draft_id))
