"""The fake Telegram Bot API of the tests (sandbox.bot_api) as the benchmarks use it:
a bot in a subprocess talks to it over HTTP, simulated users inject updates and wait for
the bot's first reply to each (sendMessage or editMessageText in their chat, or the
answer to their button tap)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from sandbox.bot_api import FakeTelegram, FakeUser
from sandbox.bot_api.state import ChatMessage

TEAM_CHAT = -100777
_REPLIES = {"sendmessage": "message", "editmessagetext": "edit", "answercallbackquery": "answer"}


class ReplyWatch:
    """Wraps the fake's reply methods: resolves a user's pending wait when the bot makes
    the kind of reply waited for ("message", "edit" or "answer" to the newest tap)."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self._waiting: dict[tuple[int, str], asyncio.Future[float]] = {}
        self._newest: dict[int, str] = {}  # user -> id of their newest button tap
        for name in _REPLIES:
            fake.api.methods[name] = self._wrap(name, fake.api.methods[name])

    def _wrap(
        self, name: str, method: Callable[[dict[str, Any]], Awaitable[Any]]
    ) -> Callable[[dict[str, Any]], Awaitable[Any]]:
        kind = _REPLIES[name]

        async def replied(params: dict[str, Any]) -> Any:
            result = await method(params)
            now = time.perf_counter()
            chat = self._chat_of(name, params)
            waiter = self._waiting.pop((chat, kind), None) if chat is not None else None
            if waiter is not None and not waiter.done():
                waiter.set_result(now)
            return result

        return replied

    def _chat_of(self, name: str, params: Mapping[str, Any]) -> int | None:
        if name == "answercallbackquery":
            query = self.fake.state.callback_queries.get(str(params.get("callback_query_id")))
            if query is None:
                return None
            newest = self.fake.state.callback_queries.get(self._newest.get(query.user_id, ""))
            return query.user_id if newest is query else None
        try:
            return int(params.get("chat_id") or 0)
        except (TypeError, ValueError):
            return None

    def expect(self, user: FakeUser, kind: str) -> asyncio.Future[float]:
        """A future resolved with the time of the bot's next reply of `kind` to `user`."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[user.id, kind] = future
        return future

    async def roundtrip(
        self, user: FakeUser, inject: Callable[[], int], expect: str, limit: float
    ) -> float:
        """Injects an update of `user`; the seconds until the bot's reply of kind `expect`."""
        future = self.expect(user, expect)
        started = time.perf_counter()
        inject()
        if user.callback_queries:
            self._newest[user.id] = user.callback_queries[-1].id
        replied = await asyncio.wait_for(future, limit)
        return replied - started


def first_button(message: ChatMessage) -> str:
    buttons = message.inline_buttons()
    if not buttons:
        raise RuntimeError(f"the bot's message has no buttons: {message}")
    return str(buttons[0]["callback_data"])


def bot_environment(fake: FakeTelegram, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_API_FILE_URL": fake.base_file_url,
        "TEAM_CHAT_ID": str(TEAM_CHAT),
        "LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
        # Reminders and agendas (of the data's old postponed entries, say) would come as
        # messages the simulated users do not expect, answering their waits early.
        "SCHEDULER_ENABLED": "false",
        **extra,
    }
    env.pop("ADMIN_CHAT_ID", None)
    return env


def interlog_command() -> list[str]:
    """`interlog run`, the console script beside this interpreter (or found on PATH)."""
    script = Path(sys.executable).with_name("interlog")
    found = str(script) if script.exists() else shutil.which("interlog")
    if found:
        return [found, "run"]
    return [sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())", "run"]


def start_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=Path.cwd()
        )


async def stop_process(process: subprocess.Popen[bytes], grace: float = 10) -> int:
    """SIGTERM (the bot stops cleanly on it), then SIGKILL if it does not."""
    if process.poll() is None:
        process.terminate()
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, process.wait), grace)
        except TimeoutError:
            process.kill()
            await loop.run_in_executor(None, process.wait)
    return int(process.returncode or 0)


def peak_rss_kib(pid: int) -> int:
    """VmHWM: the peak resident set size of a live process, in KiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc (not Linux?)")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")
