"""Many salespeople at once: every interaction lands once, with its own user's values.

CI runs 50 users x 4 interactions; INTERLOG_LOAD_USERS and INTERLOG_LOAD_ROUNDS make it
larger (the README reports 50 x 20)."""

from __future__ import annotations

import asyncio
import os

from sqlalchemy import func, select
from telegram.ext import Application

from domain.model import Salesperson, User
from sandbox.bot_api import FakeTelegram, FakeUser
from storage.tables import interaction_log_entry as entries
from tests.bot.helpers import Factory

USERS = int(os.environ.get("INTERLOG_LOAD_USERS", "50"))
ROUNDS = int(os.environ.get("INTERLOG_LOAD_ROUNDS", "4"))
CONTACTS = {0: ("Jan Novák", "CT000002"), 1: ("Eva Nováková", "CT000003")}


async def _register(factory: Factory) -> list[int]:
    ids = [5000 + n for n in range(USERS)]
    async with factory() as uow:
        for telegram_id in ids:
            code = f"L{telegram_id}"
            await uow.salespeople.save(Salesperson(code, f"Load {telegram_id}"))
            await uow.users.save(User(telegram_id=telegram_id, salesperson_code=code))
        await uow.commit()
    return ids


async def _salesperson_at_work(user: FakeUser) -> None:
    for n in range(ROUNDS):
        # Each user alternates contacts from their own starting point, so that every
        # entry's contact depends on who logged it and when.
        name, _ = CONTACTS[(user.id + n) % 2]
        await user.say("/interact novak")
        await user.tap(name)
        await user.tap("Outgoing call")
        await user.tap("Log")
        assert "Logged #" in user.last.text, user.last.text


async def test_fifty_salespeople_log_concurrently(
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    ids = await _register(seeded)
    users = [fake.user(user_id=i, first_name=f"User {i}") for i in ids]
    await asyncio.gather(*(_salesperson_at_work(u) for u in users))
    async with seeded() as uow:
        rows = (
            await uow.connection.execute(
                select(entries.c.salesperson_code, entries.c.user_id, entries.c.contact_no)
            )
        ).all()
        total = (await uow.connection.execute(select(func.count()).select_from(entries))).scalar()
    assert total == USERS * ROUNDS
    for telegram_id in ids:
        own = [row for row in rows if row.user_id == str(telegram_id)]
        assert len(own) == ROUNDS
        assert {row.salesperson_code for row in own} == {f"L{telegram_id}"}
        expected = sorted(CONTACTS[(telegram_id + n) % 2][1] for n in range(ROUNDS))
        assert sorted(row.contact_no for row in own) == expected
    assert app.bot_data["unexpected_errors"] == 0
