"""`interlog run`: the bot with long polling (or a webhook), on the configured database."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from telegram.ext import Application

from bot.app import build_application
from bot.polling import Poller
from bot.settings import Settings
from bot.webhook import WebhookReceiver
from storage import ensure_current, make_engine, make_uow_factory


class _RedactToken(logging.Filter):
    """Tokens appear in Telegram URLs (httpx logs them); never write them to the log."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self._token and self._token in (message := record.getMessage()):
            record.msg, record.args = message.replace(self._token, "<token>"), None
        return True


def configure_logging(settings: Settings, token: str) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    redact = _RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    logging.getLogger("httpx").setLevel(logging.WARNING)


async def check_schema(url: str) -> None:
    engine = make_engine(url)
    try:
        await ensure_current(engine)
    finally:
        await engine.dispose()


def run(settings: Settings) -> None:
    """Blocks until SIGINT or SIGTERM, then stops cleanly."""
    token = settings.bot_token()
    configure_logging(settings, token)
    asyncio.run(check_schema(settings.database_url))  # refuses an out-of-date schema
    engine = make_engine(settings.database_url)
    app = build_application(settings, uow_factory=make_uow_factory(engine))

    async def dispose(_: object) -> None:
        await engine.dispose()

    app.post_stop = dispose
    asyncio.run(_serve(app, settings))


def receiver(app: Application, settings: Settings) -> Poller | WebhookReceiver:  # type: ignore[type-arg]
    """Long polling, or the webhook when WEBHOOK_URL is set."""
    if not settings.webhook_url:
        return Poller(app)
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    return WebhookReceiver(
        app,
        url=settings.webhook_url,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        secret=secret,
    )


async def _serve(app: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Until SIGINT or SIGTERM; each update is stored before Telegram is told it arrived
    (bot/inbox.py)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        updates = receiver(app, settings)
        await updates.start()
        # What start-up allocated lives as long as the process: out of the collector's
        # reach, a full collection under load takes a millisecond, not tens.
        gc.freeze()
        await stop.wait()
        await updates.stop()
        await app.stop()
    finally:
        if app.post_stop is not None:
            await app.post_stop(app)
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await app.shutdown()
