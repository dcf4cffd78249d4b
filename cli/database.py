"""The database a command works on: DATABASE_URL, opened with its own engine and disposed
of after. Every command except `db upgrade` refuses a database whose schema is not current
(SchemaOutOfDate, exit code 3)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

from bot.database import current_database
from bot.settings import Settings
from domain.ports import UnitOfWorkFactory
from storage import make_uow_factory


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[UnitOfWorkFactory]:
    """Units of work on a database at the current schema; the engine is disposed after."""
    async with databases(settings) as (uow_factory, _reader):
        yield uow_factory


@asynccontextmanager
async def databases(
    settings: Settings,
) -> AsyncIterator[tuple[UnitOfWorkFactory, UnitOfWorkFactory]]:
    """As `database`, with units of work that only read beside (no write lock on SQLite)."""
    async with current_database(settings) as engine:
        # SqlUnitOfWork implements the UnitOfWork port, but mypy cannot see it: the port
        # declares its repositories as plain (mutable, hence invariant) attributes.
        yield (
            cast(UnitOfWorkFactory, make_uow_factory(engine)),
            cast(UnitOfWorkFactory, make_uow_factory(engine, read_only=True)),
        )
