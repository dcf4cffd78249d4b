"""Drafts being filled in, and the notification outbox."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from domain.model import (
    Draft,
)
from domain.ports import Buttons
from tests.fakes.data import _Repo


class FakeDrafts(_Repo):
    async def get(self, draft_id: int) -> Draft | None:
        return copy.copy(self.d.drafts.get(draft_id))

    async def add(self, draft: Draft) -> int:
        draft_id = self.d.next("draft")
        self.d.drafts[draft_id] = replace(draft, id=draft_id)
        return draft_id

    async def update(self, draft: Draft) -> None:
        assert draft.id in self.d.drafts
        self.d.drafts[draft.id] = copy.copy(draft)

    async def delete(self, draft_id: int) -> None:
        del self.d.drafts[draft_id]


class FakeOutbox(_Repo):
    async def add(
        self,
        *,
        chat_id: int,
        text: str,
        buttons: Buttons | None = None,
        attachment: dict[str, Any] | None = None,
    ) -> None:
        self.d.outbox.append((chat_id, text))
