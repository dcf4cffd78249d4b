"""To-dos (BC's To-do): scheduling the next step after an interaction, listing, snoozing,
canceling, and closing one with the interaction that did it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.access import may_administer, require_active
from domain.errors import Forbidden, NotFound, ValidationFailed
from domain.followups import NextStep, Snooze, next_date, remind_at, snoozed_date
from domain.model import (
    DESCRIPTION_MAX,
    ContactCriteria,
    InteractionTemplate,
    Todo,
    TodoStatus,
    TodoType,
    User,
)
from domain.ports import UnitOfWork
from domain.services.entries import logged_entry
from domain.services.number_series import take_number


@dataclass(frozen=True, slots=True)
class TodoItem:
    todo: Todo
    contact_name: str
    template_description: str


@dataclass(frozen=True, slots=True)
class TodoPage:
    total: int
    page: int  # the page asked for, or the last one if the list shrank below it
    items: list[TodoItem]
    salesperson_code: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The template's suggested next step after an entry: its template and date."""

    template: InteractionTemplate
    date: dt.date


def may_change_todo(user: User, todo: Todo) -> bool:
    """A to-do is done, snoozed or canceled by its salesperson or an administrator."""
    return user.is_admin or todo.salesperson_code == user.salesperson_code


async def own_todo(uow: UnitOfWork, *, user: User, no: str) -> Todo:
    """Someone else's to-do is refused exactly as a missing one, as postponed entries are:
    the answer must not tell anyone which numbers exist."""
    require_active(user)
    todo = await uow.todos.get(no)
    if todo is None or not may_change_todo(user, todo):
        raise NotFound("todo_not_found", no=no)
    return todo


async def open_todo(uow: UnitOfWork, *, user: User, no: str) -> Todo:
    todo = await own_todo(uow, user=user, no=no)
    if todo.status is not TodoStatus.OPEN:
        raise ValidationFailed(f"todo_already_{todo.status.value}", no=no)
    return todo


async def suggestion(
    uow: UnitOfWork, *, user: User, entry_no: int, today: dt.date
) -> Suggestion | None:
    """The entry's template's suggested next step (next template and delay), if it names
    one that exists."""
    require_active(user)
    entry = await logged_entry(uow, entry_no)
    template = await uow.templates.get(entry.template_code) if entry.template_code else None
    if template is None or not template.next_template_code:
        return None
    following = await uow.templates.get(template.next_template_code)
    if following is None:
        return None
    days = template.next_in_days
    return Suggestion(following, next_date(NextStep.SUGGESTED, today=today, suggested_days=days))


async def schedule_next(
    uow: UnitOfWork,
    *,
    user: User,
    entry_no: int,
    step: NextStep | None,
    today: dt.date,
    agenda_time: dt.time,
    date: dt.date | None = None,
    time: dt.time | None = None,
) -> Todo:
    """A to-do for the entry's contact, for the entry's salesperson, with the template's
    suggested next template (else the entry's own), on the date `step` gives (or `date`,
    picked, at `time` if given). One per entry: a second tap is refused, naming the first."""
    require_active(user)
    entry = await logged_entry(uow, entry_no)
    if not user.is_admin and entry.salesperson_code != user.salesperson_code:
        raise Forbidden("entry_not_yours", entry_no=entry_no)
    existing = await uow.todos.created_by(entry_no)
    if existing is not None:
        raise ValidationFailed("todo_already_scheduled", no=existing.no)
    suggested = await suggestion(uow, user=user, entry_no=entry_no, today=today)
    if date is None:
        if step is None:
            raise ValidationFailed("todo_date_required")
        if step is NextStep.SUGGESTED and suggested is not None:
            date = suggested.date
        else:  # a suggestion gone meanwhile: tomorrow, the nearest
            step = NextStep.TOMORROW if step is NextStep.SUGGESTED else step
            date = next_date(step, today=today)
    _check_date(date, today=today)
    template_code = suggested.template.code if suggested else entry.template_code
    template = await uow.templates.get(template_code) if template_code else None
    return await add_todo(
        uow,
        user=user,
        contact_no=entry.contact_no,
        salesperson_code=entry.salesperson_code,
        template_code=template_code,
        description=(template.description if template else entry.description)[:DESCRIPTION_MAX],
        date=date,
        time=time,
        agenda_time=agenda_time,
        created_by_entry_no=entry_no,
    )


def _check_date(date: dt.date, *, today: dt.date) -> None:
    if date < today:
        raise ValidationFailed("todo_date_past", date=date.isoformat())
    if date > today + dt.timedelta(days=366):
        raise ValidationFailed("date_too_far", value=date.isoformat())


