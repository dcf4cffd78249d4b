"""`interlog db backup FILE` while the bot goes on writing to the SQLite database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from telegram.ext import Application

from sandbox.bot_api import FakeUser
from storage import ensure_current, make_engine
from storage.tables import interaction_log_entry, outbox
from tests.bot.conftest import TEAM_CHAT
from tests.bot.helpers import Factory
from tests.cli.conftest import run_interlog
from tests.conftest import database_url_for


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for("sqlite", request, tmp_path)


async def entries_and_notifications(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        await ensure_current(engine)
        async with engine.connect() as conn:
            assert await conn.scalar(text("PRAGMA integrity_check")) == "ok"
            entries = await conn.scalar(select(func.count()).select_from(interaction_log_entry))
            sent = select(func.count()).select_from(outbox).where(outbox.c.chat_id == TEAM_CHAT)
            return int(entries or 0), int(await conn.scalar(sent) or 0)
    finally:
        await engine.dispose()


async def test_db_backup_is_consistent_while_the_bot_logs(
    app: Application,  # type: ignore[type-arg]
    jana: FakeUser,
    seeded: Factory,
    database_url: str,
    tmp_path: Path,
) -> None:
    backing_up = asyncio.Event()
    done = asyncio.Event()
    logged_during = 0

    async def log_until_done() -> None:
        nonlocal logged_during
        while not done.is_set():
            await jana.say("/interact novak")
            await jana.tap("Jan Novák")
            await jana.tap("Outgoing call")
            await jana.tap("Log")
            backing_up.set()
            logged_during += 1

    salesperson = asyncio.create_task(log_until_done())
    await backing_up.wait()  # the bot has logged, and goes on while the backup runs
    at_start = logged_during
    target = tmp_path / "backups" / "interlog.db"
    target.parent.mkdir()
    backup = ("db", "backup", str(target))
    result = await run_interlog(*backup, database_url=database_url, cwd=tmp_path)
    done.set()
    await salesperson
    assert result.code == 0, result.stderr
    assert f"to {target}" in result.stdout
    # A complete state: every entry with the team message written in its transaction.
    entries, notifications = await entries_and_notifications(f"sqlite+aiosqlite:///{target}")
    assert entries == notifications
    assert at_start <= entries <= logged_during
    assert not list(target.parent.glob("*.partial"))


async def test_db_backup_refuses_postgresql(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://interlog@127.0.0.1:9/interlog"  # never reached
    result = await run_interlog("db", "backup", "x.db", database_url=url, cwd=tmp_path)
    assert result.code == 1 and "pg_dump" in result.stderr
