"""Updates that cannot be read or handled: recorded as failed and reported once.

A failed update is recorded as handled in the same transaction that keeps it, with its
error, among the failed updates (`interlog updates failed`): Telegram gets it confirmed,
no restart handles it (and fails) again, and the bot goes on with the next one. The
administrators hear of it once, in ADMIN_CHAT_ID."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import traceback
from collections.abc import Callable

from sqlalchemy.exc import StatementError
from telegram import Bot

from bot.i18n import translate
from bot.redaction import redact
from bot.settings import Settings
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

_REPORT_CHARS = 3000  # of the traceback, within Telegram's 4,096 characters a message


def describe(error: BaseException, *, secrets: tuple[str, ...] = ()) -> str:
    """The traceback of `error` for an administrator. A database error's text carries its
    SQL statement and parameters (the users' data): only the driver's own message is kept.
    `secrets` (the token, the webhook secret) are blanked out."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    text = f"Traceback (most recent call last):\n{frames}{summary(error)}"
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<secret>")
    return redact(text)  # and the token's secret part, in a URL with the colon encoded


def summary(error: BaseException) -> str:
    """One line: the error's type and message, without SQL or its parameters."""
    if isinstance(error, StatementError) and error.orig is not None:
        cause = error.orig
        first = str(cause).strip().splitlines()
        return f"{type(error).__name__}: {type(cause).__name__}: {first[0] if first else ''}"
    first = str(error).strip().splitlines()
    return f"{type(error).__name__}: {first[0] if first else ''}"


async def record_failure(
    uow_factory: Callable[..., SqlUnitOfWork],
    *,
    bot_id: int,
    update_id: int,
    payload: str,
    error: str,
) -> bool:
    """Keeps the update as failed and handled; True the first time it fails."""
    async with uow_factory() as uow:
        now = dt.datetime.now(dt.UTC)
        new = await uow.processed_updates.fail(bot_id, update_id, now, error=error, payload=payload)
        await uow.commit()
    return new


async def report_failure(
    bot: Bot, settings: Settings, *, update_id: int, reference: str, error: str
) -> None:
    """Tells the administrators (if ADMIN_CHAT_ID is set); never raises."""
    if settings.admin_chat_id is None:
        return
    text = translate(
        "admin.update_failed",
        settings.team_language,
        reference=reference,
        update_id=update_id,
        trace=html.escape(error[-_REPORT_CHARS:]),
    )
    try:
        await bot.send_message(settings.admin_chat_id, text, parse_mode="HTML")
    except Exception:
        log.exception("could not tell the admins of error %s", reference)


def secrets_of(settings: Settings) -> tuple[str, ...]:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    return token, secret


def payload_of(data: object) -> str:
    """The update as it came, for the administrator to look at."""
    try:
        return json.dumps(data, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(data)
