"""Opening the configured database, for `interlog run` and every administration command
alike: whatever is wrong with DATABASE_URL ends in one line naming it, never a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings, SettingsError
from storage import SchemaOutOfDate, ensure_current, make_engine


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def shown(url: str) -> str:
    """The URL as it may be shown: without its password."""
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def reasons_named(settings: Settings) -> Iterator[None]:
    """Turns the failures of reaching the database into a SettingsError naming
    DATABASE_URL (password masked) with the first line of the reason."""
    try:
        yield
    except ModuleNotFoundError as exc:
        if exc.name != "asyncpg":
            raise
        raise SettingsError.of("settings.no_asyncpg", url=shown(settings.database_url)) from None
    except (OSError, DBAPIError) as exc:
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        raise SettingsError.of(
            "settings.database_unopenable", url=shown(settings.database_url), reason=reason
        ) from None


@asynccontextmanager
async def current_database(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """An engine on a database at the current schema, disposed of after. A SQLite file that
    is not there is refused (SchemaOutOfDate, exit code 3), not created empty: a mistyped
    path would otherwise start the bot on a new, empty database."""
    path = sqlite_file(settings.database_url)
    if path is not None and not path.exists():
        raise SchemaOutOfDate(
            f"No database at {path.resolve()}: check DATABASE_URL and the folder you run "
            "interlog from (a relative path starts there), or create it"
        )
    with reasons_named(settings):
        engine = make_engine(settings.database_url)
    try:
        with reasons_named(settings):
            await ensure_current(engine)
        yield engine
    finally:
        await engine.dispose()
