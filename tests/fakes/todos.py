"""To-dos and the scheduler's marks, in memory."""

from __future__ import annotations

import builtins
import copy
import datetime as dt
from collections.abc import Sequence

from domain.model import Todo, TodoStatus
from tests.fakes.data import _Repo


def _order(todo: Todo) -> tuple[dt.date, bool, dt.time, str]:
    return (todo.date, todo.time is not None, todo.time or dt.time(0), todo.no)


class FakeTodos(_Repo):
    async def get(self, no: str) -> Todo | None:
        return copy.copy(self.d.todos.get(no))

    async def add(self, todo: Todo) -> None:
        assert todo.no not in self.d.todos
        self.d.todos[todo.no] = copy.copy(todo)

    async def update(self, todo: Todo) -> None:
        assert todo.no in self.d.todos
        self.d.todos[todo.no] = copy.copy(todo)

    def _open(self, salesperson_code: str, contact_no: str, due_by: dt.date | None) -> list[Todo]:
        found = [
            t
            for t in self.d.todos.values()
            if t.status is TodoStatus.OPEN
            and (not salesperson_code or t.salesperson_code == salesperson_code)
            and (not contact_no or t.contact_no == contact_no)
            and (due_by is None or t.date <= due_by)
        ]
        return sorted(found, key=_order)

    async def open(
        self,
        *,
        salesperson_code: str = "",
        contact_no: str = "",
        due_by: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Todo]:
        found = self._open(salesperson_code, contact_no, due_by)[offset:]
        return [copy.copy(t) for t in (found if limit is None else found[:limit])]

    async def count_open(self, *, salesperson_code: str = "") -> int:
        return len(self._open(salesperson_code, "", None))

    async def created_by(self, entry_no: int) -> Todo | None:
        found = sorted(
            (t for t in self.d.todos.values() if t.created_by_entry_no == entry_no),
            key=lambda t: t.no,
        )
        return copy.copy(found[0]) if found else None

    async def due_reminders(self, now: dt.datetime, *, limit: int) -> builtins.list[Todo]:
        due = [
            t
            for t in self.d.todos.values()
            if t.status is TodoStatus.OPEN
            and not t.reminded
            and t.remind_at is not None
            and t.remind_at <= now
        ]
        due.sort(key=lambda t: (t.remind_at or now, t.no))
        return [copy.copy(t) for t in due[:limit]]

    async def mark_reminded(self, no: str) -> bool:
        todo = self.d.todos[no]
        if todo.reminded:
            return False
        todo.reminded = True
        return True

    async def overdue_counts(self, now: dt.datetime) -> dict[str, int]:
        counts: dict[str, int] = {}
        for todo in self.d.todos.values():
            if todo.overdue(now):
                counts[todo.salesperson_code] = counts.get(todo.salesperson_code, 0) + 1
        return counts

    async def export(self) -> builtins.list[Todo]:
        return [copy.copy(self.d.todos[no]) for no in sorted(self.d.todos)]


class FakeScheduleMarks(_Repo):
    async def claim(self, kind: str, key: str, now: dt.datetime) -> bool:
        if (kind, key) in self.d.marks:
            return False
        self.d.marks.add((kind, key))
        return True

    async def claimed(self, kind: str, keys: Sequence[str]) -> set[str]:
        return {key for key in keys if (kind, key) in self.d.marks}
