"""What the bot says, collected while an update is handled and sent only after commit."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

Button = tuple[str, str]  # (label, callback data), or a URL or switch button (below)
URL = "url:"  # (label, URL + "https://..."): a button opening a link
SWITCH_INLINE = "inline:"  # (label, SWITCH_INLINE + query): inline mode in this chat
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


@dataclass(frozen=True, slots=True)
class SendFile:
    """A photo or document made when the reply is sent (bot/attachments.py), from what
    `source` names and `params` say: the reply kept meanwhile holds these, not the bytes."""

    chat_id: int
    kind: str  # "photo" or "document"
    source: str  # "chart", "export" or "text"
    params: dict[str, Any]
    filename: str
    caption: str = ""


Menu = list[tuple[str, str]]  # (command, description)


@dataclass(frozen=True, slots=True)
class ChatMenus:
    """The command menus of one private chat, by Telegram language code ("" for any);
    an empty menu is deleted, so that the bot's default one applies again."""

    chat_id: int
    menus: list[tuple[str, Menu]]


@dataclass(frozen=True, slots=True)
class StartImport:
    """Imports the document `file_id` sent to `chat_id`, as the user `telegram_id`, off the
    update's path (bot/chat_import.py): the reply kept meanwhile holds this, not the file."""

    chat_id: int
    telegram_id: int
    kind: str
    file_id: str
    file_name: str
    language: str = ""


@dataclass(frozen=True, slots=True)
class AnswerInline:
    """The answer to an inline query: its results (InlineQueryResult objects of the Bot
    API, as JSON) and the button above them, if any (InlineQueryResultsButton)."""

    query_id: str
    results: list[dict[str, Any]]
    button: dict[str, Any] | None = None


Action = Send | Edit | StripKeyboard | Answer | SendFile | ChatMenus | StartImport | AnswerInline


@dataclass(slots=True)
class Reply:
    actions: list[Action] = field(default_factory=list)
    outbox_written: bool = False  # the sender is woken after commit

    def add(self, action: Action) -> None:
        self.actions.append(action)

    def answer(self, query_id: str, text: str, *, alert: bool = False) -> None:
        self.actions.append(Answer(query_id, text, alert))


_KINDS: dict[str, type[Action]] = {
    "send": Send,
    "edit": Edit,
    "strip": StripKeyboard,
    "answer": Answer,
    "file": SendFile,
    "menus": ChatMenus,
    "import": StartImport,
    "inline": AnswerInline,
}


_NAMES = {cls: name for name, cls in _KINDS.items()}
_FIELDS = {cls: [f.name for f in fields(cls)] for cls in _KINDS.values()}


def dump(reply: Reply) -> str:
    """The reply as JSON, kept with the update until it was sent."""
    return json.dumps([_as_dict(action) for action in reply.actions], ensure_ascii=False)


def _as_dict(action: Action) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every keyboard, a tenth of an update's CPU.
    kind = type(action)
    return {"kind": _NAMES[kind], **{name: getattr(action, name) for name in _FIELDS[kind]}}


def load(text: str) -> Reply:
    actions: list[Action] = []
    for item in json.loads(text):
        kind = _KINDS[item.pop("kind")]
        if item.get("keyboard") is not None:
            item["keyboard"] = [[tuple(button) for button in row] for row in item["keyboard"]]
        actions.append(kind(**item))
    return Reply(actions)
