"""To-dos, and the marks of what the scheduler did once."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, and_, false, func, or_, select, true, update

from domain.model import Todo, TodoStatus, TodoType
from storage.repositories.base import Repository
from storage.sql import insert, one_of, select_by
from storage.tables import schedule_mark as mark_t
from storage.tables import todo as t

_OPEN = t.c.status == TodoStatus.OPEN.value
# Overdue first: by date, a to-do without a time first on its day, then by number.
_ORDER = (t.c.date, t.c.time.is_not(None), t.c.time, t.c.no)


def _todo(row: Row[Any]) -> Todo:
    return Todo(
        no=row.no,
        contact_no=row.contact_no,
        salesperson_code=row.salesperson_code,
        type=TodoType(row.type),
        template_code=row.template_code,
        date=row.date,
        time=row.time,
        description=row.description,
        status=TodoStatus(row.status),
        created_by_entry_no=row.created_by_entry_no,
        closed_by_entry_no=row.closed_by_entry_no,
        remind_at=row.remind_at,
        reminded=bool(row.reminded),
    )


def _values(todo: Todo) -> dict[str, Any]:
    return {
        "no": todo.no,
        "contact_no": todo.contact_no,
        "salesperson_code": todo.salesperson_code,
        "type": todo.type.value,
        "template_code": todo.template_code,
        "date": todo.date,
        "time": todo.time,
        "description": todo.description,
        "status": todo.status.value,
        "created_by_entry_no": todo.created_by_entry_no,
        "closed_by_entry_no": todo.closed_by_entry_no,
        "remind_at": todo.remind_at,
        "reminded": todo.reminded,
    }


class SqlTodoRepository(Repository):
    async def get(self, no: str) -> Todo | None:
        # Locked on PostgreSQL: two taps closing or snoozing one to-do take turns.
        stmt = select_by(t, "no").with_for_update()
        row = (await self._conn.execute(stmt, {"key_no": no})).first()
        return _todo(row) if row else None

    async def add(self, todo: Todo) -> None:
        await self._conn.execute(t.insert(), _values(todo))

    async def update(self, todo: Todo) -> None:
        await self._conn.execute(update(t).where(t.c.no == todo.no).values(_values(todo)))

    def _open(self, salesperson_code: str, contact_no: str, due_by: dt.date | None) -> list[Any]:
        where: list[Any] = [_OPEN]
        if salesperson_code:
            where.append(t.c.salesperson_code == salesperson_code)
        if contact_no:
            where.append(t.c.contact_no == contact_no)
        if due_by is not None:
            where.append(t.c.date <= due_by)
        return where

    async def open(
        self,
        *,
        salesperson_code: str = "",
        contact_no: str = "",
        due_by: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Todo]:
        stmt = (
            select(t)
            .where(*self._open(salesperson_code, contact_no, due_by))
            .order_by(*_ORDER)
            .limit(limit)
            .offset(offset)
        )
        return [_todo(row) for row in await self._conn.execute(stmt)]

    async def count_open(self, *, salesperson_code: str = "") -> int:
        stmt = select(func.count()).where(*self._open(salesperson_code, "", None))
        return int((await self._conn.execute(stmt)).scalar_one())

    async def created_by(self, entry_no: int) -> Todo | None:
        stmt = select(t).where(t.c.created_by_entry_no == entry_no).order_by(t.c.no).limit(1)
        row = (await self._conn.execute(stmt)).first()
        return _todo(row) if row else None

    async def due_reminders(self, now: dt.datetime, *, limit: int) -> builtins.list[Todo]:
        stmt = (
            select(t)
            .where(_OPEN, t.c.reminded == false(), t.c.remind_at <= now)
            .order_by(t.c.remind_at, t.c.no)
            .limit(limit)
        )
        return [_todo(row) for row in await self._conn.execute(stmt)]

    async def mark_reminded(self, no: str) -> bool:
        """A conditional UPDATE: on PostgreSQL a second instance marking the same to-do
        waits for the first's commit, then finds it marked and changes nothing."""
        stmt = update(t).where(t.c.no == no, t.c.reminded == false()).values(reminded=true())
        return (await self._conn.execute(stmt)).rowcount == 1

    async def overdue_counts(self, now: dt.datetime) -> dict[str, int]:
        # domain.model.Todo.overdue
        overdue = or_(
            t.c.date < now.date(),
            and_(t.c.date == now.date(), t.c.time.is_not(None), t.c.time < now.time()),
        )
        stmt = (
            select(t.c.salesperson_code, func.count())
            .where(_OPEN, overdue)
            .group_by(t.c.salesperson_code)
        )
        return {row[0]: int(row[1]) for row in await self._conn.execute(stmt)}

    async def export(self) -> builtins.list[Todo]:
        return [_todo(row) for row in await self._conn.execute(select(t).order_by(t.c.no))]


class SqlScheduleMarkRepository(Repository):
    async def claim(self, kind: str, key: str, now: dt.datetime) -> bool:
        stmt = (
            insert(self._dialect, mark_t)
            .values(kind=kind, key=key, at=now)
            .on_conflict_do_nothing(index_elements=["kind", "key"])
        )
        return (await self._conn.execute(stmt)).rowcount == 1

    async def claimed(self, kind: str, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        stmt = select(mark_t.c.key).where(
            mark_t.c.kind == kind, one_of(self._dialect, mark_t.c.key, keys)
        )
        return {row[0] for row in await self._conn.execute(stmt)}
