"""The reverse proxy in front of several instances in webhook mode: every instance registers
its URL as the webhook, Telegram (the fake) posts each update to it, and the test chooses
which instance gets it, or holds a few updates to post them to their instances at once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from bot.transport.webhook import PATH, SECRET_HEADER

Route = Callable[[dict[str, Any]], int]


def sender_of(update: dict[str, Any]) -> int:
    """The id of the user an update comes from (0 when it has none)."""
    for kind in ("message", "callback_query", "edited_message"):
        if kind in update:
            return int(update[kind]["from"]["id"])
    return 0


def alternating(count: int) -> Route:
    """Each user's updates go to the instances in turn, whatever the other users do."""
    seen: dict[int, int] = {}

    def route(update: dict[str, Any]) -> int:
        user = sender_of(update)
        seen[user] = seen.get(user, -1) + 1
        return seen[user] % count

    return route


class Balancer:
    def __init__(self, instance_ports: list[int]) -> None:
        self.targets = [f"http://127.0.0.1:{port}{PATH}" for port in instance_ports]
        self.route: Route = lambda _: 0
        self._held: list[tuple[bytes, dict[str, str]]] = []
        self._hold_for: list[int] = []
        self._fired: asyncio.Future[list[int]] | None = None
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PATH}"

    async def start(self) -> Balancer:
        self._session = aiohttp.ClientSession(trust_env=False)
        server = web.Application()
        server.router.add_post(PATH, self._receive)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def hold(self, instances: list[int]) -> asyncio.Future[list[int]]:
        """The next len(instances) updates are accepted at once and then posted together,
        the n-th to instances[n]; the future has the instances' HTTP statuses."""
        self._hold_for = list(instances)
        self._fired = asyncio.get_running_loop().create_future()
        return self._fired

    async def _receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {
            "Content-Type": "application/json",
            SECRET_HEADER: request.headers.get(SECRET_HEADER, ""),
        }
        if self._hold_for:
            self._held.append((body, headers))
            if len(self._held) == len(self._hold_for):
                task = asyncio.create_task(self._fire())
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            return web.Response()
        status = await self._post(self.route(json.loads(body)), body, headers)
        return web.Response(status=status)

    async def _fire(self) -> None:
        held, self._held = self._held, []
        targets, self._hold_for = self._hold_for, []
        statuses = await asyncio.gather(
            *(
                self._post(target, body, headers)
                for target, (body, headers) in zip(targets, held, strict=True)
            )
        )
        assert self._fired is not None
        self._fired.set_result(list(statuses))

    async def _post(self, target: int, body: bytes, headers: dict[str, str]) -> int:
        assert self._session is not None
        try:
            async with self._session.post(self.targets[target], data=body, headers=headers) as r:
                await r.read()
                return r.status
        except aiohttp.ClientError:
            return 502  # the instance is down: Telegram tries again
