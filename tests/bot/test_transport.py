"""How the bot talks to Telegram: updates only through the inbox; one retry policy."""

from __future__ import annotations

import pytest

from bot.app import build_application
from sandbox.bot_api import FakeTelegram
from tests.bot.conftest import settings_for
from tests.bot.helpers import Factory


async def test_updates_cannot_bypass_the_inbox(fake: FakeTelegram, seeded: Factory) -> None:
    app = build_application(settings_for(fake), uow_factory=seeded)
    assert app.updater is None
    with pytest.raises(RuntimeError, match="Updater"):
        app.run_polling()
    with pytest.raises(RuntimeError, match="Updater"):
        app.run_webhook()
