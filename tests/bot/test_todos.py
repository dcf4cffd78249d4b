"""Follow-ups end to end through the fake Bot API, with a clock the tests move by hand:
"Log and schedule next", /todo (Log now, Snooze, Cancel), closing a to-do from /interact,
reminders that survive a restart, two instances, the agenda's order and daylight saving."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.scheduler import Scheduler
from bot.transport.outbox import Outbox, utc_now
from domain.model import TodoStatus
from domain.services import todos as todo_svc
from sandbox.bot_api import FakeTelegram, FakeUser
from storage import make_engine, make_uow_factory
from tests.bot.conftest import TEAM_CHAT, settings_for, start_bot, stop_bot
from tests.bot.helpers import Factory, entries_of
from tests.seed import JANA, PETR
from tests.storage.builders import entry

AGENDA = dt.time(8, 0)
MONDAY = dt.datetime(2026, 11, 30, 10, 0)  # Thursday is 3 Dec


@dataclass
class Clock:
    """The salespeople's wall clock, set by the test."""

    now: dt.datetime = MONDAY

    def __call__(self) -> dt.datetime:
        return self.now


Start = Callable[..., Awaitable[Application]]  # type: ignore[type-arg]


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


def scheduler(app: Application) -> Scheduler:  # type: ignore[type-arg]
    found: Scheduler = app.bot_data["scheduler"]
    return found


async def tick(app: Application) -> int:  # type: ignore[type-arg]
    """One scheduler pass, then until the outbox has sent what it queued."""
    queued = await scheduler(app).run_once()
    outbox: Outbox = app.bot_data["outbox"]
    await outbox.wait_drained()
    return queued


async def add_todo(
    factory: Factory,
    date: dt.date,
    time: dt.time | None = None,
    *,
    contact: str = "CT000002",
    reminded: bool = False,
) -> str:
    """A to-do of Jana's; `reminded`: its reminder went out already (one planned for a day
    gone by would otherwise be reminded at once)."""
    async with factory() as uow:
        todo = await todo_svc.add_todo(
            uow,
            user=JANA,
            contact_no=contact,
            salesperson_code="JN",
            template_code="CALL-OUT",
            description="Call back",
            date=date,
            time=time,
            agenda_time=AGENDA,
        )
        if reminded:
            await uow.todos.mark_reminded(todo.no)
        await uow.commit()
    return todo.no


async def agenda_off(factory: Factory) -> None:
    async with factory() as uow:
        await todo_svc.set_agenda(uow, user=JANA, on=False)
        await uow.commit()


async def tap_in_row(user: FakeUser, row: int, label: str) -> None:
    """Taps the button with `label` in one row of the newest message (every row of /todo
    has its own Snooze and Cancel)."""
    message = user.last
    assert message.reply_markup is not None
    [data] = [
        button["callback_data"]
        for button in message.reply_markup["inline_keyboard"][row]
        if label in button["text"]
    ]
    await user.tap_data(message.message_id, data)


async def todo_of(factory: Factory, no: str) -> todo_svc.Todo:
    async with factory() as uow:
        found = await uow.todos.get(no)
    assert found is not None
    return found


async def _log_a_call(jana: FakeUser) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    await jana.tap("Log")


# Log and schedule next -------------------------------------------------------------------


async def test_schedule_next_after_log(fake: FakeTelegram, seeded: Factory, start: Start) -> None:
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await _log_a_call(jana)  # still four actions
    confirmation = jana.last
    assert "Logged #1" in confirmation.text
    assert confirmation.buttons[:5] == [
        "Tomorrow",
        "In 3 days",
        "Next week",
        "📅 Pick a date",
        "No follow-up",
    ]
    await jana.tap("In 3 days")
    assert "Next step: TD000001 · Thu 3 Dec · Jan Novák · Outgoing call" in jana.last.text
    todo = await todo_of(seeded, "TD000001")
    assert (todo.contact_no, todo.salesperson_code, todo.template_code) == (
        "CT000002",
        "JN",
        "CALL-OUT",
    )
    assert (todo.date, todo.time, todo.created_by_entry_no) == (dt.date(2026, 12, 3), None, 1)
    # The same tap again (a double tap, a second device) plans nothing more.
    await jana.tap_data(confirmation.message_id, "0|nx|1:week")
    assert "The next step is planned already: to-do TD000001." in jana.callback_answers[-1]
    async with seeded() as uow:
        assert await uow.todos.count_open() == 1


async def test_the_templates_suggestion_comes_first_and_a_picked_date(
    fake: FakeTelegram, seeded: Factory, start: Start
) -> None:
    async with seeded() as uow:
        template = await uow.templates.get("VISIT")
        assert template is not None
        template.next_template_code, template.next_in_days = "CALL-OUT", 3
        await uow.templates.save(template)
        await uow.commit()
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Customer visit")
    await jana.tap("Log")
    assert jana.last.buttons[0] == "➡ Outgoing call on Thu 3 Dec"
    await jana.tap("➡ Outgoing call")
    assert (await todo_of(seeded, "TD000001")).date == dt.date(2026, 12, 3)
    # A second interaction, its next step on a picked date.
    await _log_a_call(jana)
    await jana.tap("Pick a date")
    assert "Send the to-do's date" in jana.last.text
    await jana.say("2026-12-24 14:00")
    assert "TD000002 · Thu 24 Dec" in jana.last.text
    picked = await todo_of(seeded, "TD000002")
    assert (picked.date, picked.time) == (dt.date(2026, 12, 24), dt.time(14, 0))
    assert picked.remind_at == dt.datetime(2026, 12, 24, 14, 0)


