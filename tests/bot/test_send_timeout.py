"""A slow Telegram does not post a message twice: a send waits for Telegram's answer far
longer than other calls (bot.transport.replies.SEND_TIMEOUT), since one given up on may have been
delivered all the same."""

from __future__ import annotations

from sqlalchemy import func, select
from telegram.ext import Application

from bot.transport.outbox import Outbox
from sandbox.bot_api import FakeTelegram, FakeUser, FaultPlan
from storage.tables import outbox
from tests.bot.conftest import TEAM_CHAT
from tests.bot.helpers import Factory

READ_TIMEOUT = 5.0  # what the bot waits for Telegram's answer to any other call


async def _unsent(factory: Factory) -> int:
    """Without taking the rows' locks (outbox.due skips rows the sender has locked)."""
    async with factory() as uow:
        stmt = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        return int((await uow.connection.execute(stmt)).scalar_one())


async def test_a_team_message_telegram_confirms_late_is_posted_once(
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    # Telegram posts the team message at once and confirms it after longer than a read
    # may take; a sender that gave up would post it again.
    fake.faults = FaultPlan(
        probability=1.0,
        kinds=("slow",),
        slow_delay=READ_TIMEOUT + 1,
        methods=frozenset({"sendMessage"}),
        max_faults=1,
    )
    sends_before = len(fake.calls_of("sendMessage"))
    await jana.tap("Log")
    drain: Outbox = app.bot_data["outbox"]
    while await _unsent(seeded):
        await drain.wait_drained()
    # The late confirmation was the team message's (the reply to "Log" edits and answers),
    # and it was sent once.
    assert fake.faults.injected["slow"] == 1
    sends = fake.calls_of("sendMessage")[sends_before:]
    assert [send["chat_id"] for send in sends] == [TEAM_CHAT]
    [posted] = fake.chat(TEAM_CHAT).messages
    assert "Jan Novák" in posted.text
