"""`interlog export interactions|todos`: the interaction log and the to-dos as CSV, to
--output or standard output (`--excel`: Excel's encoding and delimiter)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.settings import Settings
from cli.database import database
from cli.text import number, say
from domain.access import OPERATOR
from domain.csv_export import write_entries, write_todos
from domain.errors import NotFound
from domain.services import statistics as stats_services
from domain.services import todos as todo_services


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
    async with database(settings) as uow_factory, uow_factory() as uow:
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
    async with database(settings) as uow_factory, uow_factory() as uow:
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
