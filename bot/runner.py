"""`interlog run`: the bot with long polling (or a webhook), on the configured database."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from telegram.ext import Application

from bot.app import build_application
from bot.polling import Poller
from bot.settings import Settings, SettingsError
from bot.webhook import WebhookReceiver
from storage import ensure_current, make_engine, make_uow_factory

log = logging.getLogger(__name__)


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


def run(settings: Settings, *, replace_webhook: bool = False) -> None:
    """Blocks until SIGINT or SIGTERM, then stops cleanly; exits with an error if updates
    stopped coming in by themselves (the token was revoked, say), so that whatever runs the
    bot (systemd, Docker) sees it and restarts it."""
    token = settings.bot_token()
    configure_logging(settings, token)
    asyncio.run(check_schema(settings.database_url))  # refuses an out-of-date schema
    engine = make_engine(settings.database_url)
    app = build_application(settings, uow_factory=make_uow_factory(engine))

    async def serve() -> None:
        try:
            await _serve(app, settings, replace_webhook=replace_webhook)
        finally:  # last: stopping still writes (the marks of sent replies)
            await engine.dispose()

    try:
        asyncio.run(serve())
    except ReceivingEnded as ended:
        log.critical("%s; stopped", ended)
        raise SystemExit(1) from None


def receiver(
    app: Application,  # type: ignore[type-arg]
    settings: Settings,
    *,
    replace_webhook: bool = False,
) -> Poller | WebhookReceiver:
    """Long polling (refused while a webhook is set, unless `replace_webhook`), or the
    webhook when WEBHOOK_URL is set."""
    if not settings.webhook_url:
        return Poller(app, replace_webhook=replace_webhook)
    if settings.webhook_secret is None:  # the settings refuse a webhook without one
        raise SettingsError("WEBHOOK_SECRET is not set")
    secret = settings.webhook_secret.get_secret_value()
    return WebhookReceiver(
        app,
        url=settings.webhook_url,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        secret=secret,
    )


class ReceivingEnded(Exception):
    """Updates stopped coming in while the bot was meant to run."""


async def _serve(
    app: Application,  # type: ignore[type-arg]
    settings: Settings,
    *,
    replace_webhook: bool,
) -> None:
    """Until SIGINT or SIGTERM; each update is stored before Telegram is told it arrived
    (bot/inbox.py). Every step of stopping runs, whichever failed before it."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await app.initialize()
    updates: Poller | WebhookReceiver | None = None
    try:
        updates = receiver(app, settings, replace_webhook=replace_webhook)
        if isinstance(updates, Poller):
            await updates.take_over()
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        await updates.start()
        # What start-up allocated lives as long as the process: out of the collector's
        # reach, a full collection under load takes a millisecond, not tens.
        gc.freeze()
        await _until_stopped(stop, updates)
    finally:
        try:
            if updates is not None:
                await updates.stop()
        finally:
            if app.running:
                await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
            if app.post_shutdown is not None:
                await app.post_shutdown(app)
            await app.shutdown()


async def _until_stopped(stop: asyncio.Event, updates: Poller | WebhookReceiver) -> None:
    """Until a signal asks to stop; raises ReceivingEnded if updates stop coming first."""
    signalled = asyncio.create_task(stop.wait())
    closed = asyncio.create_task(updates.closed())
    try:
        await asyncio.wait({signalled, closed}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        signalled.cancel()
        closed.cancel()
    if closed.done() and not closed.cancelled():
        error = closed.exception()
        raise ReceivingEnded(f"updates stopped coming in ({error!r})") from error
