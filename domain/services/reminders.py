"""What the scheduler sends, computed from the database and claimed in the same
transaction that queues the messages: a reminder claimed by one instance (or one run
before a crash) is never claimed again, and one not yet claimed is claimed by the next
pass whenever that comes. Nothing is kept in memory, so nothing due is lost to a restart.

Every function here takes the local wall time `now` of the salespeople's time zone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from domain.access import OPERATOR
from domain.activity import Period
from domain.followups import (
    AGENDA_MARK,
    POSTPONED_MARK,
    TEAM_DIGEST_MARK,
    WEEKLY_DIGEST_MARK,
    Weekly,
    agenda_key,
    daily_due,
    week_key,
    weekly_due,
)
from domain.model import ContactCriteria, InteractionLogEntry, User
from domain.ports import UnitOfWork
from domain.services.statistics import Report, team_activity
from domain.services.todos import TodoItem, todo_items

_BATCH = 50


@dataclass(frozen=True, slots=True)
class TodoReminder:
    item: TodoItem
    users: list[User]


@dataclass(frozen=True, slots=True)
class PostponedReminder:
    entry: InteractionLogEntry
    contact_name: str
    users: list[User]


@dataclass(slots=True)
class Agenda:
    user: User
    day: dt.date
    overdue: list[TodoItem] = field(default_factory=list)
    today: list[TodoItem] = field(default_factory=list)
    postponed: list[tuple[InteractionLogEntry, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.today or self.postponed)


async def _recipients(uow: UnitOfWork) -> dict[str, list[User]]:
    """The users acting as each salesperson, blocked salespeople left out."""
    found: dict[str, list[User]] = defaultdict(list)
    for user in await uow.users.list():
        if user.salesperson_code and not user.salesperson_blocked:
            found[user.salesperson_code].append(user)
    return found


async def claim_agendas(uow: UnitOfWork, *, now: dt.datetime, at: dt.time) -> list[Agenda]:
    """Each user with the agenda on gets one per local day, from `at` on: overdue to-dos,
    today's, and postponed interactions. Claimed even when empty (nothing to send that
    day). The date-only to-dos it lists count as reminded: the agenda is their reminder."""
    day = daily_due(now, at)
    if day is None:
        return []
    users = [u for u in await uow.users.list() if u.agenda and u.salesperson_code]
    users = [u for u in users if not u.salesperson_blocked]
    keys = {agenda_key(u.telegram_id, day): u for u in users}
    done = await uow.schedule_marks.claimed(AGENDA_MARK, list(keys))
    agendas = []
    for key, user in keys.items():
        if key in done or not await uow.schedule_marks.claim(AGENDA_MARK, key, _utc()):
            continue
        agenda = Agenda(user=user, day=day)
        todos = await uow.todos.open(salesperson_code=user.salesperson_code, due_by=day)
        for item in await todo_items(uow, todos):
            (agenda.today if item.todo.date == day else agenda.overdue).append(item)
            if item.todo.time is None and not item.todo.reminded:
                await uow.todos.mark_reminded(item.todo.no)
        postponed = await uow.entries.postponed(user.salesperson_code, limit=_BATCH)
        names = await _names(uow, {e.contact_no for e in postponed})
        agenda.postponed = [(e, names.get(e.contact_no, e.contact_no)) for e in postponed]
        if not agenda.empty:
            agendas.append(agenda)
    return agendas


async def claim_todo_reminders(uow: UnitOfWork, *, now: dt.datetime) -> list[TodoReminder]:
    """Open to-dos whose reminder is due and not yet sent, each claimed once."""
    due = await uow.todos.due_reminders(now, limit=_BATCH)
    if not due:
        return []
    recipients = await _recipients(uow)
    claimed = [t for t in due if await uow.todos.mark_reminded(t.no)]
    return [
        TodoReminder(item, recipients.get(item.todo.salesperson_code, []))
        for item in await todo_items(uow, claimed)
    ]


async def claim_postponed_reminders(
    uow: UnitOfWork, *, now: dt.datetime, hours: int
) -> list[PostponedReminder]:
    """Postponed interactions older than `hours`, once per interaction."""
    due = await uow.entries.postponed_to_remind(now - dt.timedelta(hours=hours), limit=_BATCH)
    if not due:
        return []
    recipients = await _recipients(uow)
    names = await _names(uow, {e.contact_no for e in due})
    reminders = []
    for entry in due:
        if await uow.schedule_marks.claim(POSTPONED_MARK, str(entry.entry_no), _utc()):
            reminders.append(
                PostponedReminder(
                    entry,
                    names.get(entry.contact_no, entry.contact_no),
                    recipients.get(entry.salesperson_code, []),
                )
            )
    return reminders


async def claim_team_digest(
    uow: UnitOfWork, *, now: dt.datetime, at: dt.time
) -> dict[str, int] | None:
    """Overdue to-dos per salesperson (with none too), once per local day from `at`."""
    day = daily_due(now, at)
    if day is None or not await _claim_once(uow, TEAM_DIGEST_MARK, str(day)):
        return None
    counts = await uow.todos.overdue_counts(now)
    return {sp.code: counts.get(sp.code, 0) for sp in await uow.salespeople.list()} | counts


async def claim_weekly_digest(
    uow: UnitOfWork, *, now: dt.datetime, weekly: Weekly
) -> tuple[dt.date, dt.date] | None:
    """The week before the one whose digest is due (Monday to Sunday), once per week."""
    monday = weekly_due(now, weekly)
    if monday is None:
        return None
    if not await _claim_once(uow, WEEKLY_DIGEST_MARK, week_key(monday)):
        return None
    return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class WeeklyDigest:
    first: dt.date
    last: dt.date
    report: Report  # per salesperson, a bar per day
    top: list[tuple[str, int]]  # the most active contacts' names and entries


async def weekly_digest(uow: UnitOfWork, *, first: dt.date, last: dt.date) -> WeeklyDigest:
    """The team's week (Monday `first` to Sunday `last`) per salesperson, and its three
    most active contacts: what the team group gets when claim_weekly_digest claimed it."""
    report = await team_activity(uow, user=OPERATOR, period=Period.WEEK, today=last)
    active = await uow.entries.most_active(first=first, last=last, limit=3)
    names = await _names(uow, {no for no, _ in active})
    return WeeklyDigest(first, last, report, [(names.get(no, no), n) for no, n in active])


async def _claim_once(uow: UnitOfWork, kind: str, key: str) -> bool:
    """Read first: every pass after the time would otherwise write (a conflicting insert)."""
    if await uow.schedule_marks.claimed(kind, [key]):
        return False
    return await uow.schedule_marks.claim(kind, key, _utc())


async def _names(uow: UnitOfWork, nos: set[str]) -> dict[str, str]:
    if not nos:
        return {}
    found = await uow.contacts.matching(ContactCriteria(contact_nos=frozenset(nos)))
    return {c.no: c.name for c in found}


def _utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
