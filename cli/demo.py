"""`interlog demo-data`: the demo data set (domain/services/demo.py) into an empty database."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bot.settings import Settings
from cli.database import database
from cli.text import number, say
from domain.access import OPERATOR
from domain.services.demo import load_demo


async def demo_data(args: argparse.Namespace, settings: Settings) -> int:
    async with database(settings) as uow_factory, uow_factory() as uow:
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
