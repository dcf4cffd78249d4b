"""Running the real `interlog` console script against the test databases."""

from __future__ import annotations

import asyncio
import csv
import os
import shutil
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from storage import SqlUnitOfWork


def _interlog_script() -> str:
    beside_python = Path(sys.executable).parent / "interlog"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("interlog")
    if found is None:
        pytest.fail("The `interlog` console script is not installed (pip install -e .)")
    return found


@dataclass(frozen=True, slots=True)
class Result:
    code: int
    stdout: str
    stderr: str


Interlog = Callable[..., Coroutine[Any, Any, Result]]
Main = Callable[..., Coroutine[Any, Any, Result]]  # cli.main.main in a worker thread
UowFactory = Callable[[], SqlUnitOfWork]


async def run_interlog(
    *args: str,
    database_url: str,
    cwd: Path,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    stdout: int | None = None,
) -> Result:
    """`stdout`: a file descriptor to write to instead of `Result.stdout`."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(cwd)),
        "LANG": "C.UTF-8",
        "DATABASE_URL": database_url,
        **(env or {}),
    }
    process = await asyncio.create_subprocess_exec(
        _interlog_script(),
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE if stdout is None else stdout,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=cwd,  # no stray .env file is read
    )
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=60)
    assert process.returncode is not None
    return Result(process.returncode, (out or b"").decode("utf-8"), err.decode("utf-8"))


@pytest.fixture
def interlog(database_url: str, uow_factory: UowFactory, tmp_path: Path) -> Interlog:
    """`await interlog("import", "contacts", path)` on the test database, which
    `uow_factory` (also usable by the test) has emptied."""

    async def run(*args: str) -> Result:
        return await run_interlog(*args, database_url=database_url, cwd=tmp_path)

    return run


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[[str, Sequence[Sequence[str]]], Path]:
    """Writes rows (the first is the header) as a UTF-8 CSV file with a BOM, as Excel does."""

    def write(name: str, rows: Sequence[Sequence[str]]) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)
        return path

    return write


@pytest.fixture
def interlog_main(
    database_url: str,
    uow_factory: UowFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Main:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)

    async def run(*args: str) -> Result:
        code = await asyncio.to_thread(main, list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def assert_ok(result: Result, stdout: str) -> None:
    assert (result.code, result.stderr) == (0, ""), result
    assert result.stdout == stdout + "\n"
