"""The Bot API calls the bot makes itself (replies, notifications, getUpdates), with
Telegram's answer left as Telegram sent it.

Bot.send_message, Bot.get_updates and their siblings parse Telegram's answer into
python-telegram-bot objects: for a reply the bot never reads that answer (parsing it was
about a third of a reply's CPU), and fetched updates are stored as Telegram sent them before
they are parsed, once. Bot.do_api_request is meant for methods the Bot lacks and warns
about the others. So these calls go over the bot's own transport (bot/transport/http.py) as the Bot
API documents them (https://core.telegram.org/bots/api#making-requests), and a refusal
raises python-telegram-bot's public error for it, as its own methods would.

Telegram's limits (about 30 messages a second, 20 a minute to a group) are kept by
`Throttle`, which retries nothing: how often and how patiently a message is tried is
decided in one place, bot/transport/replies.py (the outbox, bot/transport/outbox.py,
reschedules in the database what Telegram did not take).
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.transport.http import AiohttpRequest

_GROUP_LIMITERS = 512  # groups remembered before idle ones are forgotten


class BotApi:
    """Calls over the transports python-telegram-bot was given (and starts and stops):
    getUpdates over `polling`, every other method over `requests`; `url` is the Bot API's
    URL with the token (Bot.base_url)."""

    def __init__(self, *, url: str, requests: AiohttpRequest, polling: AiohttpRequest) -> None:
        self._url = url
        self._requests = requests
        self._polling = polling

    @property
    def polling_read_timeout(self) -> float | None:
        return self._polling.read_timeout

    async def call(
        self,
        method: str,
        params: dict[str, Any],
        *,
        read_timeout: float | None = None,
        file: tuple[str, str, bytes, str] | None = None,
    ) -> Any:
        """The result of Bot API `method` (getUpdates, sendMessage ...) as Telegram sent it
        (a dict, a list or True); parameters that are None are left out. `read_timeout`
        instead of the transport's (for long polling, and sends: bot/transport/replies.py); `file`
        (field, file name, content, MIME type) is uploaded with the parameters as
        multipart/form-data (sendPhoto, sendDocument)."""
        request = self._polling if method == "getUpdates" else self._requests
        body = {name: value for name, value in params.items() if value is not None}
        url = f"{self._url}/{method}"
        if file is None:
            status, payload = await request.post_json(url, body, read_timeout=read_timeout)
        else:
            status, payload = await request.post_form(
                url, body, file=file, read_timeout=read_timeout
            )
        if HTTPStatus.OK <= status < HTTPStatus.MULTIPLE_CHOICES:
            try:
                return json.loads(payload)["result"]
            except (ValueError, KeyError, TypeError) as exc:
                raise TelegramError(f"Invalid server response: {payload[:200]!r}") from exc
        raise _error(status, payload)


def _error(status: int, payload: bytes) -> TelegramError:
    """What python-telegram-bot raises for the same answer."""
    try:
        message = f"{HTTPStatus(status).phrase} ({status})"
    except ValueError:
        message = f"Unknown HTTPError ({status})"
    try:
        answer = json.loads(payload)
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        message = answer.get("description") or message
        parameters = answer.get("parameters") or {}
        if parameters.get("migrate_to_chat_id"):
            return ChatMigrated(parameters["migrate_to_chat_id"])
        if parameters.get("retry_after"):
            return RetryAfter(parameters["retry_after"])
    if status == HTTPStatus.FORBIDDEN:
        return Forbidden(message)
    if status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.NOT_FOUND):  # every method called exists
        return InvalidToken(f"Telegram refused the bot token ({message})")
    if status == HTTPStatus.BAD_REQUEST:
        return BadRequest(message)
    if status == HTTPStatus.CONFLICT:
        return Conflict(message)
    return NetworkError(message)


class Throttle:
    """`wait` returns when a message to `chat_id` is within Telegram's limits: overall
    (`per_second`, 0 for none) and per group (`group_per_minute`)."""

    def __init__(self, *, per_second: int, group_per_minute: int) -> None:
        self._overall = AsyncLimiter(per_second, 1) if per_second else None
        self._group_rate = group_per_minute
        self._groups: dict[int, AsyncLimiter] = {}

    async def wait(self, chat_id: int | None) -> None:
        if chat_id is None:  # not a message (the answer to a tap)
            return
        if chat_id < 0:
            await self._group(chat_id).acquire()
        if self._overall is not None:
            await self._overall.acquire()

    def _group(self, chat_id: int) -> AsyncLimiter:
        limiter = self._groups.get(chat_id)
        if limiter is None:
            if len(self._groups) >= _GROUP_LIMITERS:
                idle = [c for c, g in self._groups.items() if g.has_capacity(self._group_rate)]
                for chat in idle:
                    del self._groups[chat]
            limiter = self._groups[chat_id] = AsyncLimiter(self._group_rate, 60)
        return limiter
