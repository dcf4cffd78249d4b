"""The bot's Telegram client for the commands that talk to Telegram themselves (`webhook`,
and `users` setting a chat's command menu): the token and the Bot API's address from the
settings, over the bot's own HTTP transport."""

from __future__ import annotations

from telegram import Bot

from bot.settings import Settings
from bot.transport.http import AiohttpRequest


def telegram_bot(settings: Settings) -> Bot:
    return Bot(
        settings.bot_token(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
        request=AiohttpRequest(),
    )
