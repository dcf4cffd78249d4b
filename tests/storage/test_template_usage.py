"""The template usage counter: the migration that introduces it counts the log once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from domain.model import InteractionLogEntry
from domain.usage import template_usage
from storage import make_engine, make_uow_factory
from storage import upgrade as upgrade_database
from storage.tables import interaction_log_entry

_LOG = [
    # (salesperson, template, postponed)
    ("SP1", "CALL", False),
    ("SP1", "CALL", False),
    ("SP1", "CALL", True),
    ("SP1", "VISIT", False),
    ("SP2", "CALL", False),
    ("SP2", "", False),
    ("SP3", "VISIT", True),
]


async def test_the_migration_counts_the_existing_log(blank_database_url: str) -> None:
    await upgrade_database(blank_database_url, "0006")
    engine = make_engine(blank_database_url)
    try:
        rows = [
            {
                "entry_no": no,
                "contact_no": "CT1",
                "date": dt.date(2026, 1, 5),
                "time": dt.time(9, 0),
                "salesperson_code": salesperson,
                "template_code": template,
                "postponed": postponed,
            }
            for no, (salesperson, template, postponed) in enumerate(_LOG, start=1)
        ]
        async with engine.begin() as conn:
            await conn.execute(insert(interaction_log_entry), rows)
        await upgrade_database(blank_database_url)
        entries = [
            InteractionLogEntry(
                entry_no=None,
                user_id="",
                contact_no="CT1",
                contact_company_no="",
                date=dt.date(2026, 1, 5),
                time=dt.time(9, 0),
                salesperson_code=salesperson,
                template_code=template,
                postponed=postponed,
            )
            for salesperson, template, postponed in _LOG
        ]
        async with make_uow_factory(engine)() as uow:
            for code in ("SP1", "SP2", "SP3", "SP4"):
                assert await uow.templates.usage(code) == template_usage(entries, code), code
        assert template_usage(entries, "SP1") == {"CALL": 2, "VISIT": 1}
    finally:
        await engine.dispose()
