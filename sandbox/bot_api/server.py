"""FakeTelegram: an aiohttp Bot API server on 127.0.0.1 that a real PTB Application talks to."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from .completion import UpdateTracker
from .errors import ApiError
from .faults import FaultPlan
from .gate import Gate
from .methods import BotApi
from .params import read_params
from .proxy import ensure_no_proxy
from .state import JSON, Chat, TelegramState, UpdateQueue
from .user import FakeUser
from .webhook import WebhookDeliverer, WebhookStats

log = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456789:FAKE-telegram-token"


class FakeTelegram:
    """The Telegram side of a bot test: users, chats, updates and the Bot API over HTTP.

    Use ``async with FakeTelegram() as fake:`` (or start()/stop()), then build the bot with
    ``.base_url(fake.base_url).base_file_url(fake.base_file_url)``.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        faults: FaultPlan | None = None,
        bot_username: str = "interlog_test_bot",
        bot_name: str = "Interlog Test Bot",
        webhook_max_attempts: int = 3,
        webhook_retry_delay: float = 0.05,
        timeout: float = 10,
    ) -> None:
        self.token = token
        #: Default seconds to wait for the bot to handle an update (wait_* and FakeUser).
        self.timeout = timeout
        self.faults = faults or FaultPlan()
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.state = TelegramState({
            "id": bot_id, "is_bot": True, "first_name": bot_name,
            "username": bot_username, "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
        })  # fmt: skip
        self.queue = UpdateQueue()
        self.tracker = UpdateTracker()
        self.webhook = WebhookDeliverer(
            self.queue, self.tracker, webhook_max_attempts, webhook_retry_delay
        )
        self.api = BotApi(self.state, self.queue, self.tracker, self.webhook, self._is_stopping)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._conditions: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        self._gates: dict[str, Gate] = {}
        self.unknown_methods: list[str] = []
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder.base_url``; PTB appends the token."""
        return f"http://127.0.0.1:{self._require_port()}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._require_port()}/file/bot"

    def _require_port(self) -> int:
        if not self._port:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    def _is_stopping(self) -> bool:
        return self._stopping

    async def start(self) -> FakeTelegram:
        ensure_no_proxy()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation: a long poll the bot abandons stops waiting server-side too.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Wake long polls, stop webhook delivery and the HTTP server."""
        self._stopping = True
        self.queue.wake()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- HTTP ----------------------------------------------------------------------------
    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await read_params(request)
            self.calls.append((method, params))
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            handler = self.api.methods.get(method.lower())
            if handler is None:
                self.unknown_methods.append(method)
                log.warning("fake Telegram: unknown Bot API method %r called", method)
                raise ApiError(404, f"Not Found: method {method}")
            late = await self._maybe_fail(method, request)
            if (gate := self._gates.pop(method.lower(), None)) is not None:
                await gate.hold(params)
            result = await handler(params)
            # Slow as Telegram is: the call takes effect, its answer comes late (or never,
            # to a client that stopped waiting).
            await asyncio.sleep(late)
        except ApiError as error:
            return error.response()
        self._check_conditions()
        return web.json_response({"ok": True, "result": result})

    def _check_conditions(self) -> None:
        for condition, future in list(self._conditions):
            if not future.done() and condition():
                future.set_result(None)
        self._conditions = [(c, f) for c, f in self._conditions if not f.done()]

    def gate(self, method: str) -> Gate:
        """Holds the next call of `method` until released: to crash a bot mid-call."""
        gate = Gate()
        self._gates[method.lower()] = gate
        return gate

    async def wait_for(self, condition: Callable[[], bool], timeout: float | None = None) -> None:  # noqa: ASYNC109
        """Until `condition()` holds after some successful Bot API call (or already does):
        for what the bot does on its own, such as delivering team notifications."""
        if condition():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._conditions.append((condition, future))
        try:
            await asyncio.wait_for(future, timeout or self.timeout)
        except TimeoutError:
            raise AssertionError(f"condition not met in time\n{self.diagnose()}") from None

    async def _maybe_fail(self, method: str, request: web.Request) -> float:
        """Raises the error fault drawn for this call; returns how late a slow one answers."""
        fault = self.faults.fault_for(method)
        if fault is None:
            return 0.0
        if fault.kind == "redirect":
            self._check_conditions()  # a test may wait for the bot going round in circles
            raise web.HTTPTemporaryRedirect(request.path_qs)
        if fault.kind == "slow":
            return fault.delay
        if fault.kind == "400":
            raise ApiError(400, "Bad Request: injected refusal")
        elif fault.kind == "401":
            raise ApiError(404, "Not Found")
        elif fault.kind == "429":
            description = f"Too Many Requests: retry after {fault.retry_after}"
            raise ApiError(429, description, {"retry_after": fault.retry_after})
        else:
            raise ApiError(500, "Internal Server Error")

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        if request.match_info["token"] == self.token:
            for stored in self.state.files.values():
                if stored.file_path == path:
                    return web.Response(body=stored.content)
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )

    # -- people and chats ----------------------------------------------------------------
    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Jana",
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        """A person with a private chat with the bot (chat id == user id)."""
        return FakeUser(self, user_id, first_name, username, last_name, language_code)

    def group(self, chat_id: int = -100123, title: str = "Team") -> Chat:
        """A group chat; ids starting with -100 are supergroups, as in Telegram."""
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return self.state.add_chat(Chat(id=chat_id, type=kind, title=title))

    def chat(self, chat_id: int) -> Chat:
        return self.state.chat(chat_id)

    def enqueue(self, update: JSON) -> int:
        """Queue a raw update (everything except ``update_id``); return its update_id."""
        return self.queue.push(update, self.faults)

    # -- observing -----------------------------------------------------------------------
    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name.lower() == method.lower()]

    @property
    def webhook_deliveries(self) -> WebhookStats:
        return self.webhook.stats

    def mark_done(self, update_id: int) -> None:
        """Called by the bot's update processor once it finished handling ``update_id``."""
        self.tracker.mark_done(update_id)

    def update_done(self, update: object) -> None:
        """mark_done taking the Update itself: ``PerUserProcessor(on_done=fake.update_done)``."""
        update_id = getattr(update, "update_id", None)
        if isinstance(update_id, int):
            self.mark_done(update_id)

    def is_done(self, update_id: int) -> bool:
        return update_id in self.tracker.done

    async def wait_done(self, update_id: int, timeout: float | None = None) -> None:  # noqa: ASYNC109
        await self.tracker.wait_done(update_id, timeout or self.timeout, self.diagnose)

    async def wait_delivered(self, update_id: int, timeout: float | None = None) -> str:  # noqa: ASYNC109
        """ "delivered", "dropped: <reason>", or "" if neither happened within ``timeout``."""
        return await self.tracker.wait_delivered(update_id, timeout or self.timeout)

    async def wait_idle(self, timeout: float | None = None) -> None:  # noqa: ASYNC109
        """Every update queued so far was handled by the bot (or dropped)."""
        await self.tracker.wait_all(
            lambda: self.queue.issued,
            lambda: [item.update_id for item in self.queue.items if not item.handed_out],
            timeout or self.timeout,
            self.diagnose,
        )

    def diagnose(self) -> str:
        """A summary for assertion messages: what the bot called and what is still pending."""
        recent = ", ".join(name for name, _ in self.calls[-15:]) or "none"
        lines = [
            f"  unknown Bot API methods called: {self.unknown_methods or 'none'}",
            f"  pending update ids: {[item.update_id for item in self.queue.items]}",
            f"  delivered: {dict(self.tracker.handouts)}, done: {dict(self.tracker.done_counts)}",
            f"  webhook: {self.webhook.config.url or 'not set'} {self.webhook.stats}",
            f"  last calls: {recent}",
            "  (is the bot's update processor calling fake.mark_done(update.update_id)?)",
        ]
        return "\n".join(lines)
