"""`interlog sandbox` as a real process, for the browser and command-line tests."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.bot.conftest import free_port
from tests.bot.process import interlog_command

STARTUP_SECONDS = 60


class SandboxProcess:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url
        self.lines: list[str] = []


@contextmanager
def sandbox_process(*arguments: str) -> Iterator[SandboxProcess]:
    """Starts `interlog sandbox` on a free port and yields once it printed its address;
    stops it with SIGINT (as Ctrl+C) afterwards, which must end it cleanly."""
    port = free_port()
    process = subprocess.Popen(
        [interlog_command(), "sandbox", "--port", str(port), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_PROXY": "127.0.0.1,localhost", "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def read() -> None:
        for line in stdout:
            lines.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    running = SandboxProcess(process, f"http://127.0.0.1:{port}")
    try:
        while not any(line.startswith("Interlog sandbox: open ") for line in running.lines):
            try:
                running.lines.append(lines.get(timeout=STARTUP_SECONDS))
            except queue.Empty:
                raise AssertionError(f"no address printed: {running.lines}") from None
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=STARTUP_SECONDS)
        reader.join(timeout=STARTUP_SECONDS)
        while not lines.empty():
            running.lines.append(lines.get())
        assert code == 0, "".join(running.lines)
