"""FakeUser: the person a test plays: sends messages, taps buttons, reads the bot's replies."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .state import JSON, CallbackQueryRecord, Chat, ChatMessage

if TYPE_CHECKING:
    from .server import FakeTelegram


def _utf16_len(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _find_button(chat: Chat, label: str) -> tuple[ChatMessage, str]:
    """The newest bot message with an inline button containing ``label``, and its data."""
    for message in reversed(chat.messages):
        matches = [b for b in message.inline_buttons() if label in str(b.get("text", ""))]
        if len(matches) > 1:
            labels = [str(b.get("text")) for b in matches]
            raise AssertionError(f"{label!r} is ambiguous in message {message}: {labels}")
        if matches:
            if "callback_data" not in matches[0]:
                raise AssertionError(f"button {matches[0]} is not a callback button")
            return message, str(matches[0]["callback_data"])
    offered = "\n".join(f"  {m}" for m in chat.messages if m.buttons) or "  (none)"
    raise AssertionError(
        f"no inline button containing {label!r} in chat {chat.id}; "
        f"bot messages with buttons:\n{offered}"
    )


class FakeUser:
    """A Telegram user with a private chat with the bot (chat id == user id).

    ``send*`` methods only queue an update and return its update_id; ``say``/``tap``/``send_*``
    media methods also wait until the bot handled it and return the bot messages that were
    created or edited in that chat meanwhile.
    """

    def __init__(
        self,
        fake: FakeTelegram,
        user_id: int,
        first_name: str,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> None:
        self.fake = fake
        self.id = user_id
        self.first_name = first_name
        self.username = username
        self.last_name = last_name
        self.language_code = language_code
        self.chat = fake.state.add_chat(
            Chat(id=user_id, type="private", first_name=first_name, username=username)
        )
        self.callback_queries: list[CallbackQueryRecord] = []

    def to_json(self) -> JSON:
        body: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                body[key] = getattr(self, key)
        return body

    # -- reading -------------------------------------------------------------------------
    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's messages in the private chat, oldest first, edits applied."""
        return self.chat.messages

    @property
    def last(self) -> ChatMessage:
        return self.chat.last

    @property
    def callback_answers(self) -> list[str]:
        """Texts the bot answered this user's callback queries with ("" = answered silently)."""
        return [q.answer_text or "" for q in self.callback_queries if q.answered]

    def block(self, blocked: bool = True) -> None:
        """The user blocks the bot: sending to the private chat then fails with 403."""
        self.chat.blocked = blocked

    # -- queueing updates ----------------------------------------------------------------
    def post(self, content: JSON, chat: Chat | None = None, reply_to: int | None = None) -> int:
        """Store a message with ``content`` from this user and queue its update."""
        target = chat or self.chat
        rest = {key: value for key, value in content.items() if key != "text"}
        if reply_to is not None:
            rest["reply_to_message"] = target.history[reply_to].to_json()
        message = self.fake.state.store(
            target, self.to_json(), text=content.get("text"), content=rest
        )
        return self.fake.enqueue({"message": message.to_json()})

    def send(self, text: str, reply_to: int | None = None) -> int:
        """Queue a text message in the private chat; returns the update_id."""
        return self.send_in(self.chat, text, reply_to)

    def send_in(self, chat: Chat, text: str, reply_to: int | None = None) -> int:
        content: JSON = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return self.post(content, chat, reply_to)

    def send_callback(self, message: ChatMessage, data: str) -> int:
        """Queue a callback query for ``message`` carrying ``data``; returns the update_id."""
        query_id = str(4_000_000_000_000 + self.fake.state.next_id())
        record = CallbackQueryRecord(id=query_id, user_id=self.id, data=data, message=message)
        self.fake.state.callback_queries[query_id] = record
        self.callback_queries.append(record)
        query = {
            "id": query_id,
            "from": self.to_json(),
            "message": message.to_json(),
            "chat_instance": str(abs(message.chat_id) * 31 + 7),
            "data": data,
        }
        return self.fake.enqueue({"callback_query": query})

    # -- acting and waiting --------------------------------------------------------------
    async def _roundtrip(self, chat: Chat, queue: Callable[[], int]) -> list[ChatMessage]:
        mark = self.fake.state.mark()
        update_id = queue()
        await self.fake.wait_done(update_id)
        return self.fake.state.changed_since(chat, mark)

    async def say(self, text: str) -> list[ChatMessage]:
        """Send ``text`` privately, wait until handled; return new/edited bot messages."""
        return await self._roundtrip(self.chat, lambda: self.send(text))

    async def say_in(self, chat: Chat, text: str) -> list[ChatMessage]:
        return await self._roundtrip(chat, lambda: self.send_in(chat, text))

    async def tap(self, label: str, chat: Chat | None = None) -> list[ChatMessage]:
        """Tap the inline button whose text contains ``label`` in the newest bot message with one.

        AssertionError (listing the buttons on offer) if no button matches, or several match in
        that message, or the match is not a callback button.
        """
        target = chat or self.chat
        message, data = _find_button(target, label)
        return await self._roundtrip(target, lambda: self.send_callback(message, data))

    async def tap_data(
        self, message_id: int, data: str, chat: Chat | None = None
    ) -> list[ChatMessage]:
        """Send arbitrary (forged or stale) callback ``data`` for an existing message."""
        target = chat or self.chat
        message = target.history.get(message_id)
        if message is None or message.deleted:
            raise AssertionError(f"no message {message_id} in chat {target.id}")
        return await self._roundtrip(target, lambda: self.send_callback(message, data))

    async def _send_content(self, content: JSON) -> list[ChatMessage]:
        return await self._roundtrip(self.chat, lambda: self.post(content))

    async def send_voice(
        self, duration: int = 3, content: bytes = b"OggS\x00fake-opus"
    ) -> list[ChatMessage]:
        stored = self.fake.state.add_file("voice", content, "oga")
        voice = {**stored.ids(), "duration": duration, "mime_type": "audio/ogg"}
        return await self._send_content({"voice": voice})

    async def send_photo(
        self,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        caption: str | None = None,
    ) -> list[ChatMessage]:
        return await self._send_content(self.photo(content, caption))

    def photo(self, content: bytes, caption: str | None = None) -> JSON:
        """The content of a photo message (its files stored), for :meth:`post`."""
        sizes = []
        for width, height, data in ((90, 68, content[:8]), (1280, 960, content)):
            stored = self.fake.state.add_file("photo", data, "jpg")
            sizes.append({**stored.ids(), "width": width, "height": height})
        body: JSON = {"photo": sizes}
        if caption is not None:
            body["caption"] = caption
        return body

    async def send_document(
        self,
        file_name: str = "report.pdf",
        content: bytes = b"%PDF-1.4 fake",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> list[ChatMessage]:
        return await self._send_content(self.document(file_name, content, mime_type, caption))

    def document(
        self, file_name: str, content: bytes, mime_type: str, caption: str | None = None
    ) -> JSON:
        """The content of a document message (its file stored), for :meth:`post`."""
        stored = self.fake.state.add_file("document", content, file_name.rsplit(".", 1)[-1])
        document = {**stored.ids(), "file_name": file_name, "mime_type": mime_type}
        body: JSON = {"document": document}
        if caption is not None:
            body["caption"] = caption
        return body

    async def send_location(self, latitude: float, longitude: float) -> list[ChatMessage]:
        location = {"latitude": latitude, "longitude": longitude}
        return await self._send_content({"location": location})

    async def send_contact(
        self, phone_number: str, first_name: str, last_name: str | None = None
    ) -> list[ChatMessage]:
        """Share a phone contact (Telegram's contact message), as from the phone's book."""
        contact: JSON = {"phone_number": phone_number, "first_name": first_name}
        if last_name is not None:
            contact["last_name"] = last_name
        return await self._send_content({"contact": contact})

    # -- inline mode -----------------------------------------------------------------------
    async def inline_query(self, query: str) -> JSON | None:
        """Type "@bot `query`" in a chat: the bot's answer (results and button) once it
        handled the query, None if it answered nothing."""
        query_id = str(5_000_000_000_000 + self.fake.state.next_id())
        self.fake.state.inline_queries[query_id] = self.id
        update_id = self.fake.enqueue(
            {
                "inline_query": {
                    "id": query_id,
                    "from": self.to_json(),
                    "query": query,
                    "offset": "",
                    "chat_type": "sender",
                }
            }
        )
        await self.fake.wait_done(update_id)
        return self.fake.state.inline_answers.get(query_id)

    def choose_inline_result(self, result: JSON, chat: Chat | None = None) -> ChatMessage:
        """Choose an article of an inline answer: the user's app posts its message (from the
        user, via the bot) into `chat` (the private chat by default), as Telegram does."""
        target = chat or self.chat
        content = result["input_message_content"]
        message = self.fake.state.store(
            target,
            self.to_json(),
            text=content["message_text"],
            content={"via_bot": self.fake.state.bot_user},
            reply_markup=result.get("reply_markup"),
        )
        return message
