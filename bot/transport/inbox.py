"""Updates from Telegram, stored before Telegram is told they arrived, then handled.

Long polling (bot/transport/polling.py) and the webhook (bot/transport/webhook.py) both hand
every update here. It is stored in the database (the `processed_update` row with its
payload) before Telegram learns it arrived: by the next getUpdates, whose offset confirms a
batch, or by the webhook's answer. Handling it clears the payload in the same transaction as
its effects. So neither path waits for an update to be handled before taking the next, and a
crash loses nothing: at start, what a previous run stored and did not handle is handled
first, and the replies it kept and may not have sent go out again."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.settings import Settings
from bot.transport.failures import describe, payload_of, record_failure, report_failure, secrets_of
from bot.transport.replies import Sender
from storage import Priority
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

_UNREADABLE = "unreadable-update"
_STOP_GRACE = 5.0  # seconds for updates in flight to finish when stopping


class Inbox:
    def __init__(self, app: Application, *, max_in_flight: int = 16) -> None:  # type: ignore[type-arg]
        self._app = app
        self._max_in_flight = max_in_flight
        self._uow_factory: Callable[..., SqlUnitOfWork] = app.bot_data["uow_factory"]
        self._bot_id: int = app.bot_data["bot_id"]
        self._in_flight: set[asyncio.Task[None]] = set()
        self._room = asyncio.Event()
        self._room.set()
        self._latest: dict[int, int] = {}  # user id -> their newest update in flight

    async def keep(self, batch: list[dict[str, Any]]) -> None:
        """Stores updates as Telegram sent them, before Telegram is told they arrived."""
        if not batch:
            return
        for data in batch:
            _drop_keyboard(data)
        rows = [(u["update_id"], json.dumps(u, ensure_ascii=False)) for u in batch]
        # Urgent: until it is stored, nothing else users send is taken.
        async with self._uow_factory(priority=Priority.URGENT) as uow:
            await uow.processed_updates.receive(self._bot_id, rows, dt.datetime.now(dt.UTC))
            await uow.commit()

    async def left_waiting(self) -> list[dict[str, Any]]:
        """The updates stored and not handled (by a previous run, at start)."""
        async with self._uow_factory() as uow:
            payloads = await uow.processed_updates.waiting(self._bot_id)
        return [json.loads(p) for p in payloads]

    async def resume(self, batch: list[dict[str, Any]]) -> None:
        """At start: `batch` (what was left waiting, then what came since) is handled, and
        the replies kept and maybe not sent are sent, except to users who have sent
        something newer since (their reply is out of date). Telegram may send again the
        very update a reply answers (it was not confirmed yet): that reply is sent."""
        updates = self._parse(batch)
        newest: dict[int, int] = {}
        for update in updates:
            if update.effective_user is not None:
                user = update.effective_user.id
                newest[user] = max(newest.get(user, update.update_id), update.update_id)
        sender: Sender = self._app.bot_data["sender"]
        if resent := await sender.resend_unsent(newest=newest):
            log.info("sent %d replies that the previous run may not have sent", resent)
        self._dispatch(updates)

    async def room(self) -> None:
        """Until fewer than `max_in_flight` updates are being handled: under load, waiting
        here makes bigger batches, which cost less per update."""
        await self._room.wait()

    def handle(self, batch: list[dict[str, Any]]) -> None:
        """Handles updates (as Telegram sent them, stored with `keep`) in the background."""
        self._dispatch(self._parse(batch))

    def _parse(self, batch: list[dict[str, Any]]) -> list[Update]:
        """The updates of `batch` that can be read; the others are recorded as failed (in
        the background, as they would have been handled)."""
        updates = []
        for data in batch:
            try:
                update = Update.de_json(data, self._app.bot)
                if update is None or update.update_id != data["update_id"]:
                    raise ValueError("not an update")
            except Exception as error:
                self._track(
                    asyncio.create_task(self._unreadable_update(data, error), name=_UNREADABLE)
                )
                continue
            updates.append(update)
        return updates

    async def _unreadable_update(self, data: Any, error: Exception) -> None:
        reference = secrets.token_hex(4).upper()
        update_id = data.get("update_id") if isinstance(data, dict) else None
        log.error("update %s cannot be read, reference %s", update_id, reference, exc_info=error)
        if not isinstance(update_id, int):
            return  # nothing stored it: neither the webhook nor getUpdates takes it
        settings: Settings = self._app.bot_data["settings"]
        trace = describe(error, secrets=secrets_of(settings))
        try:
            new = await record_failure(
                self._uow_factory,
                bot_id=self._bot_id,
                update_id=update_id,
                payload=payload_of(data),
                error=trace,
            )
        except Exception:
            log.exception("could not record failed update %s", update_id)
            return
        if new:
            await report_failure(
                self._app.bot, settings, update_id=update_id, reference=reference, error=trace
            )

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
            self._track(asyncio.create_task(self._handle(update, user)))

    def _track(self, task: asyncio.Task[None]) -> None:
        self._in_flight.add(task)
        task.add_done_callback(self._finished)
        if len(self._in_flight) >= self._max_in_flight:
            self._room.clear()

    async def stop(self) -> None:
        """What is in flight may finish; what does not is handled again at the next start."""
        if self._in_flight:
            _, late = await asyncio.wait(self._in_flight, timeout=_STOP_GRACE)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

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
    query = data.get("callback_query") if isinstance(data, dict) else None
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict):
        message.pop("reply_markup", None)
