"""`interlog series set|list`: the number series new contacts, segments and to-dos take
their numbers from (domain/services/number_series.py)."""

from __future__ import annotations

import argparse

from bot.settings import Settings
from cli.database import database
from cli.text import refused, say
from domain.access import OPERATOR
from domain.errors import DomainError
from domain.services.number_series import series_in_use, use_series


async def series(args: argparse.Namespace, settings: Settings) -> int:
    async with database(settings) as uow_factory, uow_factory() as uow:
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
            return refused(exc)
        await uow.commit()
    print(say(f"cli.series.set.{args.kind}", code=chosen.code, first=first))
    return 0
