"""What the follow-up tests share: the clock they move by hand, a scheduler pass, to-dos
made for Jana, and taps in a row of /todo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram.ext import Application

from bot.scheduler import Scheduler
from bot.transport.outbox import Outbox
from domain.services import todos as todo_svc
from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory
from tests.seed import JANA

AGENDA = dt.time(8, 0)
MONDAY = dt.datetime(2026, 11, 30, 10, 0)  # Thursday is 3 Dec


@dataclass
class Clock:
    """The salespeople's wall clock, set by the test."""

    now: dt.datetime = MONDAY

    def __call__(self) -> dt.datetime:
        return self.now


Start = Callable[..., Awaitable[Application]]  # type: ignore[type-arg]


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


async def log_a_call(jana: FakeUser) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    await jana.tap("Log")
