"""Building the python-telegram-bot Application around the one update pipeline."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets
from collections.abc import Callable

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.chat_import import ChatImports
from bot.conversations.pipeline import Clock, Pipeline, clock_in
from bot.errors import without_sql_parameters
from bot.i18n import language_of, translate
from bot.menus import chat_menus, default_menus
from bot.redaction import hide
from bot.scheduler import Scheduler
from bot.settings import Settings
from bot.transport.background import cancel
from bot.transport.bot_api import BotApi, Throttle
from bot.transport.commands import set_menus
from bot.transport.failures import describe, payload_of, record_failure, report_failure, secrets_of
from bot.transport.housekeeping import keep_tidy
from bot.transport.http import AiohttpRequest
from bot.transport.inbox import superseded_updates
from bot.transport.monitoring import Monitoring
from bot.transport.outbox import Outbox
from bot.transport.processor import PerUserProcessor
from bot.transport.replies import Sender
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

POOL_SIZE = 32


def build_application(
    settings: Settings,
    *,
    uow_factory: Callable[[], SqlUnitOfWork],
    clock: Clock | None = None,
    on_done: Callable[[object], None] | None = None,
) -> Application:  # type: ignore[type-arg]
    token = settings.bot_token()
    secret = settings.webhook_secret
    hide(token, secret.get_secret_value() if secret else None)
    requests = (
        AiohttpRequest(connection_pool_size=POOL_SIZE),
        AiohttpRequest(connection_pool_size=2),  # long polling's
    )
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_file_url)
        .request(requests[0])
        .get_updates_request(requests[1])
        # Updates come through the inbox (bot/transport/polling.py, bot/transport/webhook.py)
        # only: without an Updater, app.run_polling() and app.run_webhook() fail instead of
        # bypassing it.
        .updater(None)
        .concurrent_updates(PerUserProcessor(settings.max_concurrent_updates, on_done=on_done))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    throttle = Throttle(
        per_second=settings.messages_per_second,
        group_per_minute=settings.group_messages_per_minute,
    )
    api = BotApi(url=app.bot.base_url, requests=requests[0], polling=requests[1])
    sender = Sender(bot=app.bot, api=api, uow_factory=uow_factory, throttle=throttle)
    outbox = Outbox(sender=sender, uow_factory=uow_factory, throttle=throttle)
    chat_imports = ChatImports(bot=app.bot, sender=sender, uow_factory=uow_factory)
    sender.start_import = chat_imports.start
    bot_id = int(token.partition(":")[0]) if token.partition(":")[0].isdigit() else 0
    pipeline = Pipeline(
        uow_factory=uow_factory,
        settings=settings,
        bot_id=bot_id,
        sender=sender,
        wake_outbox=outbox.wake,
        superseded=superseded_updates(app),
        clock=clock or clock_in(settings.time_zone),
    )
    app.bot_data["scheduler"] = Scheduler(
        uow_factory=uow_factory,
        settings=settings,
        clock=pipeline.clock,
        wake_outbox=outbox.wake,
    )
    app.bot_data["bot_api"] = api
    app.bot_data["sender"] = sender
    app.bot_data["outbox"] = outbox
    app.bot_data["imports"] = chat_imports
    app.bot_data["requests"] = requests
    app.bot_data["settings"] = settings
    app.bot_data["uow_factory"] = uow_factory
    app.bot_data["bot_id"] = bot_id
    app.bot_data["unexpected_errors"] = 0
    monitoring = app.bot_data["monitoring"] = Monitoring(uow_factory)
    app.add_handler(TypeHandler(Update, monitoring.measured(pipeline.handle)))
    app.add_error_handler(_on_error)
    return app


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    await set_menus(app.bot, default_menus())
    # Administrators' larger menus, and the language users chose, in their own chats.
    async with app.bot_data["uow_factory"]() as uow:
        users = await uow.users.list()
    for user in users:
        if user.is_admin or user.language_code:
            await set_menus(app.bot, chat_menus(user).menus, chat_id=user.telegram_id)
    sender: Sender = app.bot_data["sender"]
    sender.sent.start()
    app.bot_data["outbox"].start()
    settings: Settings = app.bot_data["settings"]
    retention = dt.timedelta(hours=settings.update_retention_hours)
    app.bot_data["housekeeping"] = asyncio.create_task(
        keep_tidy(app.bot_data["uow_factory"], retention=retention), name="housekeeping"
    )
    if settings.scheduler_enabled:
        app.bot_data["scheduler"].start()
    if settings.metrics_port is not None:
        await app.bot_data["monitoring"].serve(
            listen=settings.metrics_listen, port=settings.metrics_port
        )


async def _post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    await app.bot_data["monitoring"].stop()
    await app.bot_data["scheduler"].stop()
    await app.bot_data["imports"].stop()
    await app.bot_data["outbox"].stop()
    await app.bot_data["sender"].sent.stop()
    await cancel(app.bot_data.pop("housekeeping", None))


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user gets a short apology with a reference; the update is kept among the failed
    (bot/transport/failures.py) and the traceback goes to the log and, once, to the admin chat; the
    process keeps running."""
    reference = secrets.token_hex(4).upper()
    error = without_sql_parameters(context.error) if context.error else None
    app = context.application
    app.bot_data["unexpected_errors"] += 1
    log.error("unexpected error, reference %s", reference, exc_info=error)
    settings: Settings = app.bot_data["settings"]
    # Each report on its own: the tap may have been answered already (the answer goes out
    # beside the reply that failed), and the admins must hear of it all the same.
    try:
        if isinstance(update, Update) and update.effective_chat is not None:
            # The app's language: the user's choice is in the database, which may be what failed.
            user = update.effective_user
            lang = language_of(user.language_code if user else None)
            text = translate("error.unexpected", lang, reference=reference)
            if update.callback_query is not None:
                await update.callback_query.answer(text, show_alert=True)
            else:
                await context.bot.send_message(update.effective_chat.id, text)
    except Exception:  # reporting must never take the bot down
        log.exception("could not tell the user of error %s", reference)
    if not isinstance(update, Update) or error is None:
        return
    trace = describe(error, secrets=secrets_of(settings))
    new = True
    try:
        new = await record_failure(
            app.bot_data["uow_factory"],
            bot_id=app.bot_data["bot_id"],
            update_id=update.update_id,
            payload=payload_of(update.to_dict()),
            error=trace,
        )
    except Exception:
        log.exception("could not record failed update %s", update.update_id)
    if new:
        await report_failure(
            context.bot, settings, update_id=update.update_id, reference=reference, error=trace
        )
