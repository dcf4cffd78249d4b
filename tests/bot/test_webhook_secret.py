"""Webhook mode and its secret, with `interlog run` as a real process: no start without a
strong secret, and a request with a wrong one refused, whatever characters it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.bot_api import FakeTelegram
from tests.bot.conftest import WEBHOOK_SECRET
from tests.bot.helpers import Factory
from tests.bot.process import BotProcess, webhook_mode
from tests.seed import JANA


@pytest.mark.parametrize(
    "secret",
    [None, "short-secret", "x" * 31, "a" * 40 + "!", "é" * 40, "a" * 257],
    ids=["missing", "short", "31-chars", "bad-char", "non-ascii", "too-long"],
)
async def test_webhook_mode_refuses_to_start_without_a_strong_secret(
    fake: FakeTelegram, tmp_path: Path, secret: str | None
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'interlog.db'}"  # never opened
    bot = BotProcess(fake, database_url, **webhook_mode(secret))
    await bot.start()
    code, errors = await bot.exited()
    assert code == 2, errors
    [line] = errors.strip().splitlines()
    assert "WEBHOOK_SECRET" in line and "secrets.token_urlsafe(32)" in line
    assert not fake.calls  # refused before anything reached Telegram


async def test_a_non_ascii_secret_header_is_refused_like_any_wrong_secret(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    bot = BotProcess(fake, database_url, **webhook_mode())
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await bot.start()
    try:
        await bot.act(jana, "say", "/help", "/interact")
        fake.webhook.secret_override = "sécret-" + WEBHOOK_SECRET
        forged = jana.send("/help")
        assert (await fake.wait_delivered(forged)).startswith("dropped")
        assert fake.webhook.stats.outcomes[-fake.webhook.max_attempts :] == [403] * 3
        fake.webhook.secret_override = None
        await bot.act(jana, "say", "/help", "/interact")  # and the bot serves on
    finally:
        await bot.stop()
    assert not fake.is_done(forged)
    assert "Traceback" not in bot.stderr
