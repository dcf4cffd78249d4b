"""Long polling with a durable inbox: no update is lost, and none waits for another batch.

python-telegram-bot's Updater confirms a batch as soon as it was fetched, so a crash loses
the updates in flight. Here each fetched batch is first stored in the database (the
`processed_update` rows with their payload); only then does the next getUpdates, whose
offset is the confirmation, go out, while the batch is handled. An update's handling
clears its payload in the same transaction as its effects, and at start the updates still
waiting from a run that died are handled first. So the poller never waits for a batch to
be handled before it fetches the next, and a crash loses nothing."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.sending import Sender
from storage.unit_of_work import SqlUnitOfWork
from storage.writers import Rank

log = logging.getLogger(__name__)

_BACKOFF_MAX = 30.0
_STOP_GRACE = 5.0  # seconds for updates in flight to finish when stopping


class Poller:
    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        *,
        timeout: int = 30,
        limit: int = 100,
        max_in_flight: int = 16,
    ) -> None:
        self._app = app
        self._timeout = timeout
        self._limit = limit
        self._max_in_flight = max_in_flight
        self._uow_factory: Callable[..., SqlUnitOfWork] = app.bot_data["uow_factory"]
        self._bot_id: int = app.bot_data["bot_id"]
        self._task: asyncio.Task[None] | None = None
        self._in_flight: set[asyncio.Task[None]] = set()
        self._room = asyncio.Event()
        self._room.set()
        self._latest: dict[int, int] = {}  # user id -> their newest update in flight
        self.offset: int | None = None

    async def start(self) -> None:
        await self._app.bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        # What is in flight may finish; what does not is handled again at the next start.
        if self._in_flight:
            _, late = await asyncio.wait(self._in_flight, timeout=_STOP_GRACE)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def _run(self) -> None:
        await self._resume()
        backoff = 0.5
        while True:
            await self._room.wait()
            try:
                batch = await self._fetch()
                await self._keep(batch)
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except InvalidToken:
                log.critical("Telegram rejected the bot token; stopping to poll")
                raise
            except Conflict:
                log.error("another instance is polling with this token, or a webhook is set")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            except (TimedOut, NetworkError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.1f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            except Exception:  # the database: the batch is fetched again, unconfirmed
                log.exception("could not store the updates fetched; retrying in %.1f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            backoff = 0.5
            if batch:
                self.offset = batch[-1]["update_id"] + 1
                self._dispatch([Update.de_json(data, self._app.bot) for data in batch])

    async def _resume(self) -> None:
        """Where the previous run stopped: the updates it stored and did not handle, and the
        replies it kept and may not have sent, except to users who have sent something
        since (their reply is out of date). A failure here is retried by the main loop."""
        left = await self._waiting()
        fetched: list[dict[str, Any]] = []
        try:
            fetched = await self._fetch(wait=False)
            await self._keep(fetched)
        except Exception as exc:  # Telegram or the database: the main loop tries again
            log.warning("could not fetch updates at start (%s)", exc)
            fetched = []
        if fetched:
            self.offset = fetched[-1]["update_id"] + 1
        waiting = [Update.de_json(data, self._app.bot) for data in [*left, *fetched]]
        busy = {u.effective_user.id for u in waiting if u.effective_user is not None}
        sender: Sender = self._app.bot_data["sender"]
        if resent := await sender.resend_unsent(skip_users=busy):
            log.info("sent %d replies that the previous run may not have sent", resent)
        self._dispatch(waiting)

    async def _fetch(self, *, wait: bool = True) -> list[dict[str, Any]]:
        """The next batch as Telegram sent it (parsed once, when dispatched); with `wait`,
        long polling."""
        seconds = self._timeout if wait else 0
        read_timeout = (self._app.bot.request.read_timeout or 0) + seconds
        params = {
            "offset": self.offset,
            "limit": self._limit,
            "timeout": seconds,
            "allowed_updates": Update.ALL_TYPES,
        }
        result = await self._app.bot.do_api_request(
            "get_updates", api_kwargs=params, read_timeout=read_timeout
        )
        return list(result or [])

    async def _keep(self, batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        for data in batch:
            _drop_keyboard(data)
        rows = [(u["update_id"], json.dumps(u, ensure_ascii=False)) for u in batch]
        # Urgent: until it is stored, the poller cannot fetch what users send meanwhile.
        async with self._uow_factory(rank=Rank.URGENT) as uow:
            await uow.processed_updates.receive(self._bot_id, rows, dt.datetime.now(dt.UTC))
            await uow.commit()

    async def _waiting(self) -> list[dict[str, Any]]:
        async with self._uow_factory() as uow:
            payloads = await uow.processed_updates.waiting(self._bot_id)
        return [json.loads(p) for p in payloads]

    def _dispatch(self, updates: list[Update]) -> None:
        """Each update in a task of its own: the update processor keeps each user's updates
        in order and serves different users in parallel."""
        superseded = superseded_updates(self._app)
        for update in updates:
            user = update.effective_user.id if update.effective_user is not None else None
            if user is not None:
                previous = self._latest.get(user)
                if previous is not None and previous != update.update_id:
                    superseded.add(previous)
                self._latest[user] = update.update_id
            task = asyncio.create_task(self._handle(update, user))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)
        if len(self._in_flight) >= self._max_in_flight:
            self._room.clear()

    async def _handle(self, update: Update, user: int | None) -> None:
        try:
            processor = self._app.update_processor
            await processor.process_update(update, self._app.process_update(update))
        finally:
            superseded_updates(self._app).discard(update.update_id)
            if user is not None and self._latest.get(user) == update.update_id:
                del self._latest[user]

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        if len(self._in_flight) < self._max_in_flight:
            self._room.set()


def superseded_updates(app: Application) -> set[int]:  # type: ignore[type-arg]
    """Ids of updates whose user sent a newer one since: if their first handling died
    before the reply went out, the reply is not worth re-sending, the user has moved on."""
    found: set[int] = app.bot_data.setdefault("superseded_updates", set())
    return found


def _drop_keyboard(data: dict[str, Any]) -> None:
    """A tapped message comes with its whole keyboard, which the bot never reads (the
    button's own data says everything) and would parse, store and parse again."""
    message = (data.get("callback_query") or {}).get("message")
    if isinstance(message, dict):
        message.pop("reply_markup", None)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
