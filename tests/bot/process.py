"""`interlog run` as a separate process against the fake, to stop, kill and restart."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import IO

from sandbox.bot_api import FakeTelegram, FakeUser
from tests.bot.conftest import WEBHOOK_SECRET, free_port


def webhook_mode(secret: str | None = WEBHOOK_SECRET) -> dict[str, str]:
    """The settings of webhook mode on a free port, for BotProcess."""
    port = free_port()
    mode = {"WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram", "WEBHOOK_PORT": str(port)}
    return mode if secret is None else {**mode, "WEBHOOK_SECRET": secret}


def interlog_command() -> str:
    found = Path(sys.executable).parent / "interlog"
    return str(found) if found.exists() else shutil.which("interlog") or "interlog"


class BotProcess:
    def __init__(self, fake: FakeTelegram, database_url: str, **settings: str) -> None:
        self._fake = fake
        self._env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "TELEGRAM_API_FILE_URL": fake.base_file_url,
            "NO_PROXY": "127.0.0.1,localhost",
            "SCHEDULER_ENABLED": "false",
            **settings,
        }
        self._process: asyncio.subprocess.Process | None = None
        self._out: tuple[IO[bytes], IO[bytes]] | None = None
        self.starts = 0
        #: What every run so far wrote, on standard output and on standard error.
        self.stdout = ""
        self.stderr = ""

    async def start(self, *options: str) -> None:
        """`interlog run` with `options` (e.g. --replace-webhook)."""
        # Files, not pipes: a pipe nobody reads while the bot runs would fill and block it.
        self._out = (tempfile.TemporaryFile(), tempfile.TemporaryFile())  # noqa: SIM115 (closed in _ended)
        self._process = await asyncio.create_subprocess_exec(
            interlog_command(),
            "run",
            *options,
            env=self._env,
            stdout=self._out[0],
            stderr=self._out[1],
        )
        self.starts += 1

    async def kill9(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine dies."""
        assert self._process is not None
        self._process.kill()
        await self._ended()

    async def _ended(self) -> tuple[int, str]:
        """Waits for the process to end: its exit code and what this run wrote on stderr."""
        assert self._process is not None and self._out is not None
        code = await asyncio.wait_for(self._process.wait(), timeout=30)
        self._process = None
        texts = []
        for stream in self._out:
            stream.seek(0)
            texts.append(stream.read().decode(errors="replace"))
            stream.close()
        self._out = None
        self.stdout += texts[0]
        self.stderr += texts[1]
        return code, texts[1]

    async def restart_hard(self) -> None:
        await self.kill9()
        await self.start()

    async def stop(self) -> int:
        if self._process is None:
            return 0
        self._process.send_signal(signal.SIGINT)
        code, errors = await self._ended()
        assert code == 0, errors[-3000:]
        return code

    async def exited(self) -> tuple[int, str]:
        """Waits until the process ends by itself: its exit code and what it logged."""
        return await self._ended()

    async def act(self, user: FakeUser, action: str, argument: str, expect: str) -> None:
        """Sends text or taps a button, then waits until a message of the bot in that chat,
        sent or edited since, shows `expect` (by content: after a crash the bot may also
        re-send an earlier reply that never was confirmed)."""
        before = {(m.message_id, m.edits) for m in user.messages}

        def answered() -> bool:
            return any(
                expect in m.text for m in user.messages if (m.message_id, m.edits) not in before
            )

        if action == "say":
            user.send(argument)
        else:
            message, data = button(user, argument)
            user.send_callback(message, data)  # type: ignore[arg-type]
        await self._fake.wait_for(answered, timeout=30)


def button(user: FakeUser, label: str) -> tuple[object, str]:
    """The newest message with a button labelled `label`, and that button's data."""
    for message in reversed(user.messages):
        for each in message.inline_buttons():
            if label in str(each.get("text", "")):
                return message, str(each["callback_data"])
    raise AssertionError(f"no button {label!r}; last message: {user.last}")
