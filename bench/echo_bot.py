"""The throughput baseline: a minimal python-telegram-bot echo bot, one handler that replies
to each message (sendMessage) and each button tap (answerCallbackQuery); no database.
Standard PTB long polling, updates handled concurrently like the bot's (64 at a time), over
PTB's default transport (httpx), or with ECHO_TRANSPORT=aiohttp over the one the bot uses
(bot/transport/http.py), for a baseline that differs from the bot only in what it does.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=... [ECHO_TRANSPORT=aiohttp] \
        python -m bench.echo_bot
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest, HTTPXRequest

from bot.transport.http import AiohttpRequest

CONCURRENT = 64


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(update.callback_query.data or "")
    elif update.message is not None and update.message.text:
        await context.bot.send_message(update.message.chat.id, update.message.text)


def _transport(pool: int) -> BaseRequest:
    if os.environ.get("ECHO_TRANSPORT") == "aiohttp":
        return AiohttpRequest(connection_pool_size=pool)
    return HTTPXRequest(connection_pool_size=pool)


def main() -> None:
    app = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .request(_transport(32))
        .get_updates_request(_transport(2))
        .concurrent_updates(CONCURRENT)
        .build()
    )
    app.add_handler(TypeHandler(Update, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0, timeout=30)


if __name__ == "__main__":
    main()
