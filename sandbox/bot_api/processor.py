"""MarkDoneProcessor: a PTB update processor that tells the fake when an update is handled."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from telegram.ext import BaseUpdateProcessor

if TYPE_CHECKING:
    from .server import FakeTelegram


class MarkDoneProcessor(BaseUpdateProcessor):
    """Processes updates like PTB's default, then calls ``fake.mark_done(update_id)``.

    Wire it in with ``ApplicationBuilder().concurrent_updates(MarkDoneProcessor(fake))``.
    The mark happens even when handling raised, so a failing handler cannot hang a test.
    """

    def __init__(self, fake: FakeTelegram, max_concurrent_updates: int = 1) -> None:
        super().__init__(max_concurrent_updates)
        self.fake = fake

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            self.fake.update_done(update)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
