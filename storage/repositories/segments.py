"""Segments (header + lines): editing, previewing, checking and copying lines set-based."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Row,
    String,
    and_,
    bindparam,
    case,
    delete,
    false,
    func,
    insert,
    select,
    update,
)

from domain.model import Segment, SegmentLine, SegmentSummary
from domain.segment_rules import FOLLOWED_FIELDS, LineProblem
from storage.repositories.base import Repository
from storage.repositories.interaction_columns import interaction_fields, interaction_values
from storage.sql import json_rows, one_of
from storage.tables import contact as contact_t
from storage.tables import interaction_template as template_t
from storage.tables import salesperson as salesperson_t
from storage.tables import segment_header as t
from storage.tables import segment_line as line_t

BULK_THRESHOLD = 200


def _segment(row: Row[Any]) -> Segment:
    return Segment(
        no=row.no,
        salesperson_code=row.salesperson_code,
        date=row.date,
        campaign_no=row.campaign_no,
        **interaction_fields(row),
    )


def _segment_values(segment: Segment) -> dict[str, Any]:
    return {
        "salesperson_code": segment.salesperson_code,
        "date": segment.date,
        "campaign_no": segment.campaign_no,
        **interaction_values(segment),
    }


def _line(row: Row[Any]) -> SegmentLine:
    return SegmentLine(
        segment_no=row.segment_no,
        line_no=int(row.line_no),
        contact_no=row.contact_no,
        contact_company_no=row.contact_company_no,
        salesperson_code=row.salesperson_code,
        date=row.date,
        template_overridden=bool(row.template_overridden),
        **interaction_fields(row),
    )


def _line_values(line: SegmentLine) -> dict[str, Any]:
    return {
        "contact_no": line.contact_no,
        "contact_company_no": line.contact_company_no,
        "salesperson_code": line.salesperson_code,
        "date": line.date,
        "template_overridden": line.template_overridden,
        **interaction_values(line),
    }


class SqlSegmentRepository(Repository):
    async def get(self, no: str, *, lock: bool = False) -> Segment | None:
        """`lock`: FOR UPDATE on PostgreSQL; SQLite's write transaction holds the whole
        database already."""
        stmt = select(t).where(t.c.no == no)
        row = (await self._conn.execute(stmt.with_for_update() if lock else stmt)).first()
        return _segment(row) if row else None

    async def add(self, segment: Segment) -> None:
        await self._conn.execute(insert(t).values(no=segment.no, **_segment_values(segment)))

    async def update(self, segment: Segment) -> None:
        stmt = update(t).where(t.c.no == segment.no).values(**_segment_values(segment))
        await self._conn.execute(stmt)

    async def delete(self, no: str) -> None:
        """Removes the segment with its lines."""
        await self._conn.execute(delete(line_t).where(line_t.c.segment_no == no))
        await self._conn.execute(delete(t).where(t.c.no == no))

    async def summary(self, no: str) -> SegmentSummary | None:
        segment = await self.get(no)
        if segment is None:
            return None
        stmt = select(
            func.count().label("lines"),
            func.coalesce(func.sum(line_t.c.cost), 0).label("total_cost"),
            func.coalesce(func.sum(line_t.c.duration), 0).label("total_duration"),
            func.coalesce(func.sum(case((line_t.c.template_code == "", 1), else_=0)), 0).label(
                "without_template"
            ),
        ).where(line_t.c.segment_no == no)
        row = (await self._conn.execute(stmt)).one()
        return SegmentSummary(
            segment=segment,
            lines=int(row.lines),
            total_cost=row.total_cost,
            total_duration=int(row.total_duration),
            lines_without_template=int(row.without_template),
        )

    async def lines(
        self, no: str, *, limit: int | None = None, offset: int = 0
    ) -> builtins.list[SegmentLine]:
        stmt = (
            select(line_t)
            .where(line_t.c.segment_no == no)
            .order_by(line_t.c.line_no)
            .limit(limit)
            .offset(offset)
        )
        return [_line(row) for row in await self._conn.execute(stmt)]

    async def line(self, no: str, line_no: int) -> SegmentLine | None:
        stmt = select(line_t).where(line_t.c.segment_no == no, line_t.c.line_no == line_no)
        row = (await self._conn.execute(stmt)).first()
        return _line(row) if row is not None else None

    async def contact_nos(self, no: str) -> set[str]:
        stmt = select(line_t.c.contact_no).where(line_t.c.segment_no == no)
        return set((await self._conn.execute(stmt)).scalars())

    async def add_lines(self, lines: Sequence[SegmentLine]) -> None:
        if not lines:
            return
        rows = [
            {"segment_no": line.segment_no, "line_no": line.line_no, **_line_values(line)}
            for line in lines
        ]
        if self._dialect == "postgresql" and len(rows) > BULK_THRESHOLD:
            # One statement with one JSON parameter beats asyncpg's executemany by far.
            source = json_rows(self._dialect, rows, list(line_t.c))
            names = [c.name for c in line_t.c]
            stmt = insert(line_t).from_select(names, select(*(source.c[n] for n in names)))
            await self._conn.execute(stmt)
        else:
            await self._conn.execute(insert(line_t), rows)

    async def update_line(self, line: SegmentLine) -> None:
        stmt = (
            update(line_t)
            .where(line_t.c.segment_no == line.segment_no, line_t.c.line_no == line.line_no)
            .values(**_line_values(line))
        )
        await self._conn.execute(stmt)

    async def remove_lines(self, no: str, contact_nos: Sequence[str]) -> int:
        if not contact_nos:
            return 0
        stmt = delete(line_t).where(
            line_t.c.segment_no == no, one_of(self._dialect, line_t.c.contact_no, contact_nos)
        )
        return (await self._conn.execute(stmt)).rowcount

    async def last_line_no(self, no: str) -> int:
        stmt = select(func.coalesce(func.max(line_t.c.line_no), 0)).where(line_t.c.segment_no == no)
        return int((await self._conn.execute(stmt)).scalar_one())

    async def follow_header_template(self, no: str, *, old_code: str, segment: Segment) -> int:
        """domain.segment_rules.follows_header / follow_header, as one UPDATE."""
        values = interaction_values(segment)
        stmt = (
            update(line_t)
            .where(
                line_t.c.segment_no == no,
                line_t.c.template_code == old_code,
                line_t.c.template_overridden == false(),
            )
            .values(**{name: values[name] for name in FOLLOWED_FIELDS})
        )
        return (await self._conn.execute(stmt)).rowcount

    async def assign_lines(self, no: str, *, salesperson_code: str) -> int:
        """domain.segment_rules.assign_line, as one UPDATE."""
        stmt = (
            update(line_t)
            .where(line_t.c.segment_no == no)
            .values(salesperson_code=salesperson_code)
        )
        return (await self._conn.execute(stmt)).rowcount

    async def invalid_lines(self, no: str, *, limit: int) -> builtins.list[tuple[int, LineProblem]]:
        """domain.segment_rules.invalid_lines, set-based: one CASE per line, in its order."""
        salesperson_code = func.coalesce(
            func.nullif(line_t.c.salesperson_code, ""), t.c.salesperson_code, ""
        )
        reason = case(
            (template_t.c.code.is_(None), LineProblem.TEMPLATE.value),
            (contact_t.c.no.is_(None), LineProblem.CONTACT.value),
            (contact_t.c.privacy_blocked, LineProblem.PRIVACY.value),
            (
                and_(salesperson_code != "", salesperson_t.c.code.is_(None)),
                LineProblem.SALESPERSON.value,
            ),
        ).label("reason")
        checked = (
            select(line_t.c.line_no, reason)
            .select_from(
                line_t.outerjoin(t, t.c.no == line_t.c.segment_no)
                .outerjoin(template_t, template_t.c.code == line_t.c.template_code)
                .outerjoin(contact_t, contact_t.c.no == line_t.c.contact_no)
                .outerjoin(salesperson_t, salesperson_t.c.code == salesperson_code)
            )
            .where(line_t.c.segment_no == no)
            .subquery()
        )
        # Materialised, so that the planner joins every line set-based (hash or merge joins)
        # instead of walking the lines one index probe at a time hoping the LIMIT stops it
        # early: on a valid segment nothing stops it, and 100k probes cost 3-4x more.
        invalid = (
            select(checked.c.line_no, checked.c.reason)
            .where(checked.c.reason.is_not(None))
            .cte("invalid_line")
            .prefix_with("MATERIALIZED")
        )
        stmt = select(invalid.c.line_no, invalid.c.reason).order_by(invalid.c.line_no).limit(limit)
        return [
            (int(row.line_no), LineProblem(row.reason)) for row in await self._conn.execute(stmt)
        ]

    async def copy_lines(self, *, source_no: str, target_no: str) -> int:
        """domain.segment_rules.follow_up_lines, as one INSERT ... SELECT (the target's last
        line number read in it)."""
        target = line_t.alias("target_line")
        target_no_param = bindparam("target_no", target_no, String)
        offset = (
            select(func.coalesce(func.max(target.c.line_no), 0))
            .where(target.c.segment_no == target_no_param)
            .scalar_subquery()
        )
        source = select(
            target_no_param,
            line_t.c.line_no + offset,
            line_t.c.contact_no,
            line_t.c.contact_company_no,
            line_t.c.salesperson_code,
        ).where(line_t.c.segment_no == source_no)
        columns = ["segment_no", "line_no", "contact_no", "contact_company_no", "salesperson_code"]
        return (await self._conn.execute(insert(line_t).from_select(columns, source))).rowcount

    async def list(self) -> list[Segment]:
        return [_segment(row) for row in await self._conn.execute(select(t).order_by(t.c.no))]
