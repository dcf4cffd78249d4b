"""How the bot talks to Telegram: updates only through the inbox; one retry policy."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import build_application
from bot.transport.bot_api import Throttle
from sandbox.bot_api import FakeTelegram, FaultPlan
from sandbox.bot_api.faults import FaultKind
from tests.bot.conftest import TEAM_CHAT, Starter, settings_for
from tests.bot.helpers import Factory
from tests.seed import JANA


async def test_updates_cannot_bypass_the_inbox(fake: FakeTelegram, seeded: Factory) -> None:
    app = build_application(settings_for(fake), uow_factory=seeded)
    assert app.updater is None
    with pytest.raises(RuntimeError, match="Updater"):
        app.run_polling()
    with pytest.raises(RuntimeError, match="Updater"):
        app.run_webhook()


async def _pauses_when_telegram_always_answers(
    fake: FakeTelegram, seeded: Factory, start: Starter, *, kind: FaultKind
) -> tuple[list[float], int]:
    """The pauses the sender took and the calls it made to send /help's reply, when every
    sendMessage is answered with `kind`; the reply stays kept for the next start."""
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    app = await start()
    pauses: list[float] = []

    async def record(seconds: float) -> None:
        pauses.append(seconds)

    app.bot_data["sender"].sleep = record
    fake.faults = FaultPlan(
        probability=1.0, kinds=(kind,), retry_after=7, methods=frozenset({"sendMessage"})
    )
    await fake.wait_done(jana.send("/help"))
    async with seeded() as uow:
        assert [user for user, _, _ in await uow.chat_states.unsent_replies()] == [jana.id]
    return pauses, len(fake.calls_of("sendMessage"))


async def test_a_429_is_waited_out_as_telegram_asks_five_times_then_kept(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    pauses, calls = await _pauses_when_telegram_always_answers(fake, seeded, start, kind="429")
    assert calls == 5  # one retry policy: nothing below the sender tries again
    assert pauses == [7.0] * 4


async def test_a_5xx_is_retried_after_doubling_pauses_five_times_then_kept(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    pauses, calls = await _pauses_when_telegram_always_answers(fake, seeded, start, kind="500")
    assert calls == 5
    assert pauses == [0.5, 1.0, 2.0, 4.0]


async def test_messages_to_a_group_wait_their_turn_and_private_chats_do_not() -> None:
    throttle = Throttle(per_second=0, group_per_minute=2)
    for _ in range(2):
        await throttle.wait(TEAM_CHAT)
    third = asyncio.create_task(throttle.wait(TEAM_CHAT))
    for _ in range(10):  # only time passing lets it go (a minute's share of the limit)
        await asyncio.sleep(0)
    assert not third.done()
    third.cancel()
    for _ in range(100):  # no overall limit set: a private chat never waits
        await throttle.wait(JANA.telegram_id)
    await throttle.wait(None)  # an answer to a tap is no message
