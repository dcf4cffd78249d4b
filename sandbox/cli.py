"""`interlog sandbox`: the bot in a browser chat, with no Telegram, no token and no network."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import signal
import sys

from aiohttp import web
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.settings import Settings
from cli.text import say
from sandbox.session import Sandbox, SandboxError
from sandbox.web import SandboxWeb

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


def listen_address(args: argparse.Namespace) -> str:
    """The address to bind; SandboxError for a non-local one without --public."""
    host = args.host or ("0.0.0.0" if args.public else "127.0.0.1")
    if not _is_loopback(host) and not args.public:
        raise SandboxError(
            f"refusing to listen on {host}: the sandbox has no login, so anyone who reaches "
            "it acts as its users. Add --public if that is what you want."
        )
    return host


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    try:
        host = listen_address(args)
    except SandboxError as exc:
        print(f"interlog: {exc}", file=sys.stderr)
        return 2
    if not 1 <= args.port <= 65535:
        print("interlog: --port: 1 to 65535", file=sys.stderr)
        return 2
    if args.database:
        try:
            Settings(_env_file=None, database_url=args.database)
        except ValidationError as exc:
            print(f"interlog: --database: {exc.errors()[0]['msg']}", file=sys.stderr)
            return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(_serve(args, settings, host))
    except SandboxError as exc:
        print(f"interlog: {exc}", file=sys.stderr)
        return 1
    return 0


async def _serve(args: argparse.Namespace, settings: Settings, host: str) -> None:
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
                raise SandboxError(f"cannot listen on {host}:{args.port}: {exc.strerror}") from None
            _announce(box, host, args.port, notice)
            await stop.wait()
        finally:
            await runner.cleanup()
    print("Sandbox stopped.")


def _announce(box: Sandbox, host: str, port: int, notice: str) -> None:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    lines = [f"Interlog sandbox: open http://{shown}:{port}"]
    if _is_loopback(host):
        lines.append(f"  Listening on {host} only: no other machine can reach it.")
    else:
        lines.append(
            f"  WARNING: listening on {host}: anyone who can reach this machine can use the "
            "sandbox as its users, with no login."
        )
    lines.append("  No Telegram, no token: the bot talks to a Bot API inside this process.")
    database = (
        "a throw-away SQLite database (deleted when the sandbox stops)"
        if box.throwaway
        else make_url(box.database_url).render_as_string(hide_password=True)
    )
    demo = ", with the demo data" if box.demo_loaded else ""
    lines.append(f"  Database: {database}{demo}.")
    for member in box.members:
        role = "administrator" if member.is_admin else "salesperson"
        lines.append(
            f"  User {member.user.first_name}: {member.salesperson_name} "
            f"({member.salesperson_code}), {role}."
        )
    if notice:
        lines.append(f"  {notice}")
    lines.append("  Try /interact novak. Ctrl+C stops.")
    print("\n".join(lines), flush=True)
