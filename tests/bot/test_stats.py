"""/stats, the /log chart and /export, end to end: the bot sends photos and documents the fake
Bot API stores, which the tests read back and hold against the database."""

from __future__ import annotations

import datetime as dt
import re
import struct
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import build_application
from domain.model import InteractionLogEntry
from sandbox.bot_api import FakeTelegram, FakeUser
from sandbox.bot_api.state import ChatMessage
from storage import SqlUnitOfWork
from tests.bot.conftest import settings_for, start_bot, stop_bot
from tests.cli.conftest import run_interlog
from tests.storage.builders import entry

NOW = dt.datetime(2026, 11, 30, 10, 0)
TODAY = NOW.date()
Factory = Callable[[], SqlUnitOfWork]


@pytest.fixture
async def app(
    fake: FakeTelegram, seeded: Factory, bot_settings: dict[str, object]
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The bot on a clock stopped at NOW, so periods are known days."""
    application = build_application(
        settings_for(fake, **bot_settings),
        uow_factory=seeded,
        on_done=fake.update_done,
        clock=lambda: NOW,
    )
    await start_bot(application)
    try:
        yield application
    finally:
        await stop_bot(application)


def _entry(days_ago: int, salesperson: str, **kw: object) -> InteractionLogEntry:
    values: dict[str, object] = {
        "contact_no": "CT000002",
        "contact_company_no": "CT000001",
        "date": TODAY - dt.timedelta(days=days_ago),
        "salesperson_code": salesperson,
        "template_code": "CALL-OUT",
        "group_code": "PHONE",
        "cost": Decimal("2.50"),
        "duration": 5,
        **kw,
    }
    return entry(**values)


LOG = [
    _entry(0, "JN"),
    _entry(3, "JN", attempt_failed=True),
    _entry(10, "JN", group_code="MEETING", template_code="VISIT", cost=Decimal(40), duration=60),
    _entry(12, "JN", canceled=True),
    _entry(13, "JN", postponed=True),
    _entry(20, "JN", contact_no="CT000003"),
    _entry(30, "JN"),  # the 4 weeks before
    _entry(40, "JN"),
    _entry(2, "PK", contact_no="CT000004", contact_company_no="CT000004"),
    _entry(5, "PK", contact_no="CT000004", contact_company_no="CT000004"),
    _entry(200, "JN"),
]


@pytest.fixture
async def logged(seeded: Factory) -> list[InteractionLogEntry]:
    async with seeded() as uow:
        for item in LOG:
            await uow.entries.add(item)
        await uow.commit()
    return LOG


def _photo(fake: FakeTelegram, message: ChatMessage) -> bytes:
    assert "photo" in message.content, message
    file_id = message.content["photo"][-1]["file_id"]
    return fake.state.files[file_id].content


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR", png[:16]
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _totals(entries: list[InteractionLogEntry], first: dt.date, last: dt.date) -> dict[str, str]:
    """What the caption must say, counted here from the entries as stored."""
    counted = [e for e in entries if first <= e.date <= last and not e.canceled and not e.postponed]
    failed = sum(e.attempt_failed for e in counted)
    return {
        "count": str(len(counted)),
        "cost": f"{sum((e.cost for e in counted), Decimal(0)):.2f}",
        "duration": f"{sum(e.duration for e in counted)} min",
        "successful": f"{round(100 * (len(counted) - failed) / len(counted))}%",
        "failed": str(failed),
    }


async def _stored(seeded: Factory, salesperson: str = "") -> list[InteractionLogEntry]:
    async with seeded() as uow:
        rows = await uow.entries.export(
            date_from=None, date_to=None, salesperson_code=salesperson, include_postponed=True
        )
    return [e for e, _ in rows]


async def test_stats_is_a_png_chart_whose_caption_totals_match_the_database(
    jana: FakeUser, fake: FakeTelegram, seeded: Factory, logged: object
) -> None:
    [message] = await jana.say("/stats")
    png = _photo(fake, message)
    width, height = _png_size(png)
    assert 400 <= width <= 2000 and 300 <= height <= 1000 and len(png) < 150_000
    caption = message.content["caption"]
    mine = await _stored(seeded, "JN")
    now = _totals(mine, TODAY - dt.timedelta(days=27), TODAY)
    before = _totals(mine, TODAY - dt.timedelta(days=55), TODAY - dt.timedelta(days=28))
    assert now == {"count": "4", "cost": "47.50", "duration": "75 min", "successful": "75%",
                   "failed": "1"}  # fmt: skip
    change = int(now["count"]) - int(before["count"])
    assert f"Interactions: {now['count']} (period before: {before['count']}, {change:+d})" in (
        caption
    )
    assert f"Cost: {now['cost']} · Duration: {now['duration']}" in caption
    assert f"Successful: {now['successful']} · Attempts failed: {now['failed']}" in caption
    assert "last 4 weeks (Nov 3, 2026 – Nov 30, 2026)" in caption


async def test_stats_week_and_quarter_cover_their_days(
    jana: FakeUser, fake: FakeTelegram, seeded: Factory, logged: object
) -> None:
    mine = await _stored(seeded, "JN")
    for period, days in (("week", 7), ("quarter", 91)):
        [message] = await jana.say(f"/stats {period}")
        _png_size(_photo(fake, message))
        expected = _totals(mine, TODAY - dt.timedelta(days=days - 1), TODAY)["count"]
        assert f"Interactions: {expected} " in message.content["caption"]


async def test_stats_with_a_wrong_period_says_how(jana: FakeUser, logged: object) -> None:
    await jana.say("/stats year")
    assert "/stats week" in jana.last.text


async def test_team_stats_for_an_administrator(
    petr: FakeUser, fake: FakeTelegram, seeded: Factory, logged: object
) -> None:
    [message] = await petr.say("/stats team quarter")
    _png_size(_photo(fake, message))
    everyone = await _stored(seeded)
    expected = _totals(everyone, TODAY - dt.timedelta(days=90), TODAY)
    assert f"Interactions: {expected['count']} " in message.content["caption"]
    assert "The team's interactions" in message.content["caption"]


async def test_team_stats_refused_to_a_salesperson(
    jana: FakeUser, fake: FakeTelegram, logged: object
) -> None:
    await jana.say("/stats team")
    assert jana.last.text == "Only administrators can see the team's statistics."
    assert not any("photo" in m.content for m in jana.chat.messages)


async def test_log_chart_button_sends_the_contacts_year(
    jana: FakeUser, fake: FakeTelegram, seeded: Factory, logged: object
) -> None:
    await jana.say("/log alza s.r.o.")
    assert "📈 Chart" in jana.last.buttons
    await jana.tap("📈 Chart")
    message = jana.last
    _png_size(_photo(fake, message))
    caption = message.content["caption"]
    assert "Alza s.r.o.: interactions per month (Dec 1, 2025 – Nov 30, 2026)" in caption
    # The company includes its persons, everyone's entries, a year back.
    everyone = await _stored(seeded)
    company = [e for e in everyone if e.contact_company_no == "CT000001"]
    expected = _totals(company, dt.date(2025, 12, 1), TODAY)
    assert f"Interactions: {expected['count']} " in caption


async def test_export_equals_the_command_line_byte_for_byte(
    petr: FakeUser,
    jana: FakeUser,
    fake: FakeTelegram,
    logged: object,
    database_url: str,
    tmp_path: Path,
) -> None:
    [message] = await petr.say("/export 2026-10-01 2026-11-30 jn")
    sent = fake.state.files[message.content["document"]["file_id"]].content
    result = await run_interlog(
        "export", "interactions", "--from", "2026-10-01", "--to", "2026-11-30",
        "--salesperson", "JN", "-o", str(tmp_path / "cli.csv"),
        database_url=database_url, cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 0, result
    assert sent == (tmp_path / "cli.csv").read_bytes()
    assert sent.count(b"\n") == 1 + 7  # the header and JN's entries in those dates

    [message] = await jana.say("/export")
    own = fake.state.files[message.content["document"]["file_id"]].content.decode()
    assert own.splitlines()[0].startswith("entry_no,date,time,contact_no")
    assert {re.split(",", line)[15] for line in own.splitlines()[1:]} == {"JN"}


async def test_a_salesperson_cannot_export_a_colleagues_entries(
    jana: FakeUser, logged: object
) -> None:
    await jana.say("/export PK")
    assert jana.last.text == "You can export your own interactions only, not PK's."
    assert not any("document" in m.content for m in jana.chat.messages)
    await jana.say("/export 2026-13-01")
    assert jana.last.text == "“2026-13-01” is not a date; use YYYY-MM-DD."


async def test_help_names_stats_and_export(jana: FakeUser) -> None:
    await jana.say("/help")
    assert "/stats — " in jana.last.text and "/export — " in jana.last.text
