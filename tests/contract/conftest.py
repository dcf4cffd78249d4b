"""The contract suite runs every rule on the in-memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from domain.ports import UnitOfWork
from storage import make_engine, make_uow_factory
from tests.conftest import database_url_for, empty_postgres
from tests.fakes import Data, FakeUnitOfWork

UowFactory = Callable[[], UnitOfWork]


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty string for the in-memory fakes, else a migrated, empty database."""
    return "" if request.param == "fake" else database_url_for(request.param, request, tmp_path)


@pytest.fixture
async def backend(backend_url: str) -> AsyncIterator[UowFactory]:
    """Units of work on one empty database for the whole test: each example works in a
    transaction it never commits, so the rollback is the cleanup."""
    if not backend_url:
        data = Data()
        yield lambda: FakeUnitOfWork(data)
        return
    engine = make_engine(backend_url)
    try:
        if engine.dialect.name == "postgresql":
            await empty_postgres(engine)
        yield make_uow_factory(engine)
    finally:
        await engine.dispose()
