"""Long polling that confirms updates to Telegram only after they were handled.

python-telegram-bot's Updater confirms a batch as soon as it was fetched, so a crash loses
the updates in flight. Here the next getUpdates (whose offset is the confirmation) is only
asked once every update of the batch went through the pipeline; a batch interrupted by a
crash comes again, and the pipeline's update-id record makes the handled ones no-ops."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

log = logging.getLogger(__name__)

_BACKOFF_MAX = 30.0


class Poller:
    def __init__(self, app: Application, *, timeout: int = 30, limit: int = 100) -> None:  # type: ignore[type-arg]
        self._app = app
        self._timeout = timeout
        self._limit = limit
        self._task: asyncio.Task[None] | None = None
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

    async def _run(self) -> None:
        backoff = 0.5
        while True:
            try:
                updates = await self._app.bot.get_updates(
                    offset=self.offset,
                    limit=self._limit,
                    timeout=self._timeout,
                    allowed_updates=Update.ALL_TYPES,
                )
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
            backoff = 0.5
            if updates:
                await self._handle(updates)
                self.offset = updates[-1].update_id + 1

    async def _handle(self, updates: tuple[Update, ...]) -> None:
        """The whole batch concurrently: the update processor keeps each user's updates in
        order and serves different users in parallel."""
        superseded = superseded_updates(self._app)
        newer = _superseded(updates)
        superseded.update(newer)
        processor = self._app.update_processor
        try:
            await asyncio.gather(
                *(processor.process_update(u, self._app.process_update(u)) for u in updates)
            )
        finally:
            superseded.difference_update(newer)


def superseded_updates(app: Application) -> set[int]:  # type: ignore[type-arg]
    """Ids of updates whose user sent a newer one in the same batch: after a crash, their
    unsent replies are not worth re-sending, the user has moved on."""
    found: set[int] = app.bot_data.setdefault("superseded_updates", set())
    return found


def _superseded(updates: tuple[Update, ...]) -> set[int]:
    latest: dict[int, int] = {}
    for update in updates:
        if update.effective_user is not None:
            latest[update.effective_user.id] = update.update_id
    return {
        u.update_id
        for u in updates
        if u.effective_user is not None and latest[u.effective_user.id] != u.update_id
    }


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
