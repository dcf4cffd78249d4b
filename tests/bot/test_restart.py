"""kill -9 at every step of a conversation, restart, continue: nothing is lost."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.access import OPERATOR
from domain.model import Evaluation
from sandbox.bot_api import FakeTelegram, FaultPlan
from tests.bot.conftest import WEBHOOK_SECRET, free_port
from tests.bot.helpers import Factory, entries_of, postponed_of
from tests.bot.process import BotProcess
from tests.seed import JANA, PETR

INTERACT = [
    ("say", "/interact novak", "Contacts matching"),
    ("tap", "Jan Novák", "which kind of interaction?"),
    ("tap", "Outgoing call", "New interaction"),
    ("tap", "Cost", "Send the cost"),
    ("say", "12.40", "Cost: 12.40"),
    ("tap", "Evaluation", "How did it go?"),
    ("tap", "Very positive", "Evaluation: Very positive"),
    ("tap", "Postpone", "Postponed: interaction #1"),
    ("say", "/postponed", "Your postponed interactions"),
    ("tap", "Resume #1", "Resumed interaction"),
    ("tap", "Log", "Logged #1"),
]


async def test_kill_at_every_step_of_interact_and_resume(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    bot = BotProcess(fake, database_url)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await bot.start()
    try:
        for index, (action, argument, expect) in enumerate(INTERACT):
            if index:
                await bot.restart_hard()
            await bot.act(jana, action, argument, expect)
    finally:
        await bot.stop()
    assert bot.starts == len(INTERACT)
    [entry] = await entries_of(seeded, "CT000002")
    # The same result as without any crash:
    assert entry.entry_no == 1 and not entry.postponed
    assert (entry.template_code, entry.cost, entry.duration) == ("CALL-OUT", Decimal("12.40"), 5)
    assert entry.evaluation is Evaluation.VERY_POSITIVE
    assert await postponed_of(seeded, "JN") == []


async def test_kill_at_every_step_of_logsegment(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    from domain.model import ContactCriteria
    from domain.services import segments as seg

    async with seeded() as uow:
        segment = await seg.create_segment(
            uow, user=OPERATOR, description="Calls", template_code="CALL-OUT"
        )
        await seg.add_contacts(
            uow, user=OPERATOR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        await uow.commit()
    bot = BotProcess(fake, database_url)
    petr = fake.user(user_id=PETR.telegram_id, first_name="Petr")
    await bot.start()
    try:
        await bot.act(petr, "say", "/logsegment", "Which segment")
        await bot.restart_hard()
        await bot.act(petr, "tap", segment.no, "Create a follow-up segment?")
        await bot.restart_hard()
        await bot.act(petr, "tap", "Yes", "Follow-up segment S00002 created.")
    finally:
        await bot.stop()
    async with seeded() as uow:
        logged = await uow.logged_segments.list(limit=10)
        assert [s.no for s in await uow.segments.list()] == ["S00002"]
    assert len(logged) == 1 and logged[0][1] == 2


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_a_crash_between_commit_and_reply_resends_the_reply(
    fake: FakeTelegram, seeded: Factory, database_url: str, webhook: bool
) -> None:
    """In webhook mode Telegram had its answer: the update never comes again, the reply
    kept with its effects is what the restarted bot sends."""
    port = free_port()
    mode = {
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    bot = BotProcess(fake, database_url, **(mode if webhook else {}))
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await bot.start()
    try:
        await bot.act(jana, "say", "/interact novak", "Contacts matching")
        await bot.act(jana, "tap", "Jan Novák", "which kind")
        await bot.act(jana, "tap", "Outgoing call", "New interaction")
        gate = fake.gate("editMessageText")  # the "Logged" reply will hang...
        message, data = next(
            (m, b["callback_data"])
            for m in reversed(jana.messages)
            for b in m.inline_buttons()
            if "Log" in b["text"]
        )
        jana.send_callback(message, str(data))
        await gate.arrived  # ...after the entry was committed
        await bot.kill9()
        gate.release()
        await bot.start()  # the unconfirmed update comes again: no new entry, the reply is sent
        await fake.wait_for(lambda: "Logged #1" in jana.last.text, timeout=30)
    finally:
        await bot.stop()
    assert len(await entries_of(seeded, "CT000002")) == 1


async def test_the_process_ends_with_an_error_when_updates_stop_coming(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    """Telegram refuses the token (revoked): a bot that went on running would answer
    nobody, while whatever runs it (systemd, Docker) restarts one that exits."""
    bot = BotProcess(fake, database_url)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await bot.start()
    try:
        await bot.act(jana, "say", "/help", "/interact")
        fake.faults = FaultPlan(probability=1.0, kinds=("401",), methods=frozenset({"getUpdates"}))
        jana.send("/help")  # ends the long poll in progress; the next one is refused
        code, errors = await bot.exited()
    finally:
        await bot.stop()
    assert code == 1, errors[-3000:]
    assert "updates stopped coming in" in errors and "InvalidToken" in errors
