"""The webhook registration: `interlog webhook set|delete|info`, and long polling that
refuses to switch off a webhook someone set (unless told to replace it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sandbox.bot_api import FakeTelegram
from tests.bot.conftest import WEBHOOK_SECRET, free_port
from tests.bot.helpers import Factory
from tests.bot.process import BotProcess
from tests.cli.conftest import Result, run_interlog
from tests.seed import JANA

_LOGGED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|DEBUG) ")
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
# Where production's webhook would be (nobody listens here).
PRODUCTION = f"http://127.0.0.1:{free_port()}/telegram"


async def _set_production_webhook(fake: FakeTelegram) -> None:
    await fake.api.setWebhook({"url": PRODUCTION, "secret_token": WEBHOOK_SECRET})


@SQLITE_ONLY
async def test_polling_refuses_to_start_while_a_webhook_is_set(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    await _set_production_webhook(fake)
    bot = BotProcess(fake, database_url)
    await bot.start()
    code, errors = await bot.exited()
    assert code == 2, errors[-3000:]
    assert "Traceback" not in errors
    [line] = [line for line in errors.splitlines() if not _LOGGED.match(line)]
    assert "interlog webhook delete" in line and "--replace-webhook" in line
    assert PRODUCTION in line
    assert fake.webhook.config.url == PRODUCTION  # left as it was
    assert not fake.calls_of("deleteWebhook")


@SQLITE_ONLY
async def test_polling_replaces_the_webhook_when_told_to(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    await _set_production_webhook(fake)
    bot = BotProcess(fake, database_url)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await bot.start("--replace-webhook")
    try:
        # Until then Telegram would post updates to the webhook, not hand them to polling.
        await fake.wait_for(lambda: bool(fake.calls_of("deleteWebhook")), timeout=30)
        await bot.act(jana, "say", "/help", "/interact")
    finally:
        await bot.stop()
    assert not fake.webhook.active


async def _webhook(fake: FakeTelegram, tmp_path: Path, command: str, **env: str) -> Result:
    settings = {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "NO_PROXY": "127.0.0.1,localhost",
        **env,
    }
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}"  # not opened
    return await run_interlog(
        "webhook", command, database_url=database_url, cwd=tmp_path, env=settings
    )


async def test_interlog_webhook_set_info_delete(fake: FakeTelegram, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/telegram"  # nobody listens: Telegram notes errors
    mode = {"WEBHOOK_URL": url, "WEBHOOK_SECRET": WEBHOOK_SECRET}
    none = await _webhook(fake, tmp_path, "info")
    assert none.code == 0, none.stderr
    assert "URL: none" in none.stdout

    done = await _webhook(fake, tmp_path, "set", **mode)
    assert done.code == 0, done.stderr
    assert url in done.stdout
    assert (fake.webhook.config.url, fake.webhook.config.secret_token) == (url, WEBHOOK_SECRET)

    update = fake.user(user_id=JANA.telegram_id, first_name="Jana").send("/help")
    assert (await fake.wait_delivered(update)).startswith("dropped")
    info = await _webhook(fake, tmp_path, "info", **mode)
    assert info.code == 0, info.stderr
    assert f"URL: {url}" in info.stdout and "Pending updates: 0" in info.stdout
    assert "Last error:" in info.stdout and "Cannot connect" in info.stdout
    for output in (done, info):
        assert WEBHOOK_SECRET not in output.stdout + output.stderr
        assert fake.token not in output.stdout + output.stderr

    deleted = await _webhook(fake, tmp_path, "delete")
    assert deleted.code == 0, deleted.stderr
    assert not fake.webhook.active


async def test_interlog_webhook_set_needs_the_url(fake: FakeTelegram, tmp_path: Path) -> None:
    refused = await _webhook(fake, tmp_path, "set")
    assert refused.code == 2
    assert "WEBHOOK_URL" in refused.stderr
    assert not fake.calls_of("setWebhook")
