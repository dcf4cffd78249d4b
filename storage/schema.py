"""Migrating the database (alembic, run programmatically) and checking it is up to date.

The check runs at every start of every command, so it does without alembic (a sixth of the
bot's start-up imports): the newest revision is the number of the newest migration file
(tests/storage/test_schema.py holds the files to one chain numbered as they are), and the
database's is one row of alembic_version. Alembic is imported when a migration runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import make_engine
from storage.tables import TRIGRAM_INDEX

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_VERSIONS = "alembic_version"


class SchemaOutOfDate(RuntimeError):
    """The database is not at the newest migration; the bot refuses to start on it."""

    def __init__(self, problem: str = "The database schema is out of date") -> None:
        super().__init__(f"{problem}. Run `interlog db upgrade`.")


def alembic_config() -> Config:
    """The alembic configuration, independent of the working directory."""
    from alembic.config import Config

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
    """The newest migration's revision: its file's number (v0017_... is 0017)."""
    files = (MIGRATIONS / "versions").glob("v[0-9][0-9][0-9][0-9]_*.py")
    numbers = sorted(path.name[1:5] for path in files)
    return numbers[-1] if numbers else None


def read_revision(connection: Connection) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    if not inspect(connection).has_table(_VERSIONS):
        return None
    versions = connection.execute(text(f"SELECT version_num FROM {_VERSIONS}")).scalars().all()
    # Several rows would be several heads, which the one chain of migrations never makes:
    # whatever they are, they are not the newest revision.
    return ",".join(sorted(versions)) or None


async def upgrade(url: str, revision: str = "head") -> None:
    """Migrates the database at `url` to `revision` (the newest by default), in one transaction."""
    engine = make_engine(url)
    try:
        await upgrade_engine(engine, revision)
    finally:
        await engine.dispose()


async def upgrade_engine(engine: AsyncEngine, revision: str = "head") -> None:
    def run(connection: Connection) -> None:
        from alembic import command

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for an empty (never migrated) database."""

    async with engine.connect() as connection:
        return await connection.run_sync(read_revision)


async def ensure_current(engine: AsyncEngine) -> None:
    """Raises SchemaOutOfDate unless the database is at the newest migration."""
    if await current_revision(engine) != head_revision():
        raise SchemaOutOfDate()
