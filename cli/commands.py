"""The administration commands behind `interlog` (see cli/main.py for their arguments).

Each opens its own engine on DATABASE_URL and disposes of it; each except `db upgrade`
refuses a database whose schema is not current (SchemaOutOfDate, exit code 3). Exit codes:
0 done, 1 refused (bad file, unknown salesperson or user...), 2 bad arguments or settings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TextIO, cast

from sqlalchemy.exc import DBAPIError
from telegram import Bot
from telegram.error import TelegramError

from bot.database import current_database, reasons_named, sqlite_file
from bot.menus import LANGUAGE_CODES, chat_menus
from bot.redaction import redact
from bot.reply import ChatMenus
from bot.settings import Settings
from bot.transport.commands import set_menus
from bot.transport.http import AiohttpRequest
from cli.csv_import import import_csv
from cli.text import number, say
from domain.access import OPERATOR
from domain.csv_export import write_entries, write_todos
from domain.errors import DomainError, NotFound
from domain.ports import UnitOfWorkFactory
from domain.services import statistics as stats_services
from domain.services import todos as todo_services
from domain.services.demo import load_demo
from domain.services.imports import Pace
from domain.services.number_series import series_in_use, use_series
from domain.services.segments import assign_segment
from domain.services.users import authorise_user, list_users, remove_user
from domain.services.views import segment_card
from storage import SqlUnitOfWork, current_revision, make_engine, make_uow_factory, upgrade


@asynccontextmanager
async def _database(settings: Settings) -> AsyncIterator[UnitOfWorkFactory]:
    """Units of work on a database at the current schema; the engine is disposed after."""
    async with _databases(settings) as (uow_factory, _reader):
        yield uow_factory


@asynccontextmanager
async def _databases(
    settings: Settings,
) -> AsyncIterator[tuple[UnitOfWorkFactory, UnitOfWorkFactory]]:
    """As `_database`, with units of work that only read beside (no write lock on SQLite)."""
    async with current_database(settings) as engine:
        # SqlUnitOfWork implements the UnitOfWork port, but mypy cannot see it: the port
        # declares its repositories as plain (mutable, hence invariant) attributes.
        yield (
            cast(UnitOfWorkFactory, make_uow_factory(engine)),
            cast(UnitOfWorkFactory, make_uow_factory(engine, read_only=True)),
        )


async def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Creates or upgrades the schema (a SQLite file's folder is created when missing)."""
    path = sqlite_file(settings.database_url)
    with reasons_named(settings):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        await upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        try:
            revision = await current_revision(engine)
        finally:
            await engine.dispose()
    print(say("cli.db.up_to_date", revision=revision))
    return 0


def import_pace(database_url: str, reader: Callable[[], SqlUnitOfWork]) -> Pace:
    """On SQLite, where the bot's writes wait for the one write lock, the import pauses
    between its chunks while a bot handles updates on the same database (see
    domain.services.imports.Pace). PostgreSQL's writers do not exclude each other: there
    the chunks are larger and follow each other at once."""
    if not database_url.startswith("sqlite"):
        return Pace(write_chunk=POSTGRES_WRITE_CHUNK, pause=0.0)
    last: list[object] = []

    async def contended() -> bool:
        async with reader() as uow:
            latest = await uow.processed_updates.latest()
        changed = bool(last) and last[-1] != latest
        last[:] = [latest]
        return changed

    return Pace(contended=contended)


POSTGRES_WRITE_CHUNK = 2_000


async def import_file(args: argparse.Namespace, settings: Settings) -> int:
    async with _databases(settings) as (uow_factory, reader):
        # The database's own units of work: the pace asks whether a bot is at work.
        sql_reader = cast(Callable[[], SqlUnitOfWork], reader)
        try:
            return await import_csv(
                uow_factory,
                args.kind,
                Path(args.file),
                out=sys.stdout,
                err=sys.stderr,
                reader=reader,
                pace=import_pace(settings.database_url, sql_reader),
            )
        except DBAPIError as exc:  # rolled back: nothing of the file is written
            reason = str(exc.orig or exc).strip().splitlines()[0]
            print(say("cli.import.database_failed", reason=reason), file=sys.stderr)
            return 1


