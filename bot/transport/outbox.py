"""The outbox: the messages to the team's chat and the reminders, queued in the database by
the transaction that caused them and sent by one task, at least once and never twice once
Telegram accepted them (see Outbox.drain_once). A message not taken is tried again at the
next pass, later each time, rescheduled in the database."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.redaction import redact
from bot.reply import Keyboard, SendFile
from bot.transport.background import cancel
from bot.transport.bot_api import Throttle
from bot.transport.replies import BACKOFF, Sender, retry_seconds
from storage import Priority
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

_OUTBOX_BATCH = 20
_OUTBOX_IDLE = 60.0  # seconds between looks when nothing is due or scheduled
_LEASE = dt.timedelta(seconds=60)  # a crashed sender's message is retried after this
_STOP_GRACE = 5.0  # seconds for the message being delivered to finish when stopping


class Outbox:
    """Sends the outbox's messages through the sender's posting (its throttle and
    timeouts), one task per instance; several instances share the work by leases."""

    def __init__(
        self,
        *,
        sender: Sender,
        uow_factory: Callable[..., SqlUnitOfWork],
        throttle: Throttle,
    ) -> None:
        self._sender = sender
        self._uow_factory = uow_factory
        self._throttle = throttle
        self._wake = asyncio.Event()
        self._drained = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._retries: list[float] = []  # loop times of the scheduled retries
        self.now: Callable[[], dt.datetime] = utc_now  # the outbox's clock (UTC, naive)

    def wake(self) -> None:
        self._wake.set()

    async def wait_drained(self) -> None:
        """Until a pass of the outbox found nothing due (everything sent or waiting for a
        later retry): for shutting down gracefully and for tests."""
        self._drained.clear()
        self._wake.set()
        await self._drained.wait()

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._drain_forever(), name="outbox")
            self._wake.set()

    async def stop(self) -> None:
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
                await self._sender.post_file(file)
            else:
                await self._sender.post(chat_id, text, keyboard)
        except RetryAfter as exc:
            retry, error = retry_seconds(exc.retry_after), "429 retry after"
        except (Forbidden, BadRequest) as exc:
            # Permanent: the bot was removed from the chat, or the chat is gone.
            log.error("outbox message %s refused for good: %s", message_id, exc)
            retry, error, permanent = 10 * 365 * 86400.0, str(exc), True
        except (TimedOut, NetworkError) as exc:
            retry, error = min(BACKOFF * 2**attempts, 300.0), str(exc)
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
