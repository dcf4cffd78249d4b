"""`interlog run`: the bot with long polling (or a webhook), on the configured database."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version

from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.app import build_application
from bot.database import current_database, shown
from bot.redaction import hide, redact_everywhere
from bot.settings import Settings, SettingsError
from bot.transport.polling import Poller
from bot.transport.webhook import WebhookReceiver
from storage import make_uow_factory

log = logging.getLogger(__name__)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level, format=LOG_FORMAT)
    redact_everywhere(LOG_FORMAT)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its chatter at every start


def run(settings: Settings, *, replace_webhook: bool = False) -> None:
    """Blocks until SIGINT or SIGTERM, then stops cleanly; exits with an error if updates
    stopped coming in by themselves (the token was revoked, say), so that whatever runs the
    bot (systemd, Docker) sees it and restarts it. What keeps it from starting (the
    database, Telegram) raises SettingsError or SchemaOutOfDate, for one line and the exit
    code of the command line."""
    token = settings.bot_token()
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    hide(token, secret)
    configure_logging(settings)
    try:
        asyncio.run(_run(settings, replace_webhook=replace_webhook))
    except ReceivingEnded as ended:
        log.critical("%s; stopped", ended)
        raise SystemExit(1) from None


async def _run(settings: Settings, *, replace_webhook: bool) -> None:
    # The engine goes last: stopping still writes (the marks of sent replies).
    async with current_database(settings) as engine:  # refuses an out-of-date schema
        app = build_application(settings, uow_factory=make_uow_factory(engine))
        await _serve(app, settings, replace_webhook=replace_webhook)


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
        raise SettingsError.of("settings.no_webhook_secret")
    secret = settings.webhook_secret.get_secret_value()
    return WebhookReceiver(
        app,
        url=settings.webhook_url,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        secret=secret,
    )


@contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Only CRITICAL from `logger` meanwhile: what it would say is said better after."""
    quieted = logging.getLogger(logger)
    level = quieted.level
    quieted.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        quieted.setLevel(level)


def _refused(settings: Settings, exc: TelegramError) -> SettingsError:
    """Why Telegram would not let the bot start, in one line naming the settings."""
    base = settings.telegram_api_base_url
    if isinstance(exc, InvalidToken):  # what a wrong path under the base URL answers too
        return SettingsError.of("settings.token_refused", base=base)
    if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
        return SettingsError.of("settings.telegram_unreachable", base=base, reason=str(exc))
    return SettingsError.of("settings.telegram_refused", reason=str(exc))


class ReceivingEnded(Exception):
    """Updates stopped coming in while the bot was meant to run."""


async def _serve(
    app: Application,  # type: ignore[type-arg]
    settings: Settings,
    *,
    replace_webhook: bool,
) -> None:
    """Until SIGINT or SIGTERM; each update is stored before Telegram is told it arrived
    (bot/transport/inbox.py). Every step of stopping runs, whichever failed before it."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        with _quiet("telegram.request"):  # a server that is no Bot API is told in one line
            await app.initialize()  # getMe: the token and TELEGRAM_API_BASE_URL meet Telegram
    except TelegramError as exc:
        for request in app.bot_data["requests"]:  # the bot is not initialised to shut down
            await request.shutdown()
        raise _refused(settings, exc) from None
    updates: Poller | WebhookReceiver | None = None
    try:
        try:
            updates = receiver(app, settings, replace_webhook=replace_webhook)
            if isinstance(updates, Poller):
                await updates.take_over()
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            await updates.start()
        except TelegramError as exc:
            raise _refused(settings, exc) from None
        mode = f"webhook at {settings.webhook_url}" if settings.webhook_url else "polling"
        log.info(
            "Interlog %s started: %s, database %s, bot @%s",
            version("interlog"),
            mode,
            shown(settings.database_url),
            app.bot.username,
        )
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
