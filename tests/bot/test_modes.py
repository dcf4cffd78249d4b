"""Webhook mode, and `interlog run` as a real process stopped with SIGINT."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from bot.app import build_application
from bot.transport.webhook import WebhookReceiver
from sandbox.bot_api import FakeTelegram
from storage import SqlUnitOfWork
from tests.bot.conftest import start_bot, stop_bot, webhook_settings
from tests.bot.helpers import Factory, entries_of
from tests.seed import JANA


async def test_one_flow_in_webhook_mode(fake: FakeTelegram, seeded: Factory) -> None:
    settings = webhook_settings(fake)
    app = build_application(settings, uow_factory=seeded, on_done=fake.update_done)
    await start_bot(app, settings)
    assert isinstance(app.bot_data["poller"], WebhookReceiver)
    try:
        jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
        await jana.say("/interact novak")
        await jana.tap("Jan Novák")
        await jana.tap("Outgoing call")
        await jana.tap("Log")
        assert len(await entries_of(seeded, "CT000002")) == 1
        # A request without the right secret is refused before it reaches the bot.
        fake.webhook.secret_override = "forged"
        forged = jana.send("/interact novak")
        assert (await fake.wait_delivered(forged)).startswith("dropped")
        assert not fake.is_done(forged)
    finally:
        await stop_bot(app)


def _interlog() -> str:
    found = Path(sys.executable).parent / "interlog"
    return str(found) if found.exists() else shutil.which("interlog") or "interlog"


async def test_interlog_run_serves_and_stops_on_sigint(
    fake: FakeTelegram, seeded: Callable[[], SqlUnitOfWork], database_url: str
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_API_FILE_URL": fake.base_file_url,
        "NO_PROXY": "127.0.0.1,localhost",
    }
    process = await asyncio.create_subprocess_exec(
        _interlog(),
        "run",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
        jana.send("/start")
        await fake.wait_for(lambda: bool(jana.messages), timeout=30)
        assert "Jana Nováková" in jana.last.text
        assert fake.calls_of("setMyCommands")
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, output.decode()
    assert fake.token not in output.decode()  # the token never reaches the log


async def test_interlog_run_refuses_an_out_of_date_schema(blank_database_url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": blank_database_url,
        "TELEGRAM_BOT_TOKEN": "123:not-used",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",  # never reached
    }
    process = await asyncio.create_subprocess_exec(
        _interlog(),
        "run",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, errors = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 3
    assert "Run `interlog db upgrade`" in errors.decode()
