"""Where a user is in a conversation, kept in the database (never only in memory), so any
instance can serve the next update and a restart loses nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class ChatState:
    flow: str = "idle"
    step: str = ""
    draft_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # The to-do the open draft does ("Log now"): logging that draft closes it.
    todo_no: str = ""
    todo_draft_id: int | None = None
    version: int = 0

    def go(self, flow: str, step: str = "", **data: Any) -> None:
        """Moves to a step; data of the previous step is dropped unless passed on. An open
        draft stays open whatever the flow, until it is logged or postponed."""
        self.flow, self.step, self.data = flow, step, dict(data)

    def to_json(self) -> dict[str, Any]:
        payload = asdict(self)
        del payload["version"]
        return payload

    @classmethod
    def from_json(cls, payload: dict[str, Any], version: int) -> ChatState:
        return cls(
            flow=str(payload.get("flow", "idle")),
            step=str(payload.get("step", "")),
            draft_id=payload.get("draft_id"),
            data=dict(payload.get("data") or {}),
            todo_no=str(payload.get("todo_no") or ""),
            todo_draft_id=payload.get("todo_draft_id"),
            version=version,
        )
