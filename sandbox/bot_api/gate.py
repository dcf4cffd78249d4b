"""Holding one Bot API call open, so a test can kill the bot while it waits for Telegram."""

from __future__ import annotations

import asyncio
from typing import Any


class Gate:
    def __init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.arrived: asyncio.Future[dict[str, Any]] = loop.create_future()
        self._released: asyncio.Future[None] = loop.create_future()

    async def hold(self, params: dict[str, Any]) -> None:
        self.arrived.set_result(params)
        await self._released

    def release(self) -> None:
        if not self._released.done():
            self._released.set_result(None)
