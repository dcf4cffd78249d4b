"""Stopping the bot while the scheduler's pass is in a transaction lets the pass finish:
cancelled there, its connection was left for the garbage collector to roll back, after the
database (the sandbox's throw-away folder) could already be gone."""

from __future__ import annotations

import asyncio
import datetime as dt
from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.scheduler import Scheduler
from sandbox.bot_api import FakeTelegram
from storage import SqlUnitOfWork, make_uow_factory
from tests.bot.conftest import settings_for


class HeldUnitOfWork:
    """A unit of work that, once its transaction is open, waits for the test."""

    def __init__(self, inner: SqlUnitOfWork, opened: asyncio.Event, go: asyncio.Event) -> None:
        self._inner, self._opened, self._go = inner, opened, go
        self.outcome = "open"

    async def __aenter__(self) -> SqlUnitOfWork:
        uow = await self._inner.__aenter__()
        self._opened.set()
        try:
            await self._go.wait()
        except BaseException:  # cancelled inside the transaction
            self.outcome = "cancelled"
            await self._inner.__aexit__(None, None, None)  # this test's own tidying up
            raise
        return uow

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._inner.__aexit__(kind, error, tb)
        self.outcome = "finished" if kind is None else kind.__name__


async def test_stopping_lets_the_pass_under_way_finish(
    fake: FakeTelegram, engine: AsyncEngine
) -> None:
    factory = make_uow_factory(engine)
    opened, go = asyncio.Event(), asyncio.Event()
    held: list[HeldUnitOfWork] = []

    def uow_factory(**options: Any) -> HeldUnitOfWork:
        held.append(HeldUnitOfWork(factory(**options), opened, go))
        return held[-1]

    scheduler = Scheduler(
        uow_factory=uow_factory,  # type: ignore[arg-type]
        settings=settings_for(fake),
        clock=lambda: dt.datetime(2026, 11, 30, 9, 0),
        wake_outbox=lambda: None,
    )
    scheduler.start()
    await opened.wait()
    stopping = asyncio.create_task(scheduler.stop())
    go.set()  # the pass may go on: stop() came first
    await stopping

    [pass_] = held
    assert pass_.outcome == "finished"
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
