"""`interlog`: run the bot and administer its database from the command line."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from bot.redaction import redact
from bot.settings import Settings, SettingsError, load_settings
from storage import SchemaOutOfDate

Command = Callable[[argparse.Namespace, Settings], Awaitable[int] | int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interlog",
        description="Interlog: log CRM interactions from Telegram. Settings come from the "
        "environment or .env (see .env.example).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser(
        "run", help="start the bot (long polling, or a webhook if WEBHOOK_URL is set)"
    )
    run.add_argument(
        "--replace-webhook",
        action="store_true",
        help="poll even if a webhook is set, deleting it (refused otherwise)",
    )

    webhook = sub.add_parser("webhook", help="the bot's webhook registration at Telegram")
    webhook_sub = webhook.add_subparsers(dest="webhook_command", required=True)
    webhook_sub.add_parser("set", help="register WEBHOOK_URL with WEBHOOK_SECRET")
    webhook_sub.add_parser("delete", help="remove the webhook (for long polling)")
    webhook_sub.add_parser("info", help="what Telegram reports about the webhook")

    db = sub.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="create or upgrade the schema to the current version")
    copy = db.add_parser(
        "copy", help="copy every table into another, empty and upgraded database (PostgreSQL)"
    )
    copy.add_argument("--to", required=True, metavar="URL", help="postgresql+asyncpg://...")
    backup = db.add_parser("backup", help="a consistent copy of the SQLite database, live")
    backup.add_argument("file", help="where to write the copy (replaced if it exists)")

    imp = sub.add_parser("import", help="import master data from a UTF-8 CSV file with a header")
    imp.add_argument("kind", choices=["salespeople", "groups", "templates", "contacts"])
    imp.add_argument("file")

    users = sub.add_parser("users", help="who may use the bot").add_subparsers(
        dest="users_command", required=True
    )
    add = users.add_parser("add", help="allow a Telegram user, acting as a salesperson")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--salesperson", required=True, help="salesperson code")
    add.add_argument("--admin", action="store_true", help="may manage segments")
    users.add_parser("list", help="list the allowed users")
    remove = users.add_parser("remove", help="revoke a Telegram user's access")
    remove.add_argument("--telegram-id", type=int, required=True)

    series = sub.add_parser("series", help="the number series of contacts, segments and to-dos")
    series_sub = series.add_subparsers(dest="series_command", required=True)
    set_ = series_sub.add_parser(
        "set", help="number new contacts, segments or to-dos from a series (created or changed)"
    )
    set_.add_argument("kind", choices=["contacts", "segments", "todos"])
    set_.add_argument("--code", default="", help="series code (default: the one in use)")
    set_.add_argument("--prefix", required=True, help="e.g. CT")
    set_.add_argument("--width", type=int, required=True, help="digits after the prefix")
    set_.add_argument("--next", type=int, default=1, dest="next_no", help="the next number")
    series_sub.add_parser("list", help="the series in use and their next numbers")

    segments = sub.add_parser("segments", help="open segments").add_subparsers(
        dest="segments_command", required=True
    )
    assign = segments.add_parser(
        "assign",
        help="give a segment and its lines to a salesperson, who may then log it in the chat",
    )
    assign.add_argument("segment", help="segment number, e.g. S00001")
    assign.add_argument("salesperson", nargs="?", default="", help="salesperson code, e.g. JN")
    assign.add_argument(
        "--nobody", action="store_true", help="give it to no one: whoever logs it (no code)"
    )

    qr = sub.add_parser("qr", help="QR codes that open the bot on a contact").add_subparsers(
        dest="qr_command", required=True
    )
    qr_contacts = qr.add_parser(
        "contacts", help="a sheet of QR codes for a visit round: a segment's contacts"
    )
    qr_contacts.add_argument("--segment", required=True, help="segment number, e.g. S00001")
    qr_contacts.add_argument("--bot", required=True, help="the bot's username, e.g. interlog_bot")
    qr_contacts.add_argument(
        "--output", "-o", required=True, help="a .pdf file, or a folder for one PNG per contact"
    )

    export = sub.add_parser("export", help="export data as CSV").add_subparsers(
        dest="export_command", required=True
    )
    inter = export.add_parser("interactions", help="interaction log entries")
    inter.add_argument("--output", "-o", help="file to write (default: standard output)")
    inter.add_argument("--from", dest="date_from", help="first date, YYYY-MM-DD")
    inter.add_argument("--to", dest="date_to", help="last date, YYYY-MM-DD")
    inter.add_argument("--salesperson", default="", help="only this salesperson's entries")
    inter.add_argument("--include-postponed", action="store_true")
    inter.add_argument(
        "--excel",
        action="store_true",
        help="for Excel in locales that separate with semicolons: a BOM and semicolons",
    )

    todos = export.add_parser("todos", help="to-dos (all of them, in number order)")
    todos.add_argument("--output", "-o", help="file to write (default: standard output)")
    todos.add_argument(
        "--excel",
        action="store_true",
        help="for Excel in locales that separate with semicolons: a BOM and semicolons",
    )

    updates = sub.add_parser("updates", help="updates from Telegram").add_subparsers(
        dest="updates_command", required=True
    )
    failed = updates.add_parser("failed", help="updates that could not be read or handled")
    failed.add_argument("--traceback", action="store_true", help="show each error's traceback")

    sub.add_parser("demo-data", help="load a realistic demo data set to try everything")

    from sandbox.cli import add_arguments as sandbox_arguments

    sandbox_arguments(
        sub.add_parser(
            "sandbox",
            help="try the bot in a browser chat at http://127.0.0.1:8080: no Telegram needed",
        )
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        code = _dispatch(args, settings)
        sys.stdout.flush()  # a reader gone shows here, to be caught below
        return code
    except BrokenPipeError:
        # The reader of the output went away (`interlog export ... | head`): nothing left
        # to say, and nobody to say it to. Python would complain again when it flushes at
        # exit: what is left goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except SettingsError as exc:
        print(f"interlog: {redact(str(exc))}", file=sys.stderr)
        return 2
    except SchemaOutOfDate as exc:
        print(f"interlog: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from cli import commands
    from cli.updates import failed_updates
    from cli.webhook import webhook

    if args.command == "db" and args.db_command in ("copy", "backup"):
        from cli import db

        command = db.db_copy if args.db_command == "copy" else db.db_backup
        return asyncio.run(command(args, settings))
    if args.command == "run":
        from bot.runner import run

        run(settings, replace_webhook=args.replace_webhook)
        return 0
    if args.command == "sandbox":
        from sandbox.cli import run_sandbox

        return run_sandbox(args, settings)
    if args.command == "qr":
        from cli.qr import qr

        return asyncio.run(qr(args, settings))
    handler: Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]] = {
        "db": commands.db_upgrade,
        "import": commands.import_file,
        "users": commands.users,
        "export": commands.export,
        "series": commands.series,
        "segments": commands.segments,
        "demo-data": commands.demo_data,
        "updates": failed_updates,
        "webhook": webhook,
    }[args.command]
    return asyncio.run(handler(args, settings))


if __name__ == "__main__":
    sys.exit(main())
