"""Everything a step needs while handling one update, in one object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bot import formatting as fmt
from bot.conversations import callbacks
from bot.conversations.state import ChatState
from bot.i18n import language_of, translate
from bot.reply import Answer, Edit, Keyboard, Reply, Send
from bot.settings import Settings
from domain.model import Attachment, Location, User
from domain.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Incoming:
    """The parts of an update the flows care about, already checked and trimmed."""

    chat_id: int
    text: str = ""
    command: str = ""
    arguments: str = ""
    tap: callbacks.Tap | None = None
    query_id: str = ""
    message_id: int | None = None  # the message a tapped button belongs to
    attachment: Attachment | None = None
    location: Location | None = None
    language_code: str = ""  # Telegram's, of the user's app: theirs until they choose
    file_name: str = ""  # a document's, as sent
    file_size: int = 0  # a document's, in bytes, as Telegram says
    inline_query_id: str = ""  # an inline query ("@bot novak" in any chat): its id
    shared_phone: str = ""  # a phone contact shared into the chat: its number
    shared_name: str = ""  # and the name it carries


@dataclass(slots=True)
class Ctx:
    # The domain's port, not the database's unit of work: a step passes it to the services,
    # which check rights and return the cards and lists to show; it reads no repository.
    uow: UnitOfWork
    user: User
    state: ChatState
    incoming: Incoming
    now: dt.datetime
    settings: Settings
    reply: Reply = field(default_factory=Reply)
    answered: bool = False
    drew_buttons: bool = False

    @property
    def lang(self) -> str:
        """The language the user chose with /language, else their Telegram app's."""
        return language_of(self.user.language_code or self.incoming.language_code)

    def t(self, key: str, /, **params: Any) -> str:
        return translate(key, self.lang, **params)

    # Dates, times, amounts and durations in the user's language.
    def date(self, value: dt.date | None) -> str:
        return fmt.date(value, self.lang)

    def time(self, value: dt.time | None) -> str:
        return fmt.time(value, self.lang)

    def day(self, value: dt.date) -> str:
        return fmt.day(value, self.lang)

    def money(self, value: Decimal) -> str:
        return fmt.money(value, self.lang, self.settings.currency)

    def minutes(self, value: int) -> str:
        return fmt.minutes(value, self.lang)

    def button(self, label: str, action: str, argument: str = "") -> tuple[str, str]:
        # Buttons drawn now carry the version the state will have once this update commits.
        self.drew_buttons = True
        return (label, callbacks.encode(self.state.version + 1, action, argument))

    def anytime(self, label: str, action: str, argument: str = "") -> tuple[str, str]:
        """A button that stays good whatever the user does next (a to-do's, a reminder's):
        callbacks.anytime_button; what it names is checked when tapped."""
        return callbacks.anytime_button(label, action, argument)

    def show(self, text: str, keyboard: Keyboard | None = None, *, new: bool = False) -> None:
        """Edits the tapped message in place; otherwise (typed text) sends a new one."""
        incoming = self.incoming
        if incoming.tap is not None and incoming.message_id is not None and not new:
            self.reply.add(Edit(incoming.chat_id, incoming.message_id, text, keyboard))
        else:
            self.reply.add(Send(incoming.chat_id, text, keyboard))

    def send(self, text: str, keyboard: Keyboard | None = None) -> None:
        self.reply.add(Send(self.incoming.chat_id, text, keyboard))

    def toast(self, text: str, *, alert: bool = False) -> None:
        """The short answer to a button tap (one per tap)."""
        if self.incoming.query_id and not self.answered:
            self.reply.add(Answer(self.incoming.query_id, text, alert))
            self.answered = True
