"""`interlog`: run the bot and administer its database from the command line.

One module per command group (db.py, csv_import.py, users.py, series.py, segments.py,
qr.py, export.py, updates.py, webhook.py, demo.py), each opening its own engine on
DATABASE_URL (database.py). Exit codes: 0 done, 1 refused (bad file, unknown salesperson
or user...), 2 bad arguments or settings, 3 a database whose schema is not current."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, NoReturn

from bot.redaction import redact
from bot.settings import Settings, SettingsError, load_settings
from cli.text import language, say
from storage import SchemaOutOfDate

Command = Callable[[argparse.Namespace, Settings], Awaitable[int] | int]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(
            usage, actions, groups, say("cli.help.usage") if prefix is None else prefix
        )


class _Parser(argparse.ArgumentParser):
    """argparse's own words (usage, the section titles, -h, the error line) in the command
    line's language; its subcommands' parsers are made of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        help_wanted = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # added below, with its help in the reader's language
        super().__init__(*args, **kwargs)
        self._positionals.title = say("cli.help.positionals")
        self._optionals.title = say("cli.help.options")
        if help_wanted:
            self.add_argument("-h", "--help", action="help", help=say("cli.help.help"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, say("cli.help.error", prog=self.prog, message=message) + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="interlog", description=say("cli.help.description"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help=say("cli.help.run"))
    run.add_argument(
        "--replace-webhook", action="store_true", help=say("cli.help.run.replace_webhook")
    )

    webhook = sub.add_parser("webhook", help=say("cli.help.webhook"))
    webhook_sub = webhook.add_subparsers(dest="webhook_command", required=True)
    webhook_sub.add_parser("set", help=say("cli.help.webhook.set"))
    webhook_sub.add_parser("delete", help=say("cli.help.webhook.delete"))
    webhook_sub.add_parser("info", help=say("cli.help.webhook.info"))

    db = sub.add_parser("db", help=say("cli.help.db")).add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help=say("cli.help.db.upgrade"))
    copy = db.add_parser("copy", help=say("cli.help.db.copy"))
    copy.add_argument("--to", required=True, metavar="URL", help="postgresql+asyncpg://...")
    backup = db.add_parser("backup", help=say("cli.help.db.backup"))
    backup.add_argument("file", help=say("cli.help.db.backup.file"))

    imp = sub.add_parser("import", help=say("cli.help.import"))
    imp.add_argument(
        "kind",
        choices=["salespeople", "groups", "templates", "contacts"],
        help=say("cli.help.import.kind"),
    )
    imp.add_argument("file", help=say("cli.help.import.file"))

    users = sub.add_parser("users", help=say("cli.help.users")).add_subparsers(
        dest="users_command", required=True
    )
    add = users.add_parser("add", help=say("cli.help.users.add"))
    add.add_argument("--telegram-id", type=int, required=True, help=say("cli.help.telegram_id"))
    add.add_argument("--salesperson", required=True, help=say("cli.help.users.add.salesperson"))
    add.add_argument("--admin", action="store_true", help=say("cli.help.users.add.admin"))
    users.add_parser("list", help=say("cli.help.users.list"))
    remove = users.add_parser("remove", help=say("cli.help.users.remove"))
    remove.add_argument("--telegram-id", type=int, required=True, help=say("cli.help.telegram_id"))

    series = sub.add_parser("series", help=say("cli.help.series"))
    series_sub = series.add_subparsers(dest="series_command", required=True)
    set_ = series_sub.add_parser("set", help=say("cli.help.series.set"))
    set_.add_argument(
        "kind", choices=["contacts", "segments", "todos"], help=say("cli.help.series.set.kind")
    )
    set_.add_argument("--code", default="", help=say("cli.help.series.set.code"))
    set_.add_argument("--prefix", required=True, help=say("cli.help.series.set.prefix"))
    set_.add_argument("--width", type=int, required=True, help=say("cli.help.series.set.width"))
    set_.add_argument(
        "--next", type=int, default=1, dest="next_no", help=say("cli.help.series.set.next")
    )
    series_sub.add_parser("list", help=say("cli.help.series.list"))

    segments = sub.add_parser("segments", help=say("cli.help.segments")).add_subparsers(
        dest="segments_command", required=True
    )
    assign = segments.add_parser("assign", help=say("cli.help.segments.assign"))
    assign.add_argument("segment", help=say("cli.help.segment"))
    assign.add_argument(
        "salesperson", nargs="?", default="", help=say("cli.help.segments.assign.salesperson")
    )
    assign.add_argument(
        "--nobody", action="store_true", help=say("cli.help.segments.assign.nobody")
    )

    qr = sub.add_parser("qr", help=say("cli.help.qr")).add_subparsers(
        dest="qr_command", required=True
    )
    qr_contacts = qr.add_parser("contacts", help=say("cli.help.qr.contacts"))
    qr_contacts.add_argument("--segment", required=True, help=say("cli.help.segment"))
    qr_contacts.add_argument("--bot", required=True, help=say("cli.help.qr.contacts.bot"))
    qr_contacts.add_argument(
        "--output", "-o", required=True, help=say("cli.help.qr.contacts.output")
    )

    export = sub.add_parser("export", help=say("cli.help.export")).add_subparsers(
        dest="export_command", required=True
    )
    inter = export.add_parser("interactions", help=say("cli.help.export.interactions"))
    inter.add_argument("--output", "-o", help=say("cli.help.export.output"))
    inter.add_argument("--from", dest="date_from", help=say("cli.help.export.from"))
    inter.add_argument("--to", dest="date_to", help=say("cli.help.export.to"))
    inter.add_argument("--salesperson", default="", help=say("cli.help.export.salesperson"))
    inter.add_argument(
        "--include-postponed", action="store_true", help=say("cli.help.export.include_postponed")
    )
    inter.add_argument("--excel", action="store_true", help=say("cli.help.export.excel"))

    todos = export.add_parser("todos", help=say("cli.help.export.todos"))
    todos.add_argument("--output", "-o", help=say("cli.help.export.output"))
    todos.add_argument("--excel", action="store_true", help=say("cli.help.export.excel"))

    updates = sub.add_parser("updates", help=say("cli.help.updates")).add_subparsers(
        dest="updates_command", required=True
    )
    failed = updates.add_parser("failed", help=say("cli.help.updates.failed"))
    failed.add_argument(
        "--traceback", action="store_true", help=say("cli.help.updates.failed.traceback")
    )

    sub.add_parser("demo-data", help=say("cli.help.demo_data"))

    from sandbox.cli import add_arguments as sandbox_arguments

    sandbox_arguments(sub.add_parser("sandbox", help=say("cli.help.sandbox")))
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
        print(f"interlog: {redact(exc.said(language()))}", file=sys.stderr)
        return 2
    except SchemaOutOfDate as exc:
        print(f"interlog: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from cli.csv_import import import_file
    from cli.db import db_backup, db_copy, db_upgrade
    from cli.demo import demo_data
    from cli.export import export
    from cli.segments import segments
    from cli.series import series
    from cli.updates import failed_updates
    from cli.users import users
    from cli.webhook import webhook

    if args.command == "db" and args.db_command in ("copy", "backup"):
        command = db_copy if args.db_command == "copy" else db_backup
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
        "db": db_upgrade,
        "import": import_file,
        "users": users,
        "export": export,
        "series": series,
        "segments": segments,
        "demo-data": demo_data,
        "updates": failed_updates,
        "webhook": webhook,
    }[args.command]
    return asyncio.run(handler(args, settings))


if __name__ == "__main__":
    sys.exit(main())
