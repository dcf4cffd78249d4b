"""Chats, their messages (edits applied), files, callback queries and the update queue."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .faults import FaultPlan

JSON = dict[str, Any]
#: Told of every change a chat client would show: ("message", ChatMessage) when one is
#: stored, edited or deleted, ("answer", CallbackQueryRecord) when a tap is answered.
Observer = Callable[[str, Any], None]


def button_label(button: object) -> str:
    """The label of an inline or reply keyboard button (reply buttons may be bare strings)."""
    if isinstance(button, dict):
        return str(button.get("text", ""))
    return str(button)


@dataclass
class ChatMessage:
    """One message in a chat as Telegram would hold it now (after edits/deletion)."""

    chat: Chat
    message_id: int
    sender: JSON
    date: int
    text: str | None = None
    reply_markup: JSON | None = None
    content: JSON = field(default_factory=dict)
    raw_text: str | None = None
    edits: int = 0
    edit_date: int | None = None
    deleted: bool = False
    seq: int = 0

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def from_bot(self) -> bool:
        return bool(self.sender.get("is_bot"))

    @property
    def button_rows(self) -> list[list[str]]:
        """Button labels row by row (inline keyboard, or reply keyboard if that was sent)."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[button_label(button) for button in row] for row in rows]

    @property
    def buttons(self) -> list[str]:
        return [label for row in self.button_rows for label in row]

    def inline_buttons(self) -> list[JSON]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row if isinstance(button, dict)]

    def to_json(self) -> JSON:
        """The Telegram ``Message`` object for this message."""
        body: JSON = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": self.chat.to_json(),
            "from": self.sender,
            **self.content,
        }
        if self.text is not None:
            body["text"] = self.text
        if self.edit_date is not None:
            body["edit_date"] = self.edit_date
        # Telegram echoes only inline keyboards back; PTB would choke on anything else here.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            body["reply_markup"] = self.reply_markup
        return body

    def __str__(self) -> str:
        who = "bot" if self.from_bot else self.sender.get("first_name", "user")
        extra = f" buttons={self.buttons}" if self.buttons else ""
        edited = f" (edited x{self.edits})" if self.edits else ""
        return f"#{self.message_id} {who}: {self.text!r}{extra}{edited}"


@dataclass
class Chat:
    """A private chat (id == user id) or a group (negative id)."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    history: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False

    def to_json(self) -> JSON:
        body: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "username"):
            if getattr(self, key) is not None:
                body[key] = getattr(self, key)
        return body

    @property
    def messages(self) -> list[ChatMessage]:
        """Messages the bot sent here and has not deleted, oldest first (edits applied)."""
        return [m for m in self.history.values() if m.from_bot and not m.deleted]

    @property
    def last(self) -> ChatMessage:
        """The newest bot message; AssertionError if the bot never said anything here."""
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has sent no messages in chat {self.id}")
        return messages[-1]

    def transcript(self) -> str:
        """Every non-deleted message, for assertion messages."""
        return "\n".join(str(m) for m in self.history.values() if not m.deleted) or "(empty)"


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes

    def ids(self) -> JSON:
        """The fields every file object (Voice, PhotoSize, Document...) carries."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }

    def to_json(self) -> JSON:
        """The ``File`` object returned by getFile."""
        return {**self.ids(), "file_path": self.file_path}


@dataclass
class CallbackQueryRecord:
    id: str
    user_id: int
    data: str
    message: ChatMessage
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


