"""The bot's command menus: one per language, and an administrator's larger one, or the
one in the language a user chose, in their own chat.

Telegram shows the menu of the most specific scope: the user's chat in their app's
language, the chat, the default in their app's language, the default. A chat's menus are
therefore set for every language code the default has one for, all in the chosen language
when the user chose one (or the default's language otherwise)."""

from __future__ import annotations

from bot.conversations.common import ADMIN_COMMANDS, COMMANDS
from bot.i18n import DEFAULT_LANGUAGE, language_of, translate
from bot.reply import ChatMenus, Menu
from domain.model import User

# Telegram's language codes a menu is set for ("": any other); Slovak readers get Czech.
LANGUAGE_CODES = ("", "cs", "sk")


def commands(lang: str, *, admin: bool) -> Menu:
    names = COMMANDS + (ADMIN_COMMANDS if admin else ())
    return [(name, translate(f"command.{name}", lang)) for name in names]


def default_menus() -> list[tuple[str, Menu]]:
    return [
        (code, commands(language_of(code or DEFAULT_LANGUAGE), admin=False))
        for code in LANGUAGE_CODES
    ]


def chat_menus(user: User) -> ChatMenus:
    """The menus of the user's own chat; empty lists (the default's menus apply) for a
    salesperson who chose no language."""
    if not user.is_admin and not user.language_code:
        return ChatMenus(user.telegram_id, [(code, []) for code in LANGUAGE_CODES])
    return ChatMenus(
        user.telegram_id,
        [
            (code, commands(language_of(user.language_code or code), admin=user.is_admin))
            for code in LANGUAGE_CODES
        ],
    )
