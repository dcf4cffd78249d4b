"""The service suite runs on the in-memory fakes, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from domain.ports import UnitOfWork
from storage import make_engine, make_uow_factory
from tests.conftest import database_url_for, empty_postgres
from tests.fakes import Data, FakeUnitOfWork
from tests.seed import seed

NOW = dt.datetime(2026, 11, 28, 14, 29, 30)

UowFactory = Callable[[], UnitOfWork]


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty string for the in-memory fakes, else a migrated, empty database."""
    return "" if request.param == "fake" else database_url_for(request.param, request, tmp_path)


@pytest.fixture
async def uow_factory(backend_url: str) -> AsyncIterator[UowFactory]:
    if not backend_url:
        data = Data()
        factory: UowFactory = lambda: FakeUnitOfWork(data)  # noqa: E731
        await _seed(factory)
        yield factory
        return
    engine = make_engine(backend_url)
    try:
        if engine.dialect.name == "postgresql":
            await empty_postgres(engine)
        factory = make_uow_factory(engine)
        await _seed(factory)
        yield factory
    finally:
        await engine.dispose()


async def _seed(factory: UowFactory) -> None:
    async with factory() as uow:
        await seed(uow)
        await uow.commit()
