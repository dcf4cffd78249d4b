"""`interlog webhook set|delete|info`: the bot's webhook registration at Telegram.

`set` registers WEBHOOK_URL with WEBHOOK_SECRET from the settings, as `interlog run` in
webhook mode does; `delete` removes it (long polling refuses to start while one is set);
`info` prints what Telegram reports. Neither the token nor the secret is ever printed."""

from __future__ import annotations

import argparse
import sys

from telegram import Bot, Update, WebhookInfo
from telegram.error import TelegramError

from bot.settings import Settings, SettingsError
from cli.telegram_bot import telegram_bot
from cli.text import say


async def webhook(args: argparse.Namespace, settings: Settings) -> int:
    token = settings.bot_token()
    secrets = [token]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())

    def safe(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, "<secret>")
        return text

    bot = telegram_bot(settings)
    try:
        async with bot:
            if args.webhook_command == "set":
                await _set(bot, settings)
                print(safe(say("cli.webhook.set", url=settings.webhook_url)))
            elif args.webhook_command == "delete":
                await bot.delete_webhook(drop_pending_updates=False)
                print(say("cli.webhook.deleted"))
            else:
                print(safe(_describe(await bot.get_webhook_info())))
    except TelegramError as error:
        print(say("cli.webhook.telegram_answered", reason=safe(str(error))), file=sys.stderr)
        return 1
    return 0


async def _set(bot: Bot, settings: Settings) -> None:
    if not settings.webhook_url or settings.webhook_secret is None:
        raise SettingsError.of("settings.webhook_unset")
    await bot.set_webhook(
        settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=Update.ALL_TYPES,
    )


def _describe(info: WebhookInfo) -> str:
    if not info.url:
        lines = [say("cli.webhook.no_url")]
    else:
        lines = [
            say("cli.webhook.url", url=info.url),
            say("cli.webhook.max_connections", count=info.max_connections),
        ]
        if info.ip_address:
            lines.append(say("cli.webhook.ip_address", address=info.ip_address))
        if info.allowed_updates is not None:
            lines.append(say("cli.webhook.allowed", updates=", ".join(info.allowed_updates)))
    lines.append(say("cli.webhook.pending", number=info.pending_update_count))
    if info.last_error_date is not None:
        when = info.last_error_date.strftime("%Y-%m-%d %H:%M:%S UTC")
        error = info.last_error_message or ""
        lines.append(say("cli.webhook.last_error", when=when, error=error))
    return "\n".join(lines)
