"""`interlog users add|list|remove`: who may use the bot, each Telegram user acting as a
salesperson (domain/services/users.py); an administrator's command menu follows at once."""

from __future__ import annotations

import argparse
import sys

from telegram.error import TelegramError

from bot.menus import LANGUAGE_CODES, chat_menus
from bot.redaction import redact
from bot.reply import ChatMenus
from bot.settings import Settings
from bot.transport.commands import set_menus
from cli.database import database
from cli.telegram_bot import telegram_bot
from cli.text import refused, say
from domain.access import OPERATOR
from domain.errors import DomainError, NotFound
from domain.ports import UnitOfWorkFactory
from domain.services.users import authorise_user, list_users, remove_user


async def users(args: argparse.Namespace, settings: Settings) -> int:
    async with database(settings) as uow_factory:
        if args.users_command == "add":
            return await _add_user(uow_factory, args, settings)
        if args.users_command == "remove":
            return await _remove_user(uow_factory, args.telegram_id, settings)
        return await _list_users(uow_factory)


async def _add_user(
    uow_factory: UnitOfWorkFactory, args: argparse.Namespace, settings: Settings
) -> int:
    async with uow_factory() as uow:
        try:
            done = await authorise_user(
                uow,
                user=OPERATOR,
                telegram_id=args.telegram_id,
                salesperson_code=str(args.salesperson),
                admin=bool(args.admin),
            )
        except DomainError as exc:
            return refused(exc)
        await uow.commit()
    user, salesperson = done.user, done.salesperson
    key = "cli.users.updated" if done.updated else "cli.users.added"
    role = say("cli.users.admin" if user.is_admin else "cli.users.user")
    name = salesperson.name or salesperson.code
    print(say(key, telegram_id=user.telegram_id, name=name, code=salesperson.code, role=role))
    await _set_menu(settings, chat_menus(user))
    return 0


async def _set_menu(settings: Settings, menus: ChatMenus) -> None:
    """An administrator's larger command menu in their chat at once (else the bot sets it
    at its next start); a failure is told, but the user stays added or removed."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        return
    bot = telegram_bot(settings)
    try:
        async with bot:
            await set_menus(bot, menus.menus, chat_id=menus.chat_id)
    except TelegramError as error:
        reason = redact(str(error))
        print(say("cli.menu_failed", telegram_id=menus.chat_id, reason=reason), file=sys.stderr)


async def _remove_user(uow_factory: UnitOfWorkFactory, telegram_id: int, settings: Settings) -> int:
    async with uow_factory() as uow:
        try:
            removed = await remove_user(uow, user=OPERATOR, telegram_id=telegram_id)
        except NotFound:
            print(say("cli.users.no_such", telegram_id=telegram_id), file=sys.stderr)
            return 1
        await uow.commit()
    print(say("cli.users.removed", telegram_id=telegram_id))
    if removed.is_admin or removed.language_code:
        await _set_menu(settings, ChatMenus(telegram_id, [(c, []) for c in LANGUAGE_CODES]))
    return 0


async def _list_users(uow_factory: UnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        users = await list_users(uow, user=OPERATOR)
    if not users:
        print(say("cli.users.none"))
        return 0
    rows = [
        (
            say("cli.users.column.telegram_id"),
            say("cli.users.column.salesperson"),
            say("cli.users.column.name"),
            say("cli.users.column.admin"),
        )
    ]
    rows += [
        (
            str(listed.user.telegram_id),
            listed.user.salesperson_code,
            say("cli.unknown") if listed.salesperson_name is None else listed.salesperson_name,
            say("cli.yes") if listed.user.is_admin else say("cli.no"),
        )
        for listed in users
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (value.ljust(width) for value, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return 0
