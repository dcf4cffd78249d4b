"""`interlog sandbox` from the command line: where it listens, what it says, its database."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.settings import Settings
from cli.main import main
from domain.model import Contact, Salesperson
from sandbox.session import Sandbox
from storage import make_engine, make_uow_factory, upgrade
from tests.bot.conftest import free_port
from tests.bot.process import interlog_command
from tests.sandbox.process import sandbox_process


def test_another_address_is_refused_without_public() -> None:
    # A process with a time limit: a sandbox that wrongly started would never end by itself.
    command = [interlog_command(), "sandbox", "--host", "0.0.0.0", "--port", str(free_port())]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 2, done.stdout
    assert "refusing to listen on 0.0.0.0" in done.stderr and "--public" in done.stderr


def test_its_refusals_speak_the_command_lines_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERLOG_LANGUAGE", "cs")
    assert main(["sandbox", "--port", "0"]) == 2
    assert capsys.readouterr().err.strip() == "interlog: --port: 1 až 65535"


def test_a_database_url_the_bot_cannot_use_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--database", "mysql://somewhere/db"]) == 2
    assert "--database" in capsys.readouterr().err


def test_it_listens_on_loopback_only_says_so_and_stops_on_ctrl_c() -> None:
    with sandbox_process("--language", "cs") as running:
        with urllib.request.urlopen(running.url + "/api/state") as response:
            state = json.load(response)
        with urllib.request.urlopen(running.url + "/") as response:
            assert b"Interlog" in response.read()
    output = "".join(running.lines)
    assert "Listening on 127.0.0.1 only" in output
    assert "throw-away SQLite database" in output and "with the demo data" in output
    # Czech is the sandbox users' language, with nothing to excuse on the page or the terminal.
    assert state["language"] == "cs" and not state["notice"]
    assert "not available" not in output
    assert "Sandbox stopped." in output


def test_public_listens_on_every_address_with_a_warning() -> None:
    with sandbox_process("--public") as running, urllib.request.urlopen(running.url) as response:
        assert response.status == 200
    assert "WARNING: listening on 0.0.0.0" in "".join(running.lines)


async def test_a_given_database_is_kept_and_the_demo_data_loaded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    url = f"sqlite+aiosqlite:///{tmp_path}/kept.db"
    base = Settings(_env_file=None)
    async with Sandbox(base=base, database_url=url, language="en") as first:
        assert first.demo_loaded and not first.throwaway
        reply = await first.members[0].user.say("/interact novak")
        assert "Jan Novák" in str(reply[-1].text)
    assert (tmp_path / "kept.db").exists()
    async with Sandbox(base=base, database_url=url, language="en") as second:
        assert not second.demo_loaded
        assert [m.salesperson_code for m in second.members] == ["JN", "PK"]


async def test_a_database_with_data_of_its_own_gets_no_demo_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    url = f"sqlite+aiosqlite:///{tmp_path}/ours.db"
    await upgrade(url)
    engine = make_engine(url)
    try:
        async with make_uow_factory(engine)() as uow:
            await uow.salespeople.save(Salesperson("ZZ", "Zoe Zed", ""))
            await uow.contacts.save_many([Contact(no="C1", name="Our Own Ltd.")])
            await uow.commit()
    finally:
        await engine.dispose()
    base = Settings(_env_file=None)
    async with Sandbox(base=base, database_url=url, language="en") as box:
        assert not box.demo_loaded
        assert [m.salesperson_code for m in box.members] == ["ZZ", "ZZ"]
        reply = await box.members[0].user.say("/interact own")
        assert "Our Own Ltd." in str(reply[-1].text)


async def test_the_throwaway_database_is_deleted_when_the_sandbox_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    base = Settings(_env_file=None)
    async with Sandbox(base=base, database_url=None, language="en") as box:
        assert box.throwaway
        path = Path(make_url(box.database_url).database or "")
        assert path.exists()  # noqa: ASYNC240 (a test's one look)
    assert not path.exists()  # noqa: ASYNC240
