"""What the bot says, collected while an update is handled and sent only after commit."""

from __future__ import annotations

from dataclasses import dataclass, field

Button = tuple[str, str]  # (label, callback data)
Keyboard = list[list[Button]]


@dataclass(frozen=True, slots=True)
class Send:
    chat_id: int
    text: str
    keyboard: Keyboard | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    chat_id: int
    message_id: int
    text: str
    keyboard: Keyboard | None = None


@dataclass(frozen=True, slots=True)
class StripKeyboard:
    chat_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class Answer:
    query_id: str
    text: str = ""
    alert: bool = False


Action = Send | Edit | StripKeyboard | Answer


@dataclass(slots=True)
class Reply:
    actions: list[Action] = field(default_factory=list)
    outbox_written: bool = False  # the sender is woken after commit

    def add(self, action: Action) -> None:
        self.actions.append(action)

    def answer(self, query_id: str, text: str, *, alert: bool = False) -> None:
        self.actions.append(Answer(query_id, text, alert))
