"""Migrating the database (alembic, run programmatically) and checking it is up to date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import make_engine
from storage.tables import TRIGRAM_INDEX

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaOutOfDate(RuntimeError):
    """The database is not at the newest migration; the bot refuses to start on it."""

    def __init__(self, problem: str = "The database schema is out of date") -> None:
        super().__init__(f"{problem}. Run `interlog db upgrade`.")


def alembic_config() -> Config:
    """The alembic configuration, independent of the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def autogenerate_filter(dialect: str) -> Callable[..., bool]:
    """For alembic's `include_object`: leaves out the search objects the migrations manage by
    hand (SQLite's FTS5 tables, the word table its triggers keep; the pg_trgm index
    elsewhere than on PostgreSQL)."""

    def include(_obj: object, name: str | None, type_: str, *_args: object) -> bool:
        if type_ == "table" and (name or "").startswith(("contact_search", "contact_word")):
            return False
        return not (type_ == "index" and name == TRIGRAM_INDEX and dialect != "postgresql")

    return include


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(url: str, revision: str = "head") -> None:
    """Migrates the database at `url` to `revision` (the newest by default), in one transaction."""
    engine = make_engine(url)
    try:
        await upgrade_engine(engine, revision)
    finally:
        await engine.dispose()


async def upgrade_engine(engine: AsyncEngine, revision: str = "head") -> None:
    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for an empty (never migrated) database."""

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def ensure_current(engine: AsyncEngine) -> None:
    """Raises SchemaOutOfDate unless the database is at the newest migration."""
    if await current_revision(engine) != head_revision():
        raise SchemaOutOfDate()
