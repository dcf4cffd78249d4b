"""Replies to an update, sent after its commit: every action in order, with the one retry
policy for transient errors; and the replies a previous run kept, sent at the next start.

The one retry policy for replies (nothing below retries: bot/transport/bot_api.py): an action is
tried up to five times; a 429 waits the retry_after Telegram asks for, a 5xx, a timeout or
a network error waits 0.5 s, doubled each time; a user who blocked the bot counts as
delivered; a 400 is raised at once, since trying again changes nothing. A reply not taken
after the attempts stays kept, to be sent at the next start. The team's messages and the
reminders go through the outbox instead (bot/transport/outbox.py), tried once per pass and
rescheduled in the database."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import attachments
from bot.reply import (
    SWITCH_INLINE,
    URL,
    Action,
    Answer,
    AnswerInline,
    ChatMenus,
    Edit,
    Keyboard,
    Reply,
    Send,
    SendFile,
    StartImport,
    StripKeyboard,
    load,
)
from bot.transport.bot_api import BotApi, Throttle
from bot.transport.commands import set_menus
from bot.transport.sent_replies import SentReplies
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)
_T = TypeVar("_T")

# Seconds to wait for Telegram to confirm a new message. A send given up on may still be
# delivered, and trying it again posts it twice (unlike an edit or an answer, which repeat
# harmlessly), so sends wait far longer than other calls (5 s): Telegram can take tens of
# seconds under load.
SEND_TIMEOUT = 30.0
_ATTEMPTS = 5
BACKOFF = 0.5  # seconds, doubled per attempt


def markup(keyboard: Keyboard | None) -> dict[str, Any] | None:
    if keyboard is None:
        return None
    rows = [[_button(label, data) for label, data in row] for row in keyboard]
    return {"inline_keyboard": rows}


def _button(label: str, data: str) -> dict[str, str]:
    # Callback data the bot draws starts with a version number, never with these.
    if data.startswith(URL):
        return {"text": label, "url": data.removeprefix(URL)}
    if data.startswith(SWITCH_INLINE):
        query = data.removeprefix(SWITCH_INLINE)
        return {"text": label, "switch_inline_query_current_chat": query}
    return {"text": label, "callback_data": data}


class Sender:
    def __init__(
        self,
        *,
        bot: Bot,
        api: BotApi,
        uow_factory: Callable[..., SqlUnitOfWork],
        throttle: Throttle,
    ) -> None:
        self.bot = bot
        self._api = api
        self._throttle = throttle
        self._uow_factory = uow_factory
        self.sent = SentReplies(uow_factory)
        # How often and how patiently a reply is tried (tests shorten or record the pauses).
        self.attempts = _ATTEMPTS
        self.backoff = BACKOFF
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        # Starts an import off the update's path (bot/chat_import.py), set by the app.
        self.start_import: Callable[[StartImport], None] | None = None

    @property
    def username(self) -> str:
        try:
            return self.bot.username
        except RuntimeError:  # not initialised: only in tests that never started the bot
            return "bot"

    async def perform(self, reply: Reply, *, tap: str) -> bool:
        """Every action in order; a tap is always answered so the client stops its spinner.
        False if Telegram did not take an action after all attempts: the reply stays kept,
        to be sent again at the next start."""
        answers = [a for a in reply.actions if isinstance(a, Answer)]
        if tap and not answers:
            answers.append(Answer(tap))
        messages = [a for a in reply.actions if not isinstance(a, Answer)]
        # The tap's answer stops the client's spinner: it need not wait for the messages,
        # which go out in order.
        jobs = [self._in_order(messages)] if messages else []
        jobs += [self._with_retries(a) for a in answers]
        if len(jobs) == 1:
            return await jobs[0]  # the usual case, without the cost of a task
        return all(await asyncio.gather(*jobs))

    async def _in_order(self, actions: Sequence[Action]) -> bool:
        delivered = True
        for action in actions:
            delivered = await self._with_retries(action) and delivered
        return delivered

    async def _with_retries(self, action: Action) -> bool:
        """True once Telegram took the action, or refused it for good (a user who blocked
        the bot); BadRequest is raised, since trying again changes nothing."""
        taken, _ = await self._retried(lambda: self._do(action), type(action).__name__)
        return taken

    async def _retried(
        self, call: Callable[[], Awaitable[_T]], what: str
    ) -> tuple[bool, _T | None]:
        """The retry policy around `call`: (True, what it returned) once Telegram took it,
        (True, None) when Telegram refused it for good (a user who blocked the bot),
        (False, None) after every attempt failed; BadRequest is raised at once."""
        for attempt in range(1, self.attempts + 1):
            try:
                return True, await call()
            except RetryAfter as exc:
                pause = retry_seconds(exc.retry_after)
            except Forbidden as exc:
                log.warning("user blocked the bot or left: %s", exc)
                return True, None
            except (TimedOut, NetworkError) as exc:
                if isinstance(exc, BadRequest):
                    raise
                log.warning("sending %s failed (%s), attempt %d", what, exc, attempt)
                pause = self.backoff * 2 ** (attempt - 1)
            if attempt < self.attempts:
                await self.sleep(pause)
        log.error("gave up sending %s after %d attempts", what, self.attempts)
        return False, None

    async def _call(self, method: str, **params: Any) -> None:
        await self._throttle.wait(params.get("chat_id"))
        await self._api.call(method, params)

    async def _send(self, chat_id: int, text: str, keyboard: Keyboard | None = None) -> int:
        await self._throttle.wait(chat_id)
        return await self.post(chat_id, text, keyboard)

    async def post(self, chat_id: int, text: str, keyboard: Keyboard | None = None) -> int:
        """sendMessage once the throttle let it through; the new message's id."""
        params = {"chat_id": chat_id, "text": text, "reply_markup": markup(keyboard)}
        sent = await self._api.call("sendMessage", params, read_timeout=SEND_TIMEOUT)
        return int(sent["message_id"]) if isinstance(sent, dict) else 0

    async def send_message(self, chat_id: int, text: str) -> int | None:
        """Sends one message with the retry policy; its id, or None when it was not taken."""
        _taken, message_id = await self._retried(lambda: self._send(chat_id, text), "Send")
        return message_id

    async def _do(self, action: Action) -> None:
        match action:
            case Send(chat_id, text, keyboard):
                await self._send(chat_id, text, keyboard)
            case Edit(chat_id, message_id, text, keyboard):
                try:
                    await self._call(
                        "editMessageText",
                        chat_id=chat_id,
                        message_id=message_id,
                        text=text,
                        reply_markup=markup(keyboard),
                    )
                except BadRequest as exc:
                    if "not modified" in exc.message:
                        return
                    if "not found" in exc.message or "can't be edited" in exc.message:
                        await self._send(chat_id, text, keyboard)
                        return
                    raise
            case SendFile():
                await self._send_file(action)
            case StartImport():
                if self.start_import is None:
                    log.error("no importer to import %s", action.file_name)
                else:
                    self.start_import(action)
            case StripKeyboard(chat_id, message_id):
                # Already gone or unchanged: nothing to strip.
                with contextlib.suppress(BadRequest):
                    await self._call(
                        "editMessageReplyMarkup", chat_id=chat_id, message_id=message_id
                    )
            case ChatMenus(chat_id, menus):
                await set_menus(self.bot, menus, chat_id=chat_id)
            case AnswerInline(query_id, results, button):
                # Too old to answer: an inline query waits a few seconds only.
                with contextlib.suppress(BadRequest):
                    await self._call(
                        "answerInlineQuery",
                        inline_query_id=query_id,
                        results=results,
                        button=button,
                        # Results depend on who asks (registered or not): kept for no one.
                        is_personal=True,
                        cache_time=0,
                    )
            case Answer(query_id, text, alert):
                # Too old to answer: Telegram forgets callback queries after a while.
                with contextlib.suppress(BadRequest):
                    await self._call(
                        "answerCallbackQuery",
                        callback_query_id=query_id,
                        text=text[:200] or None,
                        show_alert=alert or None,
                    )

    async def _send_file(self, action: SendFile) -> None:
        await self._throttle.wait(action.chat_id)
        await self.post_file(action)

    async def post_file(self, action: SendFile) -> None:
        """sendPhoto or sendDocument once the throttle let it through."""
        content = await attachments.produce(action, uow_factory=self._uow_factory)
        mime = attachments.MIME_TYPES.get(action.source, "application/octet-stream")
        method = "sendPhoto" if action.kind == "photo" else "sendDocument"
        params = {"chat_id": action.chat_id, "caption": action.caption or None}
        await self._api.call(
            method,
            params,
            read_timeout=SEND_TIMEOUT,
            file=(action.kind, action.filename, content, mime),
        )

    async def resend_unsent(self, *, newest: Mapping[int, int]) -> int:
        """At start: the replies a previous run kept and may not have sent, sent now (an
        edit sent twice changes nothing; a tap's answer is too old and is dropped), except
        to users whose `newest` update (user id -> update id) is newer than the one the
        reply answers; returns how many were sent."""
        async with self._uow_factory() as uow:
            unsent = await uow.chat_states.unsent_replies()
        resent = 0
        for user_id, update_id, reply in unsent:
            if newest.get(user_id, update_id) <= update_id:
                try:
                    if not await self.perform(load(reply), tap=""):
                        continue  # Telegram is still unreachable: at the next start, then
                except Exception:  # refused (BadRequest): it would be at every start
                    log.exception("dropped the kept reply to update %s", update_id)
                else:
                    resent += 1
            self.sent.add(user_id, update_id)
        await self.sent.write()
        return resent


def retry_seconds(retry_after: int | dt.timedelta) -> float:
    if isinstance(retry_after, dt.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)
