"""Long polling through the inbox (bot/transport/inbox.py): each batch is stored before the next
getUpdates confirms it, and handled while that next batch is fetched.

python-telegram-bot's Updater confirms a batch as soon as it was fetched, so a crash loses
the updates in flight; waiting instead for a batch to be handled before fetching the next
makes every user wait for the slowest update of the batch."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.i18n import translate
from bot.settings import SettingsError
from bot.transport.background import cancel
from bot.transport.bot_api import BotApi
from bot.transport.inbox import Inbox

log = logging.getLogger(__name__)

_BACKOFF_MAX = 30.0


class WebhookIsSet(SettingsError):
    def __init__(self, url: str) -> None:
        super().__init__(translate("settings.webhook_is_set", "en", url=url))
        self.key, self.params = "settings.webhook_is_set", {"url": url}


class Poller:
    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        *,
        timeout: int = 30,
        limit: int = 100,
        replace_webhook: bool = False,
    ) -> None:
        self._app = app
        self._api: BotApi = app.bot_data["bot_api"]
        self._replace_webhook = replace_webhook
        self._timeout = timeout
        self._limit = limit
        self._inbox = Inbox(app)
        self._task: asyncio.Task[None] | None = None
        self.offset: int | None = None

    async def take_over(self) -> None:
        """Before anything starts: refuses (WebhookIsSet) while a webhook is set, unless told
        to replace it. A stray polling instance would silently switch off the webhook a
        production bot runs on."""
        webhook = await self._app.bot.get_webhook_info()
        if webhook.url:
            if not self._replace_webhook:
                raise WebhookIsSet(webhook.url.replace(self._app.bot.token, "<token>"))
            log.warning("deleting the webhook to poll instead (--replace-webhook)")
            await self._app.bot.delete_webhook(drop_pending_updates=False)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="poller")

    async def closed(self) -> None:
        """Returns, or raises its error, once polling has ended by itself (Telegram refused
        the token, or something unexpected): the process should then stop."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and task.done():
            if not task.cancelled() and task.exception() is not None:
                log.error("polling had ended: %r", task.exception())
        else:
            await cancel(task)
        await self._inbox.stop()

    async def _run(self) -> None:
        await self._resume()
        backoff = 0.5
        while True:
            await self._inbox.room()
            try:
                batch = await self._fetch()
                await self._inbox.keep(batch)
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except InvalidToken:
                log.critical("Telegram rejected the bot token; stopping to poll")
                raise
            except Conflict:
                log.error("another instance is polling with this token, or a webhook is set")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            except (TimedOut, NetworkError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.1f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            except Exception:  # the database: the batch is fetched again, unconfirmed
                log.exception("could not store the updates fetched; retrying in %.1f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX)
                continue
            backoff = 0.5
            if batch:
                self.offset = batch[-1]["update_id"] + 1
                self._inbox.handle(batch)

    async def _resume(self) -> None:
        """What a previous run left, with what users sent while it was down (a failure
        to fetch here is retried by the main loop)."""
        left = await self._inbox.left_waiting()
        fetched: list[dict[str, Any]] = []
        try:
            fetched = await self._fetch(wait=False)
            await self._inbox.keep(fetched)
        except Exception as exc:  # Telegram or the database
            log.warning("could not fetch updates at start (%s)", exc)
            fetched = []
        if fetched:
            self.offset = fetched[-1]["update_id"] + 1
        await self._inbox.resume([*left, *fetched])

    async def _fetch(self, *, wait: bool = True) -> list[dict[str, Any]]:
        """The next batch as Telegram sent it (parsed once, when handled); with `wait`,
        long polling."""
        seconds = self._timeout if wait else 0
        read_timeout = (self._api.polling_read_timeout or 0) + seconds
        params = {
            "offset": self.offset,
            "limit": self._limit,
            "timeout": seconds,
            "allowed_updates": Update.ALL_TYPES,
        }
        result = await self._api.call("getUpdates", params, read_timeout=read_timeout)
        return list(result or [])


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
