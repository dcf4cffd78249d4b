"""Talking to Telegram after commit: replies with retries for transient errors, and the
outbox of team notifications, delivered at least once and never twice once accepted.

The one retry policy for replies (nothing below retries: bot/transport/bot_api.py): an action is
tried up to five times; a 429 waits the retry_after Telegram asks for, a 5xx, a timeout or
a network error waits 0.5 s, doubled each time; a user who blocked the bot counts as
delivered; a 400 is raised at once, since trying again changes nothing. A reply not taken
after the attempts stays kept, to be sent at the next start. Notifications in the outbox
are tried once per pass and rescheduled in the database instead (see drain_once)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import attachments
from bot.redaction import redact
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
from bot.transport.background import cancel
from bot.transport.bot_api import BotApi, Throttle
from bot.transport.commands import set_menus
from bot.transport.sent_replies import SentReplies
from storage import Priority
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

# Seconds to wait for Telegram to confirm a new message. A send given up on may still be
# delivered, and trying it again posts it twice (unlike an edit or an answer, which repeat
# harmlessly), so sends wait far longer than other calls (5 s): Telegram can take tens of
# seconds under load.
SEND_TIMEOUT = 30.0
_ATTEMPTS = 5
_BACKOFF = 0.5  # seconds, doubled per attempt
_OUTBOX_BATCH = 20
_OUTBOX_IDLE = 60.0  # seconds between looks when nothing is due or scheduled
_LEASE = dt.timedelta(seconds=60)  # a crashed sender's message is retried after this
_STOP_GRACE = 5.0  # seconds for the message being delivered to finish when stopping


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
        self._wake = asyncio.Event()
        self._drained = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._retries: list[float] = []  # loop times of the outbox's scheduled retries
        self.sent = SentReplies(uow_factory)
        # How often and how patiently a reply is tried (tests shorten or record the pauses).
        self.attempts = _ATTEMPTS
        self.backoff = _BACKOFF
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        # Starts an import off the update's path (bot/chat_import.py), set by the app.
        self.start_import: Callable[[StartImport], None] | None = None
        self.now: Callable[[], dt.datetime] = utc_now  # the outbox's clock (UTC, naive)

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
        for attempt in range(1, self.attempts + 1):
            try:
                await self._do(action)
                return True
            except RetryAfter as exc:
                pause = _seconds(exc.retry_after)
            except Forbidden as exc:
                log.warning("user blocked the bot or left: %s", exc)
                return True
            except (TimedOut, NetworkError) as exc:
                if isinstance(exc, BadRequest):
                    raise
                log.warning(
                    "sending %s failed (%s), attempt %d", type(action).__name__, exc, attempt
                )
                pause = self.backoff * 2 ** (attempt - 1)
            if attempt < self.attempts:
                await self.sleep(pause)
        log.error("gave up sending %s after %d attempts", type(action).__name__, self.attempts)
        return False

    async def _call(self, method: str, **params: Any) -> None:
        await self._throttle.wait(params.get("chat_id"))
        await self._api.call(method, params)

    async def _send(self, chat_id: int, text: str, keyboard: Keyboard | None = None) -> int:
        await self._throttle.wait(chat_id)
        return await self._post(chat_id, text, keyboard)

    async def _post(self, chat_id: int, text: str, keyboard: Keyboard | None = None) -> int:
        """sendMessage once the throttle let it through; the new message's id."""
        params = {"chat_id": chat_id, "text": text, "reply_markup": markup(keyboard)}
        sent = await self._api.call("sendMessage", params, read_timeout=SEND_TIMEOUT)
        return int(sent["message_id"]) if isinstance(sent, dict) else 0

    async def send_message(self, chat_id: int, text: str) -> int | None:
        """Sends one message with the retry policy; its id, or None when it was not taken."""
        for attempt in range(1, self.attempts + 1):
            try:
                return await self._send(chat_id, text)
            except RetryAfter as exc:
                pause = _seconds(exc.retry_after)
            except Forbidden:
                return None
            except (TimedOut, NetworkError) as exc:
                if isinstance(exc, BadRequest):
                    raise
                pause = self.backoff * 2 ** (attempt - 1)
            if attempt < self.attempts:
                await self.sleep(pause)
        return None

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
        await self._post_file(action)

    async def _post_file(self, action: SendFile) -> None:
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

    # The outbox -----------------------------------------------------------------------

    def wake_outbox(self) -> None:
        self._wake.set()

    async def wait_drained(self) -> None:
        """Until a pass of the outbox found nothing due (everything sent or waiting for a
        later retry): for shutting down gracefully and for tests."""
        self._drained.clear()
        self._wake.set()
        await self._drained.wait()

    def start_outbox(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._drain_forever(), name="outbox")
            self._wake.set()

    async def stop_outbox(self) -> None:
        """Lets the message being delivered finish and be marked sent (within a grace), so
        that stopping cleanly never makes the next start send it again."""
        task, self._task = self._task, None
        if task is None or task.done():  # never started, or already ended: nothing in flight
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=_STOP_GRACE)
        except TimeoutError:
            await cancel(task)

    async def _drain_forever(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                delay = await self.drain_once()
            except Exception:  # the loop must survive a database hiccup
                log.exception("outbox drain failed")
                delay = 5.0
            else:
                if delay > 0:  # nothing due now: all sent, or waiting to retry
                    self._drained.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def drain_once(self) -> float:
        """Sends what is due, one message at a time; returns how long to wait before the
        next look. A message is leased right before it is sent, so that another instance
        skips it, and marked sent right after Telegram accepted it, so it is never sent twice.
        The lease is taken after Telegram's limits let the message through: a group's limit
        can hold a message for a minute, longer than the lease, and a lease run out while
        waiting would let another instance send the message too."""
        for _ in range(_OUTBOX_BATCH):
            if self._stopping:
                return 0.0
            async with self._uow_factory(priority=Priority.BACKGROUND) as uow:
                due = await uow.outbox.due(self.now(), 1)
            if not due:
                return self._until_next_retry()
            message = due[0]
            assert message.id is not None
            await self._throttle.wait(message.chat_id)
            async with self._uow_factory(priority=Priority.BACKGROUND) as uow:
                now = self.now()
                leased = await uow.outbox.lease(message.id, now=now, until=now + _LEASE)
                await uow.commit()
            if not leased:
                continue  # another instance took it while this one waited
            keyboard = [list(row) for row in message.buttons] if message.buttons else None
            file = None
            if message.attachment is not None:
                file = SendFile(chat_id=message.chat_id, caption=message.text, **message.attachment)
            delay = await self._deliver(
                message.id, message.chat_id, message.text, message.attempts, keyboard, file
            )
            if delay is not None:
                return delay
        return 0.0

    async def _deliver(
        self,
        message_id: int,
        chat_id: int,
        text: str,
        attempts: int,
        keyboard: Keyboard | None = None,
        file: SendFile | None = None,
    ) -> float | None:
        """None when delivered (or given up for good); else the back-off before retrying."""
        retry: float | None = None
        error, permanent = "", False
        try:
            if file is not None:
                await self._post_file(file)
            else:
                await self._post(chat_id, text, keyboard)
        except RetryAfter as exc:
            retry, error = _seconds(exc.retry_after), "429 retry after"
        except (Forbidden, BadRequest) as exc:
            # Permanent: the bot was removed from the chat, or the chat is gone.
            log.error("outbox message %s refused for good: %s", message_id, exc)
            retry, error, permanent = 10 * 365 * 86400.0, str(exc), True
        except (TimedOut, NetworkError) as exc:
            retry, error = min(_BACKOFF * 2**attempts, 300.0), str(exc)
        async with self._uow_factory(priority=Priority.BACKGROUND) as uow:
            if retry is None:
                await uow.outbox.mark_sent(message_id, self.now())
            else:
                await uow.outbox.mark_failed(
                    message_id, self.now() + dt.timedelta(seconds=retry), redact(error)[:200]
                )
            await uow.commit()
        if retry is None or permanent:
            return None
        self._retries.append(asyncio.get_running_loop().time() + retry)
        return retry

    def _until_next_retry(self) -> float:
        """Nothing is due: until the soonest retry this sender scheduled (another message
        may have been sent meanwhile), or the idle interval."""
        now = asyncio.get_running_loop().time()
        self._retries = [at for at in self._retries if at > now]
        return min([_OUTBOX_IDLE, *(at - now for at in self._retries)])


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _seconds(retry_after: int | dt.timedelta) -> float:
    if isinstance(retry_after, dt.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)
