"""In-memory fakes of the storage ports, for domain tests (cosmicpython style, no mocks).

The fake unit of work snapshots its state on enter and restores it unless committed, so
tests of "nothing written on failure" mean the same here as on a real database."""

from __future__ import annotations

import copy
from types import TracebackType
from typing import Self

from tests.fakes.contacts import FakeContacts
from tests.fakes.data import Data
from tests.fakes.drafts import FakeDrafts, FakeOutbox
from tests.fakes.entries import FakeEntries
from tests.fakes.reference import FakeGroups, FakeSalespeople, FakeSetup, FakeTemplates, FakeUsers
from tests.fakes.segments import FakeLoggedSegments, FakeSegments
from tests.fakes.todos import FakeScheduleMarks, FakeTodos

__all__ = ["Data", "FakeUnitOfWork"]


class FakeUnitOfWork:
    def __init__(self, data: Data) -> None:
        self.committed = data  # what a real database would hold
        self.data = data
        self.commits = 0
        self.salespeople = FakeSalespeople(self)
        self.users = FakeUsers(self)
        self.contacts = FakeContacts(self)
        self.groups = FakeGroups(self)
        self.templates = FakeTemplates(self)
        self.entries = FakeEntries(self)
        self.segments = FakeSegments(self)
        self.logged_segments = FakeLoggedSegments(self)
        self.setup = FakeSetup(self)
        self.drafts = FakeDrafts(self)
        self.outbox = FakeOutbox(self)
        self.todos = FakeTodos(self)
        self.schedule_marks = FakeScheduleMarks(self)

    async def __aenter__(self) -> Self:
        self.data = copy.deepcopy(self.committed)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        self.committed.__dict__.update(copy.deepcopy(self.data).__dict__)
        self.commits += 1

    async def rollback(self) -> None:
        self.data = copy.deepcopy(self.committed)
