"""Interaction log entries: single entries, history, statistics, and logging a segment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Row,
    Select,
    String,
    Time,
    bindparam,
    case,
    cast,
    delete,
    false,
    func,
    insert,
    select,
    true,
    update,
)

from domain.activity import Cell, Key
from domain.followups import POSTPONED_MARK
from domain.model import (
    INTERACTION_FIELDS,
    ContactStatistics,
    InitiatedBy,
    InteractionLogEntry,
)
from domain.usage import usage_change
from storage.counters import allocate
from storage.repositories import activity, template_usage
from storage.repositories.base import Repository
from storage.repositories.interaction_columns import (
    contact_interaction_fields,
    contact_interaction_values,
)
from storage.sql import inline, one_of
from storage.tables import ENTRY_COUNTER
from storage.tables import contact as contact_t
from storage.tables import interaction_log_entry as t
from storage.tables import interaction_template as template_t
from storage.tables import schedule_mark as mark_t
from storage.tables import segment_header as header_t
from storage.tables import segment_line as line_t

_ADD = inline(insert(t))
_GET = inline(select(t).where(t.c.entry_no == bindparam("entry_no")))
# An entry about to change or go: locked on PostgreSQL, so that the usage counts follow
# exactly one of two concurrent changes of the same entry.
_GET_FOR_UPDATE = _GET.with_for_update()

_NEWEST_FIRST = (t.c.date.desc(), t.c.time.desc(), t.c.entry_no.desc())


def _entry(row: Row[Any]) -> InteractionLogEntry:
    return InteractionLogEntry(
        entry_no=int(row.entry_no),
        user_id=row.user_id,
        segment_no=row.segment_no,
        logged_segment_entry_no=row.logged_segment_entry_no,
        canceled=bool(row.canceled),
        postponed=bool(row.postponed),
        **contact_interaction_fields(row),
    )


def _values(entry: InteractionLogEntry) -> dict[str, Any]:
    return {
        "user_id": entry.user_id,
        "segment_no": entry.segment_no,
        "logged_segment_entry_no": entry.logged_segment_entry_no,
        "canceled": entry.canceled,
        "postponed": entry.postponed,
        **contact_interaction_values(entry),
    }


class SqlEntryRepository(Repository):
    """Every write keeps the template usage counts (domain.usage) in the same transaction."""

    async def get(self, entry_no: int) -> InteractionLogEntry | None:
        return await self._get(_GET, entry_no)

    async def _get(self, stmt: Select[Any], entry_no: int) -> InteractionLogEntry | None:
        row = (await self._conn.execute(stmt, {"entry_no": entry_no})).first()
        return _entry(row) if row else None

    async def add(self, entry: InteractionLogEntry) -> int:
        """Stores the entry under the next entry number (its own `entry_no` is ignored)."""
        entry_no = await allocate(self._conn, ENTRY_COUNTER)
        await self._conn.execute(_ADD, {"entry_no": entry_no, **_values(entry)})
        await template_usage.change(self._conn, usage_change(None, entry))
        return entry_no

    async def update(self, entry: InteractionLogEntry) -> None:
        if entry.entry_no is None:
            raise ValueError("Cannot update an entry that was never stored")
        before = await self._get(_GET_FOR_UPDATE, entry.entry_no)
        stmt = update(t).where(t.c.entry_no == entry.entry_no).values(**_values(entry))
        await self._conn.execute(stmt)
        if before is not None:
            await template_usage.change(self._conn, usage_change(before, entry))

    async def delete(self, entry_no: int) -> None:
        before = await self._get(_GET_FOR_UPDATE, entry_no)
        await self._conn.execute(delete(t).where(t.c.entry_no == entry_no))
        await template_usage.change(self._conn, usage_change(before, None))

    async def postponed(
        self, salesperson_code: str, *, limit: int | None = None, offset: int = 0
    ) -> list[InteractionLogEntry]:
        """Newest first: read backwards along ix_interaction_log_entry_postponed, so a page
        reads its own rows only."""
        stmt = (
            select(t)
            .where(t.c.salesperson_code == salesperson_code, t.c.postponed == true())
            .order_by(*_NEWEST_FIRST)
            .limit(limit)
            .offset(offset)
        )
        return [_entry(row) for row in await self._conn.execute(stmt)]

    async def count_postponed(self, salesperson_code: str) -> int:
        stmt = select(func.count()).where(
            t.c.salesperson_code == salesperson_code, t.c.postponed == true()
        )
        return int((await self._conn.execute(stmt)).scalar_one())

    async def recent(self, salesperson_code: str, *, limit: int) -> list[tuple[str, str]]:
        """Read backwards along ix_interaction_log_entry_postponed (postponed = false), so
        it reads `limit` rows however long the log is."""
        stmt = (
            select(t.c.contact_no, t.c.template_code)
            .where(t.c.salesperson_code == salesperson_code, t.c.postponed == false())
            .order_by(*_NEWEST_FIRST)
            .limit(limit)
        )
        return [(row.contact_no, row.template_code) for row in await self._conn.execute(stmt)]

    async def most_active(
        self, *, first: dt.date, last: dt.date, limit: int
    ) -> list[tuple[str, int]]:
        entries = func.count().label("entries")
        stmt = (
            select(t.c.contact_no, entries)
            .where(
                t.c.date >= first,
                t.c.date <= last,
                t.c.postponed == false(),
                t.c.canceled == false(),
            )
            .group_by(t.c.contact_no)
            .order_by(entries.desc(), t.c.contact_no)
            .limit(limit)
        )
        return [(row.contact_no, int(row.entries)) for row in await self._conn.execute(stmt)]

    async def postponed_to_remind(
        self, before: dt.datetime, *, limit: int
    ) -> list[InteractionLogEntry]:
        """Oldest first along the partial index of postponed entries (a few rows among
        millions), leaving out those whose reminder was claimed."""
        claimed = (
            select(mark_t.c.key)
            .where(mark_t.c.kind == POSTPONED_MARK, mark_t.c.key == cast(t.c.entry_no, String))
            .exists()
        )
        earlier = (t.c.date < before.date()) | (
            (t.c.date == before.date()) & (t.c.time < before.time())
        )
        stmt = (
            select(t)
            # The date's range on its own lets the index be searched, not read whole.
            .where(t.c.postponed == true(), t.c.date <= before.date(), earlier, ~claimed)
            .order_by(t.c.date, t.c.time, t.c.entry_no)
            .limit(limit)
        )
        return [_entry(row) for row in await self._conn.execute(stmt)]

    async def history(
        self, contact_nos: Sequence[str], *, limit: int, offset: int = 0
    ) -> list[InteractionLogEntry]:
        """Newest first (date, time, entry number); postponed entries left out."""
        if not contact_nos:
            return []
        stmt = (
            select(t)
            .where(one_of(self._dialect, t.c.contact_no, contact_nos), t.c.postponed == false())
            .order_by(*_NEWEST_FIRST)
            .limit(limit)
            .offset(offset)
        )
        return [_entry(row) for row in await self._conn.execute(stmt)]

    async def statistics(self, contact_nos: Sequence[str]) -> ContactStatistics:
        """domain.statistics.contact_statistics, as one aggregate query."""
        if not contact_nos:
            return ContactStatistics()
        stmt = select(
            func.count().label("interactions"),
            func.coalesce(func.sum(t.c.cost), 0).label("cost"),
            func.coalesce(func.sum(t.c.duration), 0).label("duration"),
            func.max(case((t.c.attempt_failed == false(), t.c.date))).label("last_date"),
            func.max(case((t.c.initiated_by == InitiatedBy.US.value, t.c.date))).label(
                "last_attempted"
            ),
        ).where(
            one_of(self._dialect, t.c.contact_no, contact_nos),
            t.c.postponed == false(),
            t.c.canceled == false(),
        )
        row = (await self._conn.execute(stmt)).one()
        return ContactStatistics(
            interactions=int(row.interactions),
            cost=row.cost,
            duration=int(row.duration),
            last_date=row.last_date,
            last_attempted=row.last_attempted,
        )

    async def activity(
        self,
        *,
        key: Key,
        starts: Sequence[dt.date],
        last: dt.date,
        salesperson_code: str = "",
        contact_nos: Sequence[str] | None = None,
    ) -> list[Cell]:
        return await activity.activity(
            self._conn,
            key=key,
            starts=starts,
            last=last,
            salesperson_code=salesperson_code,
            contact_nos=contact_nos,
        )

    async def add_from_segment(
        self,
        *,
        segment_no: str,
        logged_segment_entry_no: int,
        user_id: str,
        date: dt.date,
        time: dt.time,
        lines: int | None = None,
    ) -> int:
        """domain.segment_rules.entries_from_segment as one INSERT ... SELECT: keep the two in
        step (tests/contract checks that they agree). The lines are counted first (unless the
        caller did) to reserve their block of entry numbers."""
        own = line_t.c.segment_no == segment_no
        if lines is None:
            counting = select(func.count()).select_from(line_t).where(own)
            count = int((await self._conn.execute(counting)).scalar_one())
        else:
            count = lines
        if not count and lines is None:
            return 0
        first = await allocate(self._conn, ENTRY_COUNTER, count)
        derived: dict[str, Any] = {
            "entry_no": bindparam("first", first - 1, Integer)
            + func.row_number().over(order_by=line_t.c.line_no),
            "contact_no": line_t.c.contact_no,
            "contact_company_no": line_t.c.contact_company_no,
            "date": func.coalesce(line_t.c.date, header_t.c.date, bindparam("date", date, Date)),
            "time": bindparam("time", time, Time),
            "salesperson_code": func.coalesce(
                func.nullif(line_t.c.salesperson_code, ""), header_t.c.salesperson_code
            ),
            "user_id": bindparam("user_id", user_id, String),
            # The line's interaction fields, whatever they are, then what is derived.
            **{name: line_t.c[name] for name in INTERACTION_FIELDS},
            "description": func.coalesce(
                func.nullif(line_t.c.description, ""),
                func.nullif(header_t.c.description, ""),
                template_t.c.description,
                "",
            ),
            "group_code": func.coalesce(template_t.c.group_code, ""),
            "campaign_no": func.coalesce(
                func.nullif(header_t.c.campaign_no, ""), template_t.c.campaign_no, ""
            ),
            "segment_no": bindparam("segment_no", segment_no, String),
            "logged_segment_entry_no": bindparam(
                "logged_segment_entry_no", logged_segment_entry_no, Integer
            ),
        }
        columns = list(derived)
        source = (
            select(*derived.values())
            .select_from(
                line_t.join(header_t, header_t.c.no == line_t.c.segment_no).outerjoin(
                    template_t, template_t.c.code == line_t.c.template_code
                )
            )
            .where(own)
        )
        adding = insert(t).from_select(columns, source)
        if self._dialect == "postgresql":
            # One statement: the usage is counted from what the INSERT returns, instead of
            # reading the new entries again (and sorting them, past work_mem) afterwards.
            inserted = adding.returning(t.c.salesperson_code, t.c.template_code, t.c.postponed).cte(
                "inserted"
            )
            counted = template_usage.counting_inserted(inserted).cte("counted")
            both = select(func.count()).select_from(inserted).add_cte(counted)
            written = int((await self._conn.execute(both)).scalar_one())
        else:
            written = (await self._conn.execute(adding)).rowcount
        if written != count:
            # Lines changed between the count and the insert (another transaction): the
            # reserved block no longer fits, so refuse rather than collide with later numbers.
            raise RuntimeError(f"Segment {segment_no} changed while it was being logged")
        if self._dialect != "postgresql":
            await template_usage.count_logged_segment(self._conn, logged_segment_entry_no)
        return count

    async def set_canceled_by_logged_segment(
        self, logged_segment_entry_no: int, *, canceled: bool
    ) -> int:
        # Canceled entries still count in the template usage (domain.usage): nothing to keep.
        stmt = (
            update(t)
            .where(t.c.logged_segment_entry_no == logged_segment_entry_no)
            .values(canceled=canceled)
        )
        return (await self._conn.execute(stmt)).rowcount

    async def export(
        self,
        *,
        date_from: dt.date | None,
        date_to: dt.date | None,
        salesperson_code: str,
        include_postponed: bool,
    ) -> list[tuple[InteractionLogEntry, str]]:
        """Entries in entry order with their contact's name; an empty salesperson means all."""
        name = func.coalesce(contact_t.c.name, "").label("contact_name")
        stmt = select(t, name).select_from(t.outerjoin(contact_t, contact_t.c.no == t.c.contact_no))
        if date_from is not None:
            stmt = stmt.where(t.c.date >= date_from)
        if date_to is not None:
            stmt = stmt.where(t.c.date <= date_to)
        if salesperson_code:
            stmt = stmt.where(t.c.salesperson_code == salesperson_code)
        if not include_postponed:
            stmt = stmt.where(t.c.postponed == false())
        rows = await self._conn.execute(stmt.order_by(t.c.entry_no))
        return [(_entry(row), row.contact_name) for row in rows]
