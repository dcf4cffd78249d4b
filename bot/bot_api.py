"""Bot API calls whose answer is not turned into python-telegram-bot objects.

Bot.send_message, Bot.get_updates and their siblings parse Telegram's answer into objects:
for a reply the bot never reads that answer (parsing it was about a third of a reply's
CPU), and fetched updates are stored as Telegram sent them before they are parsed, once.
Bot.do_api_request parses nothing, but warns that a method exists for the endpoint; that
warning is silenced here, for these deliberate calls."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot
from telegram.error import EndPointNotFound, InvalidToken
from telegram.warnings import PTBUserWarning

warnings.filterwarnings("ignore", r"Please use 'Bot\.", PTBUserWarning)


async def call(bot: Bot, endpoint: str, params: dict[str, Any], **timeouts: float) -> Any:
    """The endpoint's result as Telegram sent it (a dict, a list or True); errors raise as
    python-telegram-bot's own (RetryAfter, BadRequest ...), through its rate limiter."""
    try:
        return await bot.do_api_request(endpoint, api_kwargs=params, **timeouts)  # type: ignore[arg-type]
    except EndPointNotFound as exc:
        # What Telegram answers a refused token (401, 404) is taken for a missing endpoint
        # by do_api_request; every endpoint called here exists.
        raise InvalidToken(f"Telegram refused the bot token ({exc.__cause__})") from exc
