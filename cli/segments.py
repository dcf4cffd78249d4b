"""`interlog segments assign`: whose a segment is to log (domain/services/segments.py)."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings
from cli.database import database
from cli.text import refused, say
from domain.access import OPERATOR
from domain.errors import DomainError
from domain.services.segments import assign_segment
from domain.services.views import segment_card


async def segments(args: argparse.Namespace, settings: Settings) -> int:
    """`segments assign S00001 JN`: the segment and its lines are JN's to log;
    `--nobody`: whoever logs it."""
    if bool(args.salesperson) == bool(args.nobody):
        print(say("cli.segments.whom"), file=sys.stderr)
        return 2
    async with database(settings) as uow_factory, uow_factory() as uow:
        try:
            count = await assign_segment(
                uow, user=OPERATOR, no=args.segment, salesperson_code=args.salesperson
            )
        except DomainError as exc:
            return refused(exc)
        card = await segment_card(uow, user=OPERATOR, no=args.segment)
        await uow.commit()
    if code := card.summary.segment.salesperson_code:
        text = say("cli.segments.assigned", no=args.segment, code=code, count=count)
    else:
        text = say("cli.segments.nobodys", no=args.segment, count=count)
    print(text)
    return 0
