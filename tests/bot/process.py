"""`interlog run` as a separate process against the fake, to stop, kill and restart."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path

from tests.fake_telegram import FakeTelegram, FakeUser


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
            **settings,
        }
        self._process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            interlog_command(),
            "run",
            env=self._env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self.starts += 1

    async def kill9(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine dies."""
        assert self._process is not None
        self._process.kill()
        await self._process.wait()
        self._process = None

    async def restart_hard(self) -> None:
        await self.kill9()
        await self.start()

    async def stop(self) -> int:
        if self._process is None:
            return 0
        self._process.send_signal(signal.SIGINT)
        _, errors = await asyncio.wait_for(self._process.communicate(), timeout=30)
        code = self._process.returncode
        self._process = None
        assert code == 0, errors.decode()[-3000:]
        return code

    async def exited(self) -> tuple[int, str]:
        """Waits until the process ends by itself: its exit code and what it logged."""
        assert self._process is not None
        _, errors = await asyncio.wait_for(self._process.communicate(), timeout=30)
        code = self._process.returncode
        self._process = None
        assert code is not None
        return code, errors.decode()

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
            message, data = _button(user, argument)
            user.send_callback(message, data)  # type: ignore[arg-type]
        await self._fake.wait_for(answered, timeout=30)


def _button(user: FakeUser, label: str) -> tuple[object, str]:
    for message in reversed(user.messages):
        for button in message.inline_buttons():
            if label in str(button.get("text", "")):
                return message, str(button["callback_data"])
    raise AssertionError(f"no button {label!r}; last message: {user.last}")
