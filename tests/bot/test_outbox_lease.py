"""Several instances drain one outbox: a team message held back by Telegram's limits (a
group takes 20 messages a minute) is posted once, even when the wait outlasts a lease."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.transport.bot_api import Throttle
from bot.transport.outbox import Outbox, utc_now
from sandbox.bot_api import FakeTelegram
from storage import SqlUnitOfWork
from tests.bot.conftest import TEAM_CHAT, settings_for


class HeldThrottle(Throttle):
    """Holds every message until the test lets it through, as a full group's limit does."""

    def __init__(self) -> None:
        super().__init__(per_second=0, group_per_minute=20)
        self.waiting = asyncio.Event()
        self.released = asyncio.Event()

    async def wait(self, chat_id: int | None) -> None:
        self.waiting.set()
        await self.released.wait()


@pytest.fixture
async def instance(
    fake: FakeTelegram, seeded: Callable[[], SqlUnitOfWork]
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """An initialised bot whose outbox the test drains by hand."""
    app = build_application(settings_for(fake), uow_factory=seeded)
    await app.initialize()
    try:
        yield app
    finally:
        await app.shutdown()


async def test_a_message_held_longer_than_a_lease_is_posted_once(
    fake: FakeTelegram,
    seeded: Callable[[], SqlUnitOfWork],
    instance: Application,  # type: ignore[type-arg]
) -> None:
    start = utc_now()
    async with seeded() as uow:
        await uow.outbox.add(chat_id=TEAM_CHAT, text="Logged #1", now=start)
        await uow.commit()
    held = HeldThrottle()
    first = Outbox(sender=instance.bot_data["sender"], uow_factory=seeded, throttle=held)
    first.now = lambda: start
    second: Outbox = instance.bot_data["outbox"]
    # Two minutes later: any lease the first instance may have taken has run out.
    second.now = lambda: start + dt.timedelta(minutes=2)

    draining = asyncio.create_task(first.drain_once())
    await held.waiting.wait()
    await second.drain_once()
    held.released.set()
    await draining

    assert [m.text for m in fake.chat(TEAM_CHAT).messages] == ["Logged #1"]
    async with seeded() as uow:
        assert not await uow.outbox.due(start + dt.timedelta(days=1), 10)
