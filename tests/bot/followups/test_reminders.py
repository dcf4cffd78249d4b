"""What the scheduler sends, end to end through the fake Bot API with a clock the tests move
by hand: reminders that survive a restart and a kill, two instances, the agenda's order
and daylight saving, the weekly digest."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_application
from bot.transport.outbox import Outbox, utc_now
from sandbox.bot_api import FakeTelegram
from storage import make_engine, make_uow_factory
from tests.bot.conftest import TEAM_CHAT, settings_for, stop_bot
from tests.bot.followups.helpers import (
    MONDAY,
    Clock,
    Start,
    add_todo,
    agenda_off,
    scheduler,
    tick,
)
from tests.bot.helpers import Factory
from tests.seed import JANA
from tests.storage.builders import entry

# Reminders ---------------------------------------------------------------------------------


async def test_a_reminder_due_while_the_bot_was_down_is_sent_once_after_restart(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock
) -> None:
    clock.now = MONDAY.replace(hour=7)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await agenda_off(seeded)  # the reminder alone, not the agenda too
    no = await add_todo(seeded, MONDAY.date(), dt.time(9, 30))
    app = await start(scheduler_enabled=True)
    assert await tick(app) == 0  # before 09:30: nothing
    await stop_bot(app)
    clock.now = MONDAY.replace(hour=11)  # the bot was down at 09:30
    app = await start(scheduler_enabled=True)  # its first pass sends it
    await fake.wait_for(lambda: any("To-do" in (m.text or "") for m in jana.messages))
    assert await tick(app) == 0
    await stop_bot(app)
    app = await start(scheduler_enabled=True)
    assert await tick(app) == 0
    reminders = [m for m in jana.messages if (m.text or "").startswith("⏰ To-do")]
    assert [m.text for m in reminders] == [
        f"⏰ To-do: {no} · Mon 30 Nov 9:30\u202fAM · Jan Novák · Outgoing call"
    ]
    assert reminders[0].buttons[0] == f"📝 {no}"
    # Its buttons work after the restart: Snooze moves it and a new reminder comes then.
    await jana.tap("💤 Tomorrow")
    clock.now = dt.datetime(2026, 12, 1, 9, 30)
    assert await tick(app) == 1
    assert jana.last.text.startswith("⏰ To-do") and "Tue 1 Dec 9:30\u202fAM" in jana.last.text


async def test_killed_between_sending_a_reminder_and_marking_it_one_duplicate_at_most(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock
) -> None:
    """The reminder's outbox task dies while Telegram holds the message (what kill -9
    does to it): Telegram posts it, nothing marks it sent. The restarted bot sends it again
    once its lease ran out (the outbox's clock moved past it), and never a third time."""
    await agenda_off(seeded)
    no = await add_todo(seeded, MONDAY.date(), dt.time(9, 30))
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    app = await start()

    def copies() -> int:
        return sum((m.text or "").startswith(f"⏰ To-do: {no}") for m in jana.messages)

    gate = fake.gate("sendMessage")
    assert await scheduler(app).run_once() == 1
    await gate.arrived
    [outbox] = [task for task in asyncio.all_tasks() if task.get_name() == "outbox"]
    outbox.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await outbox
    gate.release()
    await fake.wait_for(lambda: copies() == 1)  # Telegram took it
    await stop_bot(app)
    app = await start()
    assert await tick(app) == 0 and copies() == 1  # still leased by the dead sender
    drain: Outbox = app.bot_data["outbox"]
    drain.now = lambda: utc_now() + dt.timedelta(minutes=2)
    assert await tick(app) == 0
    assert copies() == 2
    await stop_bot(app)
    app = await start()
    app.bot_data["outbox"].now = lambda: utc_now() + dt.timedelta(minutes=10)
    assert await tick(app) == 0
    assert copies() == 2


async def test_postponed_interactions_are_reminded_once_after_the_delay(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock
) -> None:
    app = await start(postponed_reminder_hours=24)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await jana.say("/agenda")
    assert jana.last.text == "Your morning agenda is on. Send /agenda on or /agenda off."
    await jana.say("/agenda off")
    assert jana.last.text == "No more morning agenda. Reminders of to-dos still come."
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    clock.now = MONDAY + dt.timedelta(hours=24)
    assert await tick(app) == 0
    clock.now = MONDAY + dt.timedelta(hours=25)
    assert await tick(app) == 1
    assert await tick(app) == 0
    assert jana.last.text.startswith("⏸ Postponed since Nov 30, 2026: #1 with Jan Novák")
    await jana.tap("Resume #1")
    assert (
        "Jan Novák (Alza s.r.o.): which kind of interaction?" in jana.last.text
    )  # no template yet


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_instances_send_each_reminder_once(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock, database_url: str
) -> None:
    """Several instances share a PostgreSQL database (SQLite is one process's)."""
    nos = [await add_todo(seeded, MONDAY.date(), dt.time(10, m)) for m in range(0, 50, 5)]
    clock.now = MONDAY.replace(hour=9)
    first = await start()
    # The second instance: its own connections, scheduler and outbox sender (no poller).
    engine = make_engine(database_url)
    second = build_application(
        settings_for(fake, scheduler_enabled=True, scheduler_interval=3600),
        uow_factory=make_uow_factory(engine),
        clock=clock,
    )
    await second.initialize()
    assert second.post_init is not None
    await second.post_init(second)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    try:
        for minutes in range(0, 60, 5):
            clock.now = MONDAY.replace(minute=minutes)
            await asyncio.gather(*(scheduler(a).run_once() for a in (first, second, first, second)))
        await asyncio.gather(*(a.bot_data["outbox"].wait_drained() for a in (first, second)))
    finally:
        assert second.post_shutdown is not None
        await second.post_shutdown(second)
        await second.shutdown()
        await engine.dispose()
    reminded = [m.text.split(" · ")[0] for m in jana.messages if (m.text or "").startswith("⏰")]
    assert sorted(reminded) == [f"⏰ To-do: {no}" for no in nos]


# The agenda --------------------------------------------------------------------------------


async def test_the_agenda_lists_overdue_before_today(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock
) -> None:
    clock.now = MONDAY.replace(hour=7, minute=59)
    today = await add_todo(seeded, MONDAY.date(), dt.time(14, 0))
    overdue = await add_todo(seeded, MONDAY.date() - dt.timedelta(days=2), reminded=True)
    await add_todo(seeded, MONDAY.date() + dt.timedelta(days=1))  # tomorrow's: not listed
    app = await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    assert await tick(app) == 0
    clock.now = MONDAY.replace(hour=8)
    assert await tick(app) == 1  # Petr has nothing due: no message for him
    text = jana.last.text
    assert text.splitlines()[0] == "☀ Your day, Mon 30 Nov"
    assert text.index("Overdue:") < text.index(overdue) < text.index("Today:") < text.index(today)
    assert jana.last.buttons[0] == f"📝 {overdue}"
    clock.now = MONDAY.replace(hour=12)
    assert await tick(app) == 0  # once a day


async def test_an_agenda_at_0800_prague_neither_skipped_nor_repeated_across_dst(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock
) -> None:
    """Every 20 minutes through the two days around each change (29 March and 25 October
    2026): one agenda each day, sent at the first pass at or after 08:00 local."""
    prague = ZoneInfo("Europe/Prague")
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    app = None
    for change in (dt.date(2026, 3, 29), dt.date(2026, 10, 25)):
        first_day = change - dt.timedelta(days=1)
        await add_todo(seeded, first_day - dt.timedelta(days=1), reminded=True)  # overdue
        instant = dt.datetime.combine(first_day, dt.time(0), tzinfo=prague).astimezone(dt.UTC)
        clock.now = instant.astimezone(prague).replace(tzinfo=None)
        if app is None:
            app = await start(time_zone="Europe/Prague")
        sent_at: list[dt.datetime] = []
        end = instant + dt.timedelta(days=3)
        while instant < end:
            clock.now = instant.astimezone(prague).replace(tzinfo=None)
            if await tick(app):
                sent_at.append(clock.now)
            instant += dt.timedelta(minutes=20)
        days = [first_day + dt.timedelta(days=n) for n in range(3)]
        assert sent_at == [dt.datetime.combine(day, dt.time(8, 0)) for day in days], change
    agendas = [m for m in jana.messages if (m.text or "").startswith("☀")]
    assert len(agendas) == 6


# The weekly team digest -------------------------------------------------------------------


async def test_the_weekly_digest_goes_once_a_week_across_restarts(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock
) -> None:
    last_week = MONDAY.date() - dt.timedelta(days=7)
    async with seeded() as uow:
        for contact, day, salesperson in [
            ("CT000002", 0, "JN"),
            ("CT000002", 2, "JN"),
            ("CT000002", 6, "JN"),
            ("CT000003", 3, "PK"),
            ("CT000001", 4, "JN"),
            ("CT000001", 7, "JN"),  # this week: not counted
        ]:
            date = last_week + dt.timedelta(days=day)
            await uow.entries.add(
                entry(contact, salesperson_code=salesperson, date=date, template_code="CALL-OUT")
            )
        await uow.commit()
    weekly = {"team_digest_weekly": "mon 08:00", "scheduler_enabled": True}
    clock.now = dt.datetime(2026, 11, 30, 7, 59)
    app = await start(**weekly)
    assert await tick(app) == 0
    await stop_bot(app)
    clock.now = dt.datetime(2026, 11, 30, 9, 15)  # down at 08:00: sent at the next start
    team = fake.chat(TEAM_CHAT)
    app = await start(**weekly)
    await fake.wait_for(lambda: any("photo" in m.content for m in team.messages))
    assert await tick(app) == 0
    await stop_bot(app)
    clock.now = dt.datetime(2026, 12, 2, 8, 0)  # Wednesday: nothing more this week
    app = await start(**weekly)
    assert await tick(app) == 0
    [digest] = [m for m in team.messages if "photo" in m.content]
    caption = digest.content.get("caption", "")
    assert caption == (
        "Last week, Nov 23, 2026 to Nov 29, 2026: 5 interactions. "
        "Most active contacts: Jan Novák (3), Alza s.r.o. (1), Eva Nováková (1)"
    )
    file_id = digest.content["photo"][-1]["file_id"]
    assert fake.state.files[file_id].content[:8] == b"\x89PNG\r\n\x1a\n"
    clock.now = dt.datetime(2026, 12, 7, 8, 0)  # the next Monday
    assert await tick(app) == 1
