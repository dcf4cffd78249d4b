"""To-dos and what the scheduler claims, on the fakes, SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import Forbidden, NotFound, ValidationFailed
from domain.followups import NextStep, Snooze, parse_weekly
from domain.model import TodoStatus
from domain.services import interactions as svc
from domain.services import reminders
from domain.services import todos as todo_svc
from tests.seed import JANA, PETR
from tests.services.conftest import NOW, UowFactory

AGENDA = dt.time(8, 0)
TODAY = NOW.date()


async def _log(factory: UowFactory, contact: str = "CT000002", code: str = "CALL-OUT") -> int:
    async with factory() as uow:
        draft = (await svc.start_draft(uow, user=JANA, contact_no=contact, now=NOW)).draft
        assert draft.id is not None
        await svc.choose_template(uow, user=JANA, draft_id=draft.id, code=code)
        logged = await svc.log_draft(uow, user=JANA, draft_id=draft.id)
        await uow.commit()
    assert logged.entry.entry_no is not None
    return logged.entry.entry_no


async def _schedule(factory: UowFactory, entry_no: int, step: NextStep, **kw: object) -> str:
    async with factory() as uow:
        todo = await todo_svc.schedule_next(
            uow, user=JANA, entry_no=entry_no, step=step, today=TODAY, agenda_time=AGENDA, **kw
        )
        await uow.commit()
    return todo.no


async def test_schedule_next_numbers_the_todo_and_links_the_entry(
    uow_factory: UowFactory,
) -> None:
    entry_no = await _log(uow_factory)
    no = await _schedule(uow_factory, entry_no, NextStep.IN_3_DAYS)
    assert no == "TD000001"
    async with uow_factory() as uow:
        todo = await uow.todos.get(no)
        assert todo is not None
        assert (todo.contact_no, todo.salesperson_code, todo.template_code) == (
            "CT000002",
            "JN",
            "CALL-OUT",
        )
        assert (todo.date, todo.time, todo.status) == (
            TODAY + dt.timedelta(days=3),
            None,
            TodoStatus.OPEN,
        )
        assert todo.created_by_entry_no == entry_no and todo.closed_by_entry_no is None
        assert todo.remind_at == dt.datetime.combine(todo.date, AGENDA)
        with pytest.raises(ValidationFailed) as refused:
            await todo_svc.schedule_next(
                uow,
                user=JANA,
                entry_no=entry_no,
                step=NextStep.TOMORROW,
                today=TODAY,
                agenda_time=AGENDA,
            )
        assert refused.value.key == "todo_already_scheduled"


async def test_the_templates_suggested_next_step(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        template = await uow.templates.get("VISIT")
        assert template is not None
        template.next_template_code, template.next_in_days = "CALL-OUT", 5
        await uow.templates.save(template)
        await uow.commit()
    entry_no = await _log(uow_factory, code="VISIT")
    async with uow_factory() as uow:
        suggested = await todo_svc.suggestion(uow, user=JANA, entry_no=entry_no, today=TODAY)
    assert suggested is not None
    assert (suggested.template.code, suggested.date) == ("CALL-OUT", TODAY + dt.timedelta(days=5))
    no = await _schedule(uow_factory, entry_no, NextStep.SUGGESTED)
    async with uow_factory() as uow:
        todo = await uow.todos.get(no)
    assert todo is not None
    assert (todo.template_code, todo.date, todo.description) == (
        "CALL-OUT",
        TODAY + dt.timedelta(days=5),
        "Outgoing call",
    )


async def test_snooze_cancel_and_close_with_an_entry(uow_factory: UowFactory) -> None:
    first = await _schedule(uow_factory, await _log(uow_factory), NextStep.TOMORROW)
    second = await _schedule(uow_factory, await _log(uow_factory), NextStep.TOMORROW)
    async with uow_factory() as uow:
        await uow.todos.mark_reminded(first)
        snoozed = await todo_svc.snooze(
            uow, user=JANA, no=first, snooze=Snooze.NEXT_WEEK, today=TODAY, agenda_time=AGENDA
        )
        await todo_svc.cancel(uow, user=JANA, no=second)
        await uow.commit()
    assert snoozed.date == TODAY + dt.timedelta(days=7) and not snoozed.reminded
    closing = await _log(uow_factory)
    async with uow_factory() as uow:
        await todo_svc.close_with_entry(uow, user=JANA, no=first, entry_no=closing)
        with pytest.raises(ValidationFailed) as closed:
            await todo_svc.cancel(uow, user=JANA, no=second)
        assert closed.value.key == "todo_already_canceled"
        await uow.commit()
    async with uow_factory() as uow:
        done = await uow.todos.get(first)
        assert done is not None
        assert (done.status, done.closed_by_entry_no) == (TodoStatus.DONE, closing)
        assert await uow.todos.count_open() == 0


async def test_a_colleagues_todo_is_not_found_and_only_admins_filter(
    uow_factory: UowFactory,
) -> None:
    no = await _schedule(uow_factory, await _log(uow_factory), NextStep.TOMORROW)
    async with uow_factory() as uow:
        salesperson = PETR.__class__(telegram_id=1003, salesperson_code="PK")
        with pytest.raises(NotFound):
            await todo_svc.cancel(uow, user=salesperson, no=no)
        with pytest.raises(Forbidden):
            await todo_svc.todo_page(uow, user=JANA, page=0, size=8, salesperson_code="PK")
        everyone = await todo_svc.todo_page(uow, user=PETR, page=0, size=8, salesperson_code="*")
        assert [i.todo.no for i in everyone.items] == [no]
        assert (await todo_svc.todo_page(uow, user=PETR, page=0, size=8)).total == 0
        jn = await todo_svc.todo_page(uow, user=PETR, page=0, size=8, salesperson_code="jn")
        assert jn.total == 1 and jn.items[0].contact_name == "Jan Novák"


async def _todo_on(factory: UowFactory, date: dt.date, time: dt.time | None = None) -> str:
    async with factory() as uow:
        todo = await todo_svc.add_todo(
            uow,
            user=JANA,
            contact_no="CT000002",
            salesperson_code="JN",
            template_code="CALL-OUT",
            description="Call back",
            date=date,
            time=time,
            agenda_time=AGENDA,
        )
        await uow.commit()
    return todo.no


async def test_overdue_first_then_today_then_later(uow_factory: UowFactory) -> None:
    later = await _todo_on(uow_factory, TODAY + dt.timedelta(days=2))
    today_timed = await _todo_on(uow_factory, TODAY, dt.time(9, 30))
    today = await _todo_on(uow_factory, TODAY)
    overdue = await _todo_on(uow_factory, TODAY - dt.timedelta(days=3), dt.time(10, 0))
    async with uow_factory() as uow:
        page = await todo_svc.todo_page(uow, user=JANA, page=0, size=8)
        assert [i.todo.no for i in page.items] == [overdue, today, today_timed, later]
        counts = await uow.todos.overdue_counts(dt.datetime.combine(TODAY, dt.time(10, 0)))
        assert counts == {"JN": 2}  # three days late, and 09:30 today


async def test_each_reminder_is_claimed_once(uow_factory: UowFactory) -> None:
    timed = await _todo_on(uow_factory, TODAY, dt.time(15, 0))
    await _todo_on(uow_factory, TODAY + dt.timedelta(days=1), dt.time(9, 0))
    at_three = dt.datetime.combine(TODAY, dt.time(15, 0))
    async with uow_factory() as uow:
        assert (
            await reminders.claim_todo_reminders(uow, now=at_three - dt.timedelta(minutes=1)) == []
        )
        claimed = await reminders.claim_todo_reminders(uow, now=at_three)
        await uow.commit()
    assert [r.item.todo.no for r in claimed] == [timed]
    assert [u.telegram_id for u in claimed[0].users] == [JANA.telegram_id]
    async with uow_factory() as uow:
        assert await reminders.claim_todo_reminders(uow, now=at_three) == []


async def test_postponed_reminders_once_after_the_delay(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        draft = (await svc.start_draft(uow, user=JANA, contact_no="CT000002", now=NOW)).draft
        assert draft.id is not None
        postponed = await svc.postpone_draft(uow, user=JANA, draft_id=draft.id)
        await uow.commit()
    logged_at = dt.datetime.combine(postponed.entry.date, postponed.entry.time)
    async with uow_factory() as uow:
        early = logged_at + dt.timedelta(hours=24)
        assert await reminders.claim_postponed_reminders(uow, now=early, hours=24) == []
        late = early + dt.timedelta(minutes=1)
        [reminder] = await reminders.claim_postponed_reminders(uow, now=late, hours=24)
        await uow.commit()
    assert (reminder.entry.entry_no, reminder.contact_name) == (
        postponed.entry.entry_no,
        "Jan Novák",
    )
    async with uow_factory() as uow:
        assert await reminders.claim_postponed_reminders(uow, now=late, hours=24) == []


async def test_one_agenda_a_day_with_overdue_first(uow_factory: UowFactory) -> None:
    overdue = await _todo_on(uow_factory, TODAY - dt.timedelta(days=1))
    today = await _todo_on(uow_factory, TODAY)
    await _todo_on(uow_factory, TODAY + dt.timedelta(days=1))
    morning = dt.datetime.combine(TODAY, dt.time(7, 59))
    async with uow_factory() as uow:
        assert await reminders.claim_agendas(uow, now=morning, at=AGENDA) == []
        agendas = await reminders.claim_agendas(
            uow, now=morning + dt.timedelta(minutes=1), at=AGENDA
        )
        await uow.commit()
    [agenda] = agendas  # Petr has nothing due: no message
    assert agenda.user.telegram_id == JANA.telegram_id
    assert [i.todo.no for i in agenda.overdue] == [overdue]
    assert [i.todo.no for i in agenda.today] == [today]
    async with uow_factory() as uow:
        assert (
            await reminders.claim_agendas(uow, now=morning + dt.timedelta(hours=3), at=AGENDA) == []
        )
        # The agenda was the date-only to-dos' reminder.
        assert await reminders.claim_todo_reminders(uow, now=morning + dt.timedelta(hours=3)) == []
        await todo_svc.set_agenda(uow, user=JANA, on=False)
        await uow.commit()
    async with uow_factory() as uow:
        tomorrow = morning + dt.timedelta(days=1, hours=1)
        assert await reminders.claim_agendas(uow, now=tomorrow, at=AGENDA) == []
        [reminder] = await reminders.claim_todo_reminders(uow, now=tomorrow)
        assert reminder.item.todo.date == TODAY + dt.timedelta(days=1)


async def test_team_digest_once_a_day(uow_factory: UowFactory) -> None:
    await _todo_on(uow_factory, TODAY - dt.timedelta(days=1))
    at = dt.time(9, 0)
    nine = dt.datetime.combine(TODAY, at)
    async with uow_factory() as uow:
        assert (
            await reminders.claim_team_digest(uow, now=nine - dt.timedelta(seconds=1), at=at)
            is None
        )
        assert await reminders.claim_team_digest(uow, now=nine, at=at) == {"JN": 1, "PK": 0}
        await uow.commit()
    async with uow_factory() as uow:
        assert await reminders.claim_team_digest(uow, now=nine, at=at) is None


async def test_weekly_digest_once_a_week_with_the_most_active_contacts(
    uow_factory: UowFactory,
) -> None:
    for contact in ("CT000002", "CT000002", "CT000001"):
        await _log(uow_factory, contact=contact)
    weekly = parse_weekly("Mon 08:00")
    monday = TODAY - dt.timedelta(days=TODAY.weekday()) + dt.timedelta(days=7)
    at_eight = dt.datetime.combine(monday, dt.time(8, 0))
    async with uow_factory() as uow:
        early = at_eight - dt.timedelta(minutes=1)
        assert await reminders.claim_weekly_digest(uow, now=early, weekly=weekly) is None
        week = await reminders.claim_weekly_digest(uow, now=at_eight, weekly=weekly)
        assert week == (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
        digest = await reminders.weekly_digest(uow, first=week[0], last=week[1])
        await uow.commit()
    assert digest.top == [("Jan Novák", 2), ("Alza s.r.o.", 1)]
    assert digest.report.totals.interactions == 3
    async with uow_factory() as uow:
        friday = at_eight + dt.timedelta(days=4)
        assert await reminders.claim_weekly_digest(uow, now=friday, weekly=weekly) is None
