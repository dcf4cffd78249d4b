"""`interlog run` as a real process: what keeps it from starting is said in one line, with
the README's exit code (2 a setting, 3 no database there); a start says what runs where."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from sandbox.bot_api import FakeTelegram
from tests.bot.helpers import Factory
from tests.bot.process import BotProcess
from tests.seed import JANA


async def one_line(bot: BotProcess, code: int) -> str:
    await bot.start()
    exit_code, errors = await bot.exited()
    assert exit_code == code, errors
    [line] = errors.strip().splitlines()  # no traceback, no warnings after it
    assert line.startswith("interlog: ")
    return line


def postgres(base_url: str, **parts: str | int) -> str:
    return make_url(base_url).set(**parts).render_as_string(hide_password=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("unreachable", "Connect call failed"),
        ("no-database", 'database "interlog_nosuch" does not exist'),
        ("no-role", 'role "interlog_nosuch" does not exist'),
    ],
)
async def test_postgresql_it_cannot_open(
    fake: FakeTelegram, postgres_base_url: str, case: str, expected: str
) -> None:
    url = {
        "unreachable": postgres(postgres_base_url, port=9, password="pa55word"),
        "no-database": postgres(postgres_base_url, database="interlog_nosuch"),
        "no-role": postgres(postgres_base_url, username="interlog_nosuch", password="pa55word"),
    }[case]
    line = await one_line(BotProcess(fake, url), 2)
    assert "Cannot open the database at DATABASE_URL=postgresql+asyncpg://" in line
    assert expected in line and "pa55word" not in line
    assert not fake.calls


async def test_postgresql_without_its_driver(
    fake: FakeTelegram, postgres_base_url: str, tmp_path: Path
) -> None:
    # asyncpg made impossible to import, as where the "postgres" extra was not installed
    (tmp_path / "asyncpg.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'asyncpg'\", name='asyncpg')\n"
    )
    bot = BotProcess(fake, postgres_base_url, PYTHONPATH=str(tmp_path))
    line = await one_line(bot, 2)
    assert "asyncpg is not installed: pip install 'interlog[postgres]'" in line


async def test_what_keeps_it_from_starting_is_said_in_czech(
    fake: FakeTelegram, postgres_base_url: str, tmp_path: Path
) -> None:
    czech = {"INTERLOG_LANGUAGE": "cs"}
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'interlog.db'}"
    line = await one_line(BotProcess(fake, sqlite, TIME_ZONE="Europe/Atlantis", **czech), 2)
    zone = "neznámé časové pásmo „Europe/Atlantis“ (např. Europe/Prague)"
    assert line == f"interlog: Neplatné nastavení — TIME_ZONE: {zone}"
    unreachable = postgres(postgres_base_url, port=9, password="pa55word")
    line = await one_line(BotProcess(fake, unreachable, **czech), 2)
    assert line.startswith("interlog: Databázi na DATABASE_URL=postgresql+asyncpg://")
    assert "nelze otevřít: " in line and "pa55word" not in line
    assert not fake.calls


@pytest.mark.parametrize("where", ["missing-folder", "mistyped-file"])
async def test_sqlite_file_that_is_not_there(
    fake: FakeTelegram, tmp_path: Path, where: str
) -> None:
    path = (
        tmp_path / "nosuch" / "interlog.db" if where == "missing-folder" else tmp_path / "typo.db"
    )
    line = await one_line(BotProcess(fake, f"sqlite+aiosqlite:///{path}"), 3)
    assert f"No database at {path}" in line
    assert not path.exists()  # no empty database for the bot to start on
    assert not fake.calls


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("wrong-token", "refused TELEGRAM_BOT_TOKEN"),
        ("wrong-path", "refused TELEGRAM_BOT_TOKEN"),  # Telegram answers 404 to both
        ("nobody-there", "Cannot reach Telegram at TELEGRAM_API_BASE_URL=http://127.0.0.1:9/bot"),
        ("malformed", "TELEGRAM_API_BASE_URL: not a URL"),
    ],
)
async def test_telegram_it_cannot_use(
    fake: FakeTelegram, seeded: Factory, database_url: str, case: str, expected: str
) -> None:
    setting: dict[str, Callable[[], dict[str, str]]] = {
        "wrong-token": lambda: {"TELEGRAM_BOT_TOKEN": "123456789:not-the-token"},
        "wrong-path": lambda: {"TELEGRAM_API_BASE_URL": fake.base_url.replace("/bot", "/x/bot")},
        "nobody-there": lambda: {"TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"},
        "malformed": lambda: {"TELEGRAM_API_BASE_URL": "http://127.0.0.1:99999/bot"},
    }
    line = await one_line(BotProcess(fake, database_url, **setting[case]()), 2)
    assert expected in line


async def test_a_start_says_the_mode_database_bot_and_version(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    from importlib.metadata import version

    bot = BotProcess(fake, database_url)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await bot.start()
    try:
        await bot.act(jana, "say", "/help", "/interact")
    finally:
        await bot.stop()
    shown = make_url(database_url).render_as_string(hide_password=True)
    expected = f"Interlog {version('interlog')} started: polling, database {shown}, bot @"
    assert expected + "interlog_test_bot" in bot.stderr