class TelegramState:
    """Everything the fake Bot API server remembers, apart from the update queue."""

    def __init__(self, bot_user: JSON) -> None:
        self.bot_user = bot_user
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        # Inline queries asked (id -> the user's id) and the bot's answers (results, button).
        self.inline_queries: dict[str, int] = {}
        self.inline_answers: dict[str, JSON] = {}
        self.commands: dict[str, list[JSON]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.observers: list[Observer] = []
        self._seq = itertools.count(1)
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        """A fresh number for file and callback query ids."""
        return next(self._ids)

    def add_chat(self, chat: Chat) -> Chat:
        return self.chats.setdefault(chat.id, chat)

    def chat(self, chat_id: int) -> Chat:
        try:
            return self.chats[chat_id]
        except KeyError:
            raise AssertionError(f"unknown chat {chat_id}; known: {sorted(self.chats)}") from None

    def store(self, chat: Chat, sender: JSON, **fields: Any) -> ChatMessage:
        """Append a new message to ``chat`` with the next per-chat message id."""
        message = ChatMessage(
            chat=chat,
            message_id=chat.next_message_id,
            sender=sender,
            date=int(time.time()),
            **fields,
        )
        chat.next_message_id += 1
        chat.history[message.message_id] = message
        self.touch(message)
        return message

    def touch(self, message: ChatMessage) -> None:
        """Stamp ``message`` as changed now (new, edited or deleted)."""
        message.seq = next(self._seq)
        self.notify("message", message)

    def notify(self, kind: str, subject: Any) -> None:
        for observer in list(self.observers):
            observer(kind, subject)

    def mark(self) -> int:
        """A mark to later ask "what changed since?" (see :meth:`changed_since`)."""
        return next(self._seq)

    def changed_since(self, chat: Chat, mark: int) -> list[ChatMessage]:
        """Bot messages in ``chat`` created or edited after ``mark``, in order of change."""
        changed = [m for m in chat.messages if m.seq > mark]
        return sorted(changed, key=lambda m: m.seq)

    def add_file(self, kind: str, content: bytes, extension: str) -> StoredFile:
        n = self.next_id()
        stored = StoredFile(
            file_id=f"Fake{kind.capitalize()}FileId{n:06d}",
            file_unique_id=f"FakeUnique{n:06d}",
            file_path=f"{kind}s/file_{n}.{extension}",
            content=content,
        )
        self.files[stored.file_id] = stored
        return stored


@dataclass(eq=False)
class QueuedUpdate:
    """An update waiting to be fetched (getUpdates) or posted (webhook). Compared by identity."""

    update_id: int
    body: JSON
    handed_out: bool = False
    attempts: int = 0
    #: Set when this update was queued ahead of an older one (FaultPlan swap): confirming the
    #: older one confirms this one too, so polling sees a clean swap and no redelivery.
    swapped_ahead_of: int | None = None


class UpdateQueue:
    """Pending updates in delivery order, plus one-shot futures for whoever waits for more."""

    def __init__(self) -> None:
        self.items: list[QueuedUpdate] = []
        self.issued: list[int] = []
        self._next_id = 1
        self._waiters: list[asyncio.Future[None]] = []
        self._watchers: list[asyncio.Future[None]] = []

    def next_wait(self) -> asyncio.Future[None]:
        """A future resolved when somebody (a long poll) next starts waiting for updates."""
        watcher: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._watchers.append(watcher)
        return watcher

    def push(self, body: JSON, faults: FaultPlan) -> int:
        """Queue ``body`` (an Update without its id) and return its new update_id.

        Synchronous on purpose: the id is assigned and the update queued with no await between.
        """
        update_id = self._next_id
        self._next_id += 1
        item = QueuedUpdate(update_id, {"update_id": update_id, **body})
        index = len(self.items)
        if self.items and not self.items[-1].handed_out and faults.swap():
            index -= 1
            item.swapped_ahead_of = self.items[-1].update_id
        self.items.insert(index, item)
        if faults.duplicate():
            self.items.insert(index + 1, QueuedUpdate(update_id, item.body))
        self.issued.append(update_id)
        self.wake()
        return update_id

    def confirm(self, offset: int) -> list[QueuedUpdate]:
        """Forget updates confirmed by ``offset``; return those forgotten before delivery."""
        if offset < 0:
            keep = self.items[offset:]
        else:
            keep = [item for item in self.items if not _confirmed(item, offset)]
        lost = [item for item in self.items if item not in keep and not item.handed_out]
        self.items = keep
        return lost

    def clear(self) -> list[QueuedUpdate]:
        """Forget every pending update (drop_pending_updates); return them."""
        items, self.items = self.items, []
        return items

    def remove(self, item: QueuedUpdate) -> None:
        if item in self.items:
            self.items.remove(item)

    def wake(self) -> None:
        """Resolve every waiter's future (each exactly once)."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for_change(self, within: float | None) -> None:
        """Return when :meth:`wake` is called or ``within`` seconds passed."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        watchers, self._watchers = self._watchers, []
        for watcher in watchers:
            if not watcher.done():
                watcher.set_result(None)
        try:
            await asyncio.wait([waiter], timeout=within)
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)


def _confirmed(item: QueuedUpdate, offset: int) -> bool:
    if item.update_id < offset:
        return True
    partner = item.swapped_ahead_of
    return item.handed_out and partner is not None and partner < offset