async def add_todo(
    uow: UnitOfWork,
    *,
    user: User,
    contact_no: str,
    salesperson_code: str,
    template_code: str,
    description: str,
    date: dt.date,
    time: dt.time | None,
    agenda_time: dt.time,
    type: TodoType = TodoType.OTHER,
    created_by_entry_no: int | None = None,
) -> Todo:
    """A new open to-do, numbered from the "To-do Nos." series. A salesperson's own, or
    anyone's for an administrator."""
    require_active(user)
    if salesperson_code != user.salesperson_code and not may_administer(user):
        raise Forbidden("todo_not_yours")
    if await uow.contacts.get(contact_no) is None:
        raise NotFound("contact_not_found", no=contact_no)
    setup = await uow.setup.get()
    no = await take_number(uow, series_code=setup.todo_nos, setting="todo_nos")
    todo = Todo(
        no=no,
        contact_no=contact_no,
        salesperson_code=salesperson_code,
        date=date,
        time=time,
        type=type,
        template_code=template_code,
        description=description,
        created_by_entry_no=created_by_entry_no,
        remind_at=remind_at(date, time, agenda_time=agenda_time),
    )
    await uow.todos.add(todo)
    return todo


async def snooze(
    uow: UnitOfWork,
    *,
    user: User,
    no: str,
    snooze: Snooze,
    today: dt.date,
    agenda_time: dt.time,
) -> Todo:
    """Moves an open to-do to tomorrow or next week, keeping its time; reminded again then."""
    todo = await open_todo(uow, user=user, no=no)
    todo.date = snoozed_date(snooze, today=today)
    todo.remind_at = remind_at(todo.date, todo.time, agenda_time=agenda_time)
    todo.reminded = False
    await uow.todos.update(todo)
    return todo


async def cancel(uow: UnitOfWork, *, user: User, no: str) -> Todo:
    todo = await open_todo(uow, user=user, no=no)
    todo.status = TodoStatus.CANCELED
    await uow.todos.update(todo)
    return todo


async def close_with_entry(uow: UnitOfWork, *, user: User, no: str, entry_no: int) -> Todo:
    """Done by this logged entry, which must be of the to-do's contact (or its company's
    person, or their company) and the user's to change."""
    todo = await open_todo(uow, user=user, no=no)
    entry = await logged_entry(uow, entry_no)
    if not user.is_admin and entry.salesperson_code != user.salesperson_code:
        raise Forbidden("entry_not_yours", entry_no=entry_no)
    if todo.contact_no not in (entry.contact_no, entry.contact_company_no):
        raise ValidationFailed("todo_other_contact", no=no)
    todo.status = TodoStatus.DONE
    todo.closed_by_entry_no = entry_no
    await uow.todos.update(todo)
    return todo


async def open_for_contact(uow: UnitOfWork, *, user: User, contact_no: str) -> list[TodoItem]:
    """The user's open to-dos with this contact, oldest first: what an interaction with
    them may close."""
    require_active(user)
    todos = await uow.todos.open(salesperson_code=user.salesperson_code, contact_no=contact_no)
    return await todo_items(uow, todos)


async def todo_item(uow: UnitOfWork, *, user: User, no: str) -> TodoItem:
    [item] = await todo_items(uow, [await own_todo(uow, user=user, no=no)])
    return item


async def todo_page(
    uow: UnitOfWork, *, user: User, page: int, size: int, salesperson_code: str = ""
) -> TodoPage:
    """Open to-dos, overdue first, a page at a time: the user's own; an administrator may
    name any salesperson's ("*": everyone's)."""
    require_active(user)
    code = salesperson_code.strip().upper() or user.salesperson_code
    if code != user.salesperson_code:
        if not may_administer(user):
            raise Forbidden("todo_filter_admins_only")
        if code != "*" and await uow.salespeople.get(code) is None:
            raise NotFound("salesperson_not_found", code=code)
    wanted = "" if code == "*" else code
    total = await uow.todos.count_open(salesperson_code=wanted)
    page = min(max(page, 0), max(total - 1, 0) // size)
    todos = await uow.todos.open(salesperson_code=wanted, limit=size, offset=page * size)
    return TodoPage(
        total=total, page=page, items=await todo_items(uow, todos), salesperson_code=code
    )


async def todo_items(uow: UnitOfWork, todos: list[Todo]) -> list[TodoItem]:
    nos = frozenset(t.contact_no for t in todos)
    found = await uow.contacts.matching(ContactCriteria(contact_nos=nos)) if nos else []
    names = {c.no: c.name for c in found}
    codes = {t.template_code for t in todos if t.template_code}
    templates = {t.code: t.description for t in await uow.templates.list()} if codes else {}
    return [
        TodoItem(t, names.get(t.contact_no, t.contact_no), templates.get(t.template_code, ""))
        for t in todos
    ]


async def set_agenda(uow: UnitOfWork, *, user: User, on: bool) -> None:
    """/agenda on|off: the user's own morning agenda."""
    require_active(user)
    stored = await uow.users.get(user.telegram_id)
    if stored is None:
        raise NotFound("user_not_found", telegram_id=user.telegram_id)
    stored.agenda = on
    await uow.users.save(stored)


async def export_todos(uow: UnitOfWork, *, user: User) -> list[tuple[Todo, str]]:
    """Every to-do in number order with its contact's name: administrators (the command
    line's operator among them)."""
    require_active(user)
    if not may_administer(user):
        raise Forbidden("admins_only")
    todos = await uow.todos.export()
    return [(item.todo, item.contact_name) for item in await todo_items(uow, todos)]
