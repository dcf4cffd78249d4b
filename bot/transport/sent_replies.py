"""Which kept replies went out, written in batches.

Every update's reply is kept with its effects (chat_state.pending_reply) so that a crash
between commit and sending loses no reply: at start, replies kept and not known to be sent
are sent again (bot/transport/inbox.py). Forgetting them once sent takes a write; one transaction
per reply would cost as much as the update itself, so the marks of edits and answers
(harmless to send twice) are gathered while the previous batch is written: one transaction
when idle, fewer than one per reply under load. A new message's mark is written at once by
the pipeline, so that only a crash within that write sends it twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from bot.transport.background import cancel
from storage import Priority
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

_RETRY = 1.0  # seconds after a failed write


class SentReplies:
    def __init__(self, uow_factory: Callable[..., SqlUnitOfWork]) -> None:
        self._uow_factory = uow_factory
        self._marks: list[tuple[int, int]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def add(self, user_id: int, update_id: int) -> None:
        self._marks.append((user_id, update_id))
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._write_forever(), name="sent-replies")

    async def stop(self) -> None:
        await cancel(self._task)
        self._task = None
        with contextlib.suppress(Exception):  # at worst a reply is sent again at next start
            await self.write()

    async def write(self, *, priority: Priority = Priority.BACKGROUND) -> None:
        """Writes the marks gathered so far; `priority` NORMAL when an update waits for it."""
        marks, self._marks = self._marks, []
        if not marks:
            return
        try:
            async with self._uow_factory(priority=priority) as uow:
                await uow.chat_states.replies_sent(marks)
                await uow.commit()
        except BaseException:
            self._marks[:0] = marks
            raise

    async def _write_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.write()
            except Exception:
                log.exception("could not record replies as sent; retrying")
                self._wake.set()
                await asyncio.sleep(_RETRY)
