"""Webhook mode through the inbox (bot/transport/inbox.py): an update is stored before Telegram gets
its 200, then handled.

python-telegram-bot's own webhook server answers Telegram before the update is handled,
so a crash loses the update in flight, and Telegram does not send it again."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.transport.inbox import Inbox

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/telegram"  # where Telegram (or the reverse proxy in front) posts updates


class WebhookReceiver:
    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        *,
        url: str,
        listen: str,
        port: int,
        secret: str,
    ) -> None:
        self._app = app
        self._url = url
        self._listen = listen
        self._port = port
        self._secret = secret.encode()
        self._inbox = Inbox(app)
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        # What a previous run left goes first: once the server listens, Telegram delivers
        # the users' newer updates (to the webhook the previous run set).
        await self._inbox.resume(await self._inbox.left_waiting())
        server = web.Application()
        server.router.add_post(PATH, self._receive)
        self._app.bot_data["monitoring"].add_routes(server.router)  # /healthz, /metrics
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        await self._app.bot.set_webhook(
            self._url, secret_token=self._secret.decode(), allowed_updates=Update.ALL_TYPES
        )

    async def closed(self) -> None:
        """Never returns: the server takes updates until it is stopped."""
        await asyncio.Event().wait()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self._inbox.stop()

    async def _receive(self, request: web.Request) -> web.Response:
        # As bytes: compare_digest refuses a str with other than ASCII in it (a header may
        # bring any), and a refusal must look the same whatever the wrong secret was.
        received = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(received, self._secret):
            log.warning("webhook request without the right secret token refused")
            return web.Response(status=403)
        try:
            data = json.loads(await request.read())
            update_id = int(data["update_id"])
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400)
        # Busy: Telegram waits for the answer and sends no more meanwhile.
        await self._inbox.room()
        await self._inbox.keep([data])  # on failure Telegram gets a 500 and sends it again
        log.debug("update %s received", update_id)
        self._inbox.handle([data])
        return web.Response()
