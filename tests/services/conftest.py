from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.ports import UnitOfWork
from tests.fakes import Data, FakeUnitOfWork
from tests.seed import seed

NOW = dt.datetime(2026, 11, 28, 14, 29, 30)

UowFactory = Callable[[], UnitOfWork]


@pytest.fixture
async def uow_factory() -> UowFactory:
    data = Data()
    async with FakeUnitOfWork(data) as uow:
        await seed(uow)
        await uow.commit()
    return lambda: FakeUnitOfWork(data)
