"""The sandbox running in the test's event loop: embedded Bot API, real bot, demo database,
and its web server on a free port, driven over HTTP like the page drives it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.settings import Settings
from sandbox.session import Sandbox
from sandbox.web import SandboxWeb

JSON = dict[str, Any]
JANA, PETR = 1001, 1002
TIMEOUT = 15


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


class Events:
    """The page's event stream, read as the page reads it."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response
        self.seen: list[tuple[str, JSON]] = []

    async def next(self) -> tuple[str, JSON]:
        kind, data = "", ""
        while True:
            raw = await self.response.content.readline()
            if not raw:
                raise AssertionError("the event stream ended")
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                kind = line[len("event: ") :]
            elif line.startswith("data: "):
                data += line[len("data: ") :]
            elif not line and kind:
                event = (kind, json.loads(data))
                self.seen.append(event)
                return event

    async def until(self, kind: str, matches: Callable[[JSON], bool]) -> JSON:
        """The first event of `kind` (already seen or still to come) that `matches`."""
        for seen_kind, data in self.seen:
            if seen_kind == kind and matches(data):
                return data

        async def wait() -> JSON:
            while True:
                got_kind, data = await self.next()
                if got_kind == kind and matches(data):
                    return data

        try:
            return await asyncio.wait_for(wait(), TIMEOUT)
        except TimeoutError:
            shown = "\n".join(f"  {k}: {str(d)[:200]}" for k, d in self.seen[-10:])
            raise AssertionError(f"no matching {kind} event; last seen:\n{shown}") from None


class Page:
    """What the browser page does, over the sandbox's HTTP API."""

    def __init__(self, session: aiohttp.ClientSession, base: str, box: Sandbox) -> None:
        self.session, self.base, self.box = session, base, box

    async def get(self, path: str) -> JSON:
        async with self.session.get(self.base + path) as response:
            assert response.status == 200, await response.text()
            body: JSON = await response.json()
            return body

    async def post(self, path: str, body: JSON, *, status: int = 200) -> JSON:
        async with self.session.post(self.base + path, json=body) as response:
            assert response.status == status, await response.text()
            answer: JSON = await response.json()
            return answer

    async def say(self, text: str, *, user: int = JANA) -> list[JSON]:
        """Send `text` as `user`; the bot's messages created or edited meanwhile."""
        answer = await self.post("/api/messages", {"user": user, "text": text, "wait": True})
        messages: list[JSON] = answer["messages"]
        return messages

    async def tap(self, label: str, *, user: int = JANA, chat: int | None = None) -> list[JSON]:
        """Tap the button containing `label` on the newest bot message that has one."""
        chat_id = chat if chat is not None else user
        state = await self.get("/api/state")
        for view in reversed(state["messages"]):
            if view["chat_id"] != chat_id or not view["from_bot"]:
                continue
            found = [b for row in view["buttons"] for b in row if label in b["text"]]
            if found:
                body = {"user": user, "chat": chat_id, "message_id": view["message_id"],
                        "data": found[0]["data"], "wait": True}  # fmt: skip
                answer = await self.post("/api/taps", body)
                messages: list[JSON] = answer["messages"]
                return messages
        raise AssertionError(f"no button containing {label!r} in chat {chat_id}")

    @contextlib.asynccontextmanager
    async def events(self) -> AsyncIterator[Events]:
        async with self.session.get(self.base + "/api/events") as response:
            assert response.headers["Content-Type"].startswith("text/event-stream")
            yield Events(response)


def texts(messages: list[JSON]) -> str:
    return "\n---\n".join(str(m["text"]) for m in messages)


@pytest.fixture
async def box(tmp_path: Path) -> AsyncIterator[Sandbox]:
    base = Settings(_env_file=None, messages_per_second=0)
    async with Sandbox(base=base, database_url=None, language="en") as sandbox:
        yield sandbox


@pytest.fixture
async def page(box: Sandbox) -> AsyncIterator[Page]:
    runner = web.AppRunner(SandboxWeb(box).application(), handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as session:
            yield Page(session, f"http://127.0.0.1:{port}", box)
    finally:
        await runner.cleanup()
