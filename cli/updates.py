"""`interlog updates failed`: the updates the bot could not read or handle, kept with their
error (bot/transport/failures.py) for an administrator to look at."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import cast

from bot.settings import Settings
from cli.database import database
from cli.text import say
from storage import SqlUnitOfWork


async def failed_updates(args: argparse.Namespace, settings: Settings) -> int:
    async with (
        database(settings) as factory,
        cast(Callable[[], SqlUnitOfWork], factory)() as uow,
    ):
        failed = await uow.processed_updates.failed()
    if not failed:
        print(say("cli.updates.none"))
        return 0
    for update in failed:
        when = update.failed_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        lines = update.error.strip().splitlines()
        last = lines[-1] if lines else ""
        print(say("cli.updates.item", update_id=update.update_id, when=when, error=last))
        if args.traceback:
            print("\n".join(f"    {line}" for line in lines[:-1]))
        print(f"    {update.payload}")
    return 0