async def users(args: argparse.Namespace, settings: Settings) -> int:
    async with _database(settings) as uow_factory:
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
            return _refused(exc)
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
    bot = Bot(
        settings.bot_token(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
        request=AiohttpRequest(),
    )
    try:
        async with bot:
            await set_menus(bot, menus.menus, chat_id=menus.chat_id)
    except TelegramError as error:
        reason = redact(str(error))
        print(say("cli.menu_failed", telegram_id=menus.chat_id, reason=reason), file=sys.stderr)


def _refused(exc: DomainError) -> int:
    """The domain's refusal in the command line's words (its options' names); exit code 2
    for bad arguments, 1 for anything else."""
    params = dict(exc.params)
    if "setting" in params:
        params["setting"] = say(f"setting.{params['setting']}")
    if exc.key == "salesperson_not_found":
        params["known"] = ", ".join(params.get("known") or []) or say("cli.none_yet")
    if exc.key in _BAD_ARGUMENTS:
        print(f"interlog: {say(f'cli.refused.{exc.key}', **params)}", file=sys.stderr)
        return 2
    key = f"cli.refused.{exc.key}" if exc.key in _REFUSALS else f"error.{exc.key}"
    print(f"interlog: {say(key, **params)}", file=sys.stderr)
    return 1


# The domain's refusals the command line words with its options' names.
_BAD_ARGUMENTS = {
    "telegram_id_invalid",
    "series_code_length",
    "series_number_too_long",
    "series_width",
    "series_next",
}
_REFUSALS = {
    "salesperson_not_found",
    "salesperson_blocked",
    "segment_salesperson_blocked",
    "segment_not_found",
    "series_number_taken",
}


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


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _BadArgument(say("cli.export.not_a_date", option=option, value=value)) from None


class _BadArgument(Exception):
    pass


async def export(args: argparse.Namespace, settings: Settings) -> int:
    if args.export_command == "todos":
        return await export_todos(args, settings)
    return await export_interactions(args, settings)


async def export_todos(args: argparse.Namespace, settings: Settings) -> int:
    """Every to-do in number order, with the fixed header domain.csv_export.TODO_HEADER."""
    async with _database(settings) as uow_factory, uow_factory() as uow:
        todos = await todo_services.export_todos(uow, user=OPERATOR)
    return _export(
        args,
        lambda out, delimiter: write_todos(out, todos, delimiter=delimiter),
        "cli.export.todos",
    )


async def export_interactions(args: argparse.Namespace, settings: Settings) -> int:
    try:
        date_from = _date(args.date_from, "--from")
        date_to = _date(args.date_to, "--to")
        if date_from and date_to and date_from > date_to:
            raise _BadArgument(say("cli.export.reversed", first=date_from, last=date_to))
    except _BadArgument as exc:
        print(f"interlog: {exc}", file=sys.stderr)
        return 2
    code = str(args.salesperson or "").strip().upper()
    async with _database(settings) as uow_factory, uow_factory() as uow:
        try:
            entries = await stats_services.export_interactions(
                uow,
                user=OPERATOR,
                date_from=date_from,
                date_to=date_to,
                salesperson_code=code,
                include_postponed=bool(args.include_postponed),
            )
        except NotFound:
            print(say("cli.export.no_salesperson", code=code), file=sys.stderr)
            return 1
    return _export(
        args,
        lambda out, delimiter: write_entries(out, entries, delimiter=delimiter),
        "cli.export.interactions",
    )


def _export(args: argparse.Namespace, write: Callable[[TextIO, str], int], written_key: str) -> int:
    """`write` (to a text stream, with a delimiter; returns the rows written) into
    --output, or to standard output."""
    # Excel reads UTF-8 only after a BOM, and in many European locales splits on semicolons.
    encoding, delimiter = ("utf-8-sig", ";") if args.excel else ("utf-8", ",")
    if args.output:
        path = Path(args.output)
        try:
            with path.open("w", encoding=encoding, newline="") as out:
                written = write(out, delimiter)
        except OSError as exc:
            print(
                say("cli.export.unwritable", path=path, reason=exc.strerror or exc), file=sys.stderr
            )
            return 1
        print(say(written_key, count=written, number=number(written), path=path))
        return 0
    sys.stdout.flush()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="")
    try:
        write(out, delimiter)
        out.flush()
    finally:
        out.detach()
    return 0


async def series(args: argparse.Namespace, settings: Settings) -> int:
    async with _database(settings) as uow_factory, uow_factory() as uow:
        if args.series_command == "list":
            for used in await series_in_use(uow, user=OPERATOR):
                shown = (
                    say("cli.series.next", next=used.next_number)
                    if used.next_number
                    else say("cli.series.missing")
                )
                code = used.code or say("cli.series.none")
                print(say("cli.series.item", numbers=used.numbers, code=code, shown=shown))
            return 0
        try:
            chosen, first = await use_series(
                uow,
                user=OPERATOR,
                numbers=args.kind,
                code=args.code or "",
                prefix=args.prefix,
                width=args.width,
                next_no=args.next_no,
            )
        except DomainError as exc:
            return _refused(exc)
        await uow.commit()
    print(say(f"cli.series.set.{args.kind}", code=chosen.code, first=first))
    return 0


async def segments(args: argparse.Namespace, settings: Settings) -> int:
    """`segments assign S00001 JN`: the segment and its lines are JN's to log;
    `--nobody`: whoever logs it."""
    if bool(args.salesperson) == bool(args.nobody):
        print(say("cli.segments.whom"), file=sys.stderr)
        return 2
    async with _database(settings) as uow_factory, uow_factory() as uow:
        try:
            count = await assign_segment(
                uow, user=OPERATOR, no=args.segment, salesperson_code=args.salesperson
            )
        except DomainError as exc:
            return _refused(exc)
        card = await segment_card(uow, user=OPERATOR, no=args.segment)
        await uow.commit()
    if code := card.summary.segment.salesperson_code:
        text = say("cli.segments.assigned", no=args.segment, code=code, count=count)
    else:
        text = say("cli.segments.nobodys", no=args.segment, count=count)
    print(text)
    return 0


async def demo_data(args: argparse.Namespace, settings: Settings) -> int:
    async with _database(settings) as uow_factory, uow_factory() as uow:
        outcome = await load_demo(uow, user=OPERATOR, today=dt.date.today())
        await uow.commit()
    if outcome.loaded_already:
        print(say("cli.demo.loaded_already"))
        return 0
    if (summary := outcome.summary) is None:
        contacts = outcome.contacts
        print(say("cli.demo.not_empty", count=contacts, number=number(contacts)), file=sys.stderr)
        return 1
    print(
        say(
            "cli.demo.done",
            salespeople=summary.salespeople,
            groups=summary.groups,
            templates=summary.templates,
            companies=summary.companies,
            persons=summary.persons,
            entries=summary.entries,
            segment=summary.segment_no,
            lines=summary.segment_lines,
        )
    )
    print(say("cli.demo.add_yourself"))
    return 0
