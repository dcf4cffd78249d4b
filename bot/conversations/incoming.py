"""Reading an update into the few things the flows need, distrusting all of it."""

from __future__ import annotations

from dataclasses import replace

from telegram import Message, Update

from bot.conversations import callbacks
from bot.conversations.context import Incoming
from domain.model import Attachment, AttachmentKind, Location
from domain.text import clean_name, clean_text

IMPORT = "import"
MAX_TEXT = 4096  # Telegram's own limit; anything longer is not from Telegram
MAX_INLINE = 256  # Telegram's limit of an inline query's text


def read(update: Update, *, bot_username: str) -> Incoming | None:
    """None for updates the bot does not act on (edits, channel posts, other chats,
    commands addressed to another bot: `/start@otherbot` in a group)."""
    incoming = _read(update, bot_username)
    user = update.effective_user
    if incoming is None or user is None or not user.language_code:
        return incoming
    return replace(incoming, language_code=user.language_code[:16])


def _read(update: Update, bot_username: str) -> Incoming | None:
    if (inline := update.inline_query) is not None:
        # No chat: the answer goes to the query; the text is searched, cleaned like a name.
        text = clean_name(inline.query[:MAX_INLINE]).strip()
        return Incoming(chat_id=inline.from_user.id, inline_query_id=inline.id, text=text)
    if (query := update.callback_query) is not None:
        message = query.message
        chat_id = message.chat.id if message is not None else query.from_user.id
        return Incoming(
            chat_id=chat_id,
            tap=callbacks.decode(query.data),
            query_id=query.id,
            message_id=message.message_id if message is not None else None,
        )
    message = update.message
    if message is None or message.from_user is None:
        return None
    return _read_message(message, bot_username)


def _read_message(message: Message, bot_username: str) -> Incoming | None:
    chat_id = message.chat.id
    if message.location is not None:
        location = Location(message.location.latitude, message.location.longitude)
        return Incoming(chat_id=chat_id, location=location)
    if (shared := message.contact) is not None:
        name = clean_name(f"{shared.first_name} {shared.last_name or ''}").strip()
        return Incoming(
            chat_id=chat_id,
            shared_phone=clean_name(shared.phone_number)[:64],
            shared_name=name[:100],
        )
    if (attachment := _attachment(message)) is not None:
        caption = clean_text((message.caption or "")[:MAX_TEXT])
        document = message.document
        if document is not None and caption.strip().lower().startswith(f"/{IMPORT}"):
            # A file to import: its caption is the command (other captions describe an
            # attachment of the interaction being entered).
            incoming = _command(chat_id, caption, bot_username)
            if incoming is None or incoming.command != IMPORT:
                return incoming
            return replace(
                incoming,
                attachment=attachment,
                file_name=(document.file_name or "")[:200],
                file_size=document.file_size or 0,
            )
        return Incoming(chat_id=chat_id, attachment=attachment, text=caption)
    # Control characters and bidirectional overrides never reach a step, nor an echo of
    # what was typed (a refusal quoting it, the search text).
    text = clean_text((message.text or "")[:MAX_TEXT])
    stripped = text.strip()
    if stripped.startswith("/"):
        return _command(chat_id, text, bot_username)
    return Incoming(chat_id=chat_id, text=stripped)


def _command(chat_id: int, text: str, bot_username: str) -> Incoming | None:
    head, _, rest = text.strip().partition(" ")
    # Invisible marks a keyboard may add ("/interact\u200e") are no part of the name.
    command, _, addressee = clean_name(head[1:]).partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None
    command = command.lower()
    return Incoming(chat_id=chat_id, text=text, command=command[:64], arguments=rest.strip())


def _attachment(message: Message) -> Attachment | None:
    if message.voice is not None:
        return Attachment(AttachmentKind.VOICE, message.voice.file_id)
    if message.photo:
        return Attachment(AttachmentKind.PHOTO, message.photo[-1].file_id)
    if message.document is not None:
        return Attachment(AttachmentKind.DOCUMENT, message.document.file_id)
    if message.audio is not None:
        return Attachment(AttachmentKind.VOICE, message.audio.file_id)
    return None
