"""The follow-up tests' bot: started on a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from bot.app import build_application
from sandbox.bot_api import FakeTelegram
from tests.bot.conftest import settings_for, start_bot, stop_bot
from tests.bot.followups.helpers import (
    Clock,
    Start,
)
from tests.bot.helpers import Factory


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def start(fake: FakeTelegram, seeded: Factory, clock: Clock) -> AsyncIterator[Start]:
    """Starts the bot on the test's clock. The tests run the scheduler's passes themselves;
    with `scheduler_enabled=True` it also makes its first pass at start, as `interlog run`
    does (then it waits an hour)."""
    started: list[Application] = []  # type: ignore[type-arg]

    async def starter(**overrides: object) -> Application:  # type: ignore[type-arg]
        settings = settings_for(fake, **{"scheduler_interval": 3600, **overrides})
        app = build_application(settings, uow_factory=seeded, clock=clock, on_done=fake.update_done)
        await start_bot(app)
        started.append(app)
        return app

    yield starter
    for app in started:
        if app.running:
            await stop_bot(app)
