"""The language a user reads: their Telegram app's (cs and sk: Czech) until they choose
with /language, kept with them across restarts; the command menus per language, and the
administrators' in their own chats."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from telegram import BotCommandScopeChat, BotCommandScopeDefault
from telegram.ext import Application

from cli.main import main
from sandbox.bot_api import FakeTelegram
from tests.bot.conftest import Starter, stop_bot
from tests.bot.helpers import Factory
from tests.seed import JANA, PETR


async def _user_language(factory: Factory, telegram_id: int) -> str:
    async with factory() as uow:
        user = await uow.users.get(telegram_id)
    assert user is not None
    return user.language_code


async def _menu(
    app: Application, *, chat: int | None = None, code: str | None = None
) -> dict[str, str]:  # type: ignore[type-arg]
    scope = BotCommandScopeChat(chat) if chat else BotCommandScopeDefault()
    commands = await app.bot.get_my_commands(scope=scope, language_code=code)
    return {c.command: c.description for c in commands}


async def test_the_app_language_until_the_user_chooses_and_after_a_restart(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    app = await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana", language_code="cs")
    await jana.say("/start")
    assert "Dobrý den, Jana Nováková!" in jana.last.text
    assert await _user_language(seeded, JANA.telegram_id) == ""  # nothing chosen yet

    await jana.say("/language")
    assert jana.last.text == "Jakým jazykem s vámi mám mluvit?"
    assert jana.last.button_rows == [["Čeština", "English"]]
    await jana.tap("English")
    assert jana.last.text == "Done: I speak English to you now."
    assert await _user_language(seeded, JANA.telegram_id) == "en"
    # Her chat's menu follows her choice, whatever her app's language.
    assert (await _menu(app, chat=JANA.telegram_id, code="cs"))["interact"] == (
        "log an interaction with a contact"
    )

    await stop_bot(app)
    app = await start()
    await jana.say("/start")
    assert "Hello, Jana Nováková!" in jana.last.text

    await jana.say("/language")
    await jana.tap("Čeština")
    assert jana.last.text == "Hotovo: teď s vámi mluvím česky."
    await jana.say("/start")
    assert "Dobrý den" in jana.last.text and "/language — zvolit jazyk" in jana.last.text
    menu = await _menu(app, chat=JANA.telegram_id)
    assert menu["interact"] == "zaznamenat interakci s kontaktem" and "segments" not in menu


async def test_slovak_reads_czech_and_other_languages_english(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    await start()
    slovak = fake.user(user_id=JANA.telegram_id, first_name="Jana", language_code="sk")
    await slovak.say("/help")
    assert "Dobrý den" in slovak.last.text
    german = fake.user(user_id=PETR.telegram_id, first_name="Petr", language_code="de")
    await german.say("/help")
    assert "Hello" in german.last.text
    stranger = fake.user(user_id=4242, first_name="Eve", language_code="cs")
    await stranger.say("/start")
    assert stranger.last.text.startswith("Nemáte oprávnění.")


async def test_language_switch_in_the_middle_of_an_interaction_keeps_it(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    await start()
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana", language_code="en")
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/language")
    await jana.tap("Čeština")
    await jana.say("/cancel")
    assert jana.last.text.startswith("Odloženo: interakce č. 1 s kontaktem Jan Novák")


async def test_menus_per_language_and_the_administrators_in_their_chats(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    app = await start()
    english = await _menu(app)
    assert english["interact"] == "log an interaction with a contact"
    assert "segments" not in english and "language" in english
    for code in ("cs", "sk"):
        assert (await _menu(app, code=code))["interact"] == "zaznamenat interakci s kontaktem"
    # Petr is an administrator: his chat has the larger menu, in the language of his app.
    admin = await _menu(app, chat=PETR.telegram_id)
    assert admin["segments"] == "manage segments (admins)"
    assert (await _menu(app, chat=PETR.telegram_id, code="cs"))["segments"] == (
        "správa segmentů (správci)"
    )
    assert await _menu(app, chat=JANA.telegram_id) == {}


async def test_users_add_and_remove_set_an_administrators_menu_at_once(
    fake: FakeTelegram,
    seeded: Factory,
    start: Starter,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    app = await start()
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_API_FILE_URL": fake.base_file_url,
    }.items():
        monkeypatch.setenv(name, value)
    add = ["users", "add", "--telegram-id", "1001", "--salesperson", "JN", "--admin"]
    assert await asyncio.to_thread(main, add) == 0
    assert "segments" in await _menu(app, chat=JANA.telegram_id)
    assert "segments" in await _menu(app, chat=JANA.telegram_id, code="cs")
    assert await asyncio.to_thread(main, ["users", "remove", "--telegram-id", "1002"]) == 0
    assert await _menu(app, chat=PETR.telegram_id) == {}
    assert await _menu(app, chat=PETR.telegram_id, code="cs") == {}
