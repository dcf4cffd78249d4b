"""`interlog sandbox`: the bot in a browser chat, with no Telegram, no token and no network."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import signal
import sys
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.settings import Settings
from cli.text import say

if TYPE_CHECKING:
    from sandbox.session import Sandbox

# Every command builds the parser with these arguments; the sandbox itself (the bot, the
# fake Bot API, the page: most of the bot's imports) is imported when it runs.
LANGUAGES = ("en", "cs")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8080, help=say("cli.help.sandbox.port"))
    parser.add_argument(
        "--host",
        default="",
        help=say("cli.help.sandbox.host"),
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help=say("cli.help.sandbox.public"),
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, default="en", help=say("cli.help.sandbox.language")
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help=say("cli.help.sandbox.database"),
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from sandbox.session import SandboxError

    host = args.host or ("0.0.0.0" if args.public else "127.0.0.1")
    if not _is_loopback(host) and not args.public:
        print(say("cli.sandbox.not_public", host=host), file=sys.stderr)
        return 2
    if not 1 <= args.port <= 65535:
        print(say("cli.sandbox.port"), file=sys.stderr)
        return 2
    if args.database:
        try:
            Settings(_env_file=None, database_url=args.database)
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]
            print(say("cli.sandbox.bad_database", problem=problem), file=sys.stderr)
            return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(_serve(args, settings, host))
    except SandboxError as exc:
        print(f"interlog: {exc}", file=sys.stderr)
        return 1
    return 0


async def _serve(args: argparse.Namespace, settings: Settings, host: str) -> None:
    from aiohttp import web

    from sandbox.session import Sandbox, SandboxError
    from sandbox.web import SandboxWeb

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    notice = ""
    async with Sandbox(base=settings, database_url=args.database, language=args.language) as box:
        page = SandboxWeb(box, notice=notice)
        runner = web.AppRunner(
            page.application(), handler_cancellation=True, access_log=None, shutdown_timeout=1
        )
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, host, args.port).start()
            except OSError as exc:
                problem = say("cli.sandbox.cannot_listen", address=f"{host}:{args.port}")
                raise SandboxError(f"{problem} {exc.strerror}") from None
            _announce(box, host, args.port, notice)
            await stop.wait()
        finally:
            await runner.cleanup()
    print(say("cli.sandbox.stopped"))


def _announce(box: Sandbox, host: str, port: int, notice: str) -> None:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    lines = [say("cli.sandbox.open", url=f"http://{shown}:{port}")]
    local = _is_loopback(host)
    lines.append(say("cli.sandbox.loopback" if local else "cli.sandbox.public", host=host))
    lines.append(say("cli.sandbox.no_telegram"))
    if box.throwaway:
        database = say("cli.sandbox.throwaway")
    else:
        database = make_url(box.database_url).render_as_string(hide_password=True)
    key = "cli.sandbox.database_demo" if box.demo_loaded else "cli.sandbox.database_used"
    lines.append(say(key, database=database))
    for member in box.members:
        lines.append(
            say(
                "cli.sandbox.admin" if member.is_admin else "cli.sandbox.salesperson",
                user=member.user.first_name,
                name=member.salesperson_name,
                code=member.salesperson_code,
            )
        )
    if notice:
        lines.append(f"  {notice}")
    lines.append(say("cli.sandbox.try"))
    print("\n".join(lines), flush=True)
