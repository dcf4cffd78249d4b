"""Setting command menus at Telegram (setMyCommands, deleteMyCommands)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault

Menu = Sequence[tuple[str, str]]  # (command, description)


async def set_menus(
    bot: Bot, menus: Sequence[tuple[str, Menu]], *, chat_id: int | None = None
) -> None:
    """Each (language code, menu): the default scope's, or the chat's; an empty menu is
    deleted, so that the scope below it applies."""
    scope = BotCommandScopeDefault() if chat_id is None else BotCommandScopeChat(chat_id)
    for code, menu in menus:
        language = code or None
        if menu:
            commands = [BotCommand(name, description) for name, description in menu]
            await bot.set_my_commands(commands, scope=scope, language_code=language)
        else:
            await bot.delete_my_commands(scope=scope, language_code=language)