# /todo ------------------------------------------------------------------------------------


async def test_todo_lists_overdue_first_and_snoozes(
    fake: FakeTelegram, seeded: Factory, start: Start, clock: Clock
) -> None:
    later = await add_todo(seeded, MONDAY.date() + dt.timedelta(days=2))
    overdue = await add_todo(seeded, MONDAY.date() - dt.timedelta(days=4), dt.time(9, 0))
    today = await add_todo(seeded, MONDAY.date())
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await jana.say("/todo")
    lines = jana.last.text.splitlines()
    assert lines[0] == "Open to-dos of JN (3), overdue first:"
    assert [line.split(" · ")[0].removeprefix("⏰ ") for line in lines[1:]] == [
        overdue,
        today,
        later,
    ]
    assert lines[1].startswith("⏰ ") and not lines[3].startswith("⏰")
    first_row = jana.last.button_rows[0]
    assert first_row == [f"📝 {overdue}", "💤 Tomorrow", "💤 Next week", "✖ Cancel"]
    await tap_in_row(jana, 0, "💤 Tomorrow")  # the overdue one
    assert f"{overdue} moved to Tue 1 Dec" in jana.callback_answers[-1]
    snoozed = await todo_of(seeded, overdue)
    assert (snoozed.date, snoozed.time, snoozed.reminded) == (
        dt.date(2026, 12, 1),
        dt.time(9, 0),
        False,
    )
    assert jana.last.text.splitlines()[1].startswith(today)  # the list drawn again
    await tap_in_row(jana, 0, "✖ Cancel")
    assert (await todo_of(seeded, today)).status is TodoStatus.CANCELED
    # A salesperson may not look at a colleague's; an administrator may.
    await jana.say("/todo PK")
    assert "Only administrators" in jana.last.text
    petr = fake.user(user_id=PETR.telegram_id, first_name="Petr")
    await petr.say("/todo JN")
    assert "Open to-dos of JN (2)" in petr.last.text


async def test_log_now_closes_the_todo_and_links_the_entry(
    fake: FakeTelegram, seeded: Factory, start: Start
) -> None:
    no = await add_todo(seeded, MONDAY.date())
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await jana.say("/todo")
    await jana.tap(f"📝 {no}")
    card = jana.last.text
    assert "Contact: Jan Novák" in card and "Template: Outgoing call" in card
    await jana.tap("Log")
    assert "Logged #1" in jana.last.text and f"To-do {no} is done." in jana.last.text
    done = await todo_of(seeded, no)
    assert (done.status, done.closed_by_entry_no) == (TodoStatus.DONE, 1)
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.entry_no == 1 and entry.template_code == "CALL-OUT"


async def test_log_now_sets_aside_the_interaction_open_meanwhile(
    fake: FakeTelegram, seeded: Factory, start: Start
) -> None:
    no = await add_todo(seeded, MONDAY.date())
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await jana.say("/interact alza s.r.o.")
    await jana.tap("Outgoing call")  # an interaction with Alza, open
    await jana.say("/todo")
    await jana.tap(f"📝 {no}")
    assert "Your interaction #1 with Alza s.r.o. was postponed" in jana.last.text
    assert "Contact: Jan Novák" in jana.last.text
    await jana.tap("Log")
    assert f"To-do {no} is done." in jana.last.text
    done = await todo_of(seeded, no)
    assert (done.status, done.closed_by_entry_no) == (TodoStatus.DONE, 2)


async def test_an_interaction_started_over_log_nows_card_does_not_close_the_todo(
    fake: FakeTelegram, seeded: Factory, start: Start
) -> None:
    """Log now's card set aside by another interaction: logging that other one leaves the
    to-do open (only offered for closing), even though it is the next draft written; on
    SQLite a draft id once freed must not come back and pass for the set-aside one."""
    no = await add_todo(seeded, MONDAY.date())
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await jana.say("/todo")
    await jana.tap(f"📝 {no}")
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    assert "Your interaction #1 with Jan Novák (Alza s.r.o.) was postponed" in jana.last.text
    await jana.tap("Outgoing call")
    await jana.tap("Log")
    assert "Logged #2" in jana.last.text and "is done" not in jana.last.text
    assert jana.last.buttons[0].startswith(f"☑ Done: {no}")
    assert (await todo_of(seeded, no)).status == TodoStatus.OPEN


async def test_interact_offers_to_close_an_open_todo_with_the_contact(
    fake: FakeTelegram, seeded: Factory, start: Start
) -> None:
    no = await add_todo(seeded, MONDAY.date() - dt.timedelta(days=1))
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await _log_a_call(jana)
    assert jana.last.buttons[0].startswith(f"☑ Done: {no}")
    await jana.tap("☑ Done")
    assert f"{no} done with #1" in jana.callback_answers[-1]
    done = await todo_of(seeded, no)
    assert (done.status, done.closed_by_entry_no) == (TodoStatus.DONE, 1)


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
