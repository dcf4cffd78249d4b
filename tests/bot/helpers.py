"""Reading the database from end-to-end tests."""

from __future__ import annotations

from collections.abc import Callable

from domain.model import Draft, InteractionLogEntry, InteractionTemplate
from storage import SqlUnitOfWork

Factory = Callable[[], SqlUnitOfWork]


async def entries_of(factory: Factory, *contacts: str) -> list[InteractionLogEntry]:
    async with factory() as uow:
        return await uow.entries.history(list(contacts), limit=1000)


async def postponed_of(factory: Factory, salesperson: str) -> list[InteractionLogEntry]:
    async with factory() as uow:
        return await uow.entries.postponed(salesperson)


async def current_draft(factory: Factory, telegram_id: int) -> Draft | None:
    async with factory() as uow:
        stored = await uow.chat_states.get(telegram_id)
        if stored is None or stored[0].get("draft_id") is None:
            return None
        return await uow.drafts.get(int(stored[0]["draft_id"]))


async def add_call_templates(factory: Factory, count: int) -> None:
    """Templates T00, T01 ... ("Call type 00" ...) in the PHONE group, beside the seeded ones."""
    async with factory() as uow:
        for n in range(count):
            await uow.templates.save(InteractionTemplate(f"T{n:02}", "PHONE", f"Call type {n:02}"))
        await uow.commit()
