"""What the fakes hold: one object, deep-copied on entering a unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.model import (
    Contact,
    Draft,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    LoggedSegment,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    Segment,
    SegmentLine,
    Todo,
    User,
)

if TYPE_CHECKING:
    from tests.fakes import FakeUnitOfWork


@dataclass
class Data:
    salespeople: dict[str, Salesperson] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    import_owner: str | None = None
    import_journal: dict[str, Contact | None] = field(default_factory=dict)
    groups: dict[str, InteractionGroup] = field(default_factory=dict)
    templates: dict[str, InteractionTemplate] = field(default_factory=dict)
    entries: dict[int, InteractionLogEntry] = field(default_factory=dict)
    segments: dict[str, Segment] = field(default_factory=dict)
    lines: dict[tuple[str, int], SegmentLine] = field(default_factory=dict)
    logged: dict[int, LoggedSegment] = field(default_factory=dict)
    setup: MarketingSetup = field(default_factory=MarketingSetup)
    series: dict[str, NumberSeries] = field(default_factory=dict)
    drafts: dict[int, Draft] = field(default_factory=dict)
    outbox: list[tuple[int, str]] = field(default_factory=list)
    todos: dict[str, Todo] = field(default_factory=dict)
    marks: set[tuple[str, str]] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)

    def next(self, name: str, count: int = 1) -> int:
        first = self.counters.get(name, 1)
        self.counters[name] = first + count
        return first


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def d(self) -> Data:
        return self._uow.data
