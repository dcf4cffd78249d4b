"""Typed text is cleaned the same on both databases: control characters (but newline and
tab), bidirectional overrides and, in names and codes, zero-width characters are dropped;
an error reported to the admins carries no SQL parameters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from telegram.ext import Application

from sandbox.bot_api import FakeTelegram, FakeUser
from storage.tables import interaction_log_entry
from tests.bot.conftest import ADMIN_CHAT
from tests.bot.helpers import Factory, current_draft, entries_of


async def _open_card(user: FakeUser) -> None:
    await user.say("/interact novak")
    await user.tap("Jan Novák")
    await user.tap("Outgoing call")
    assert "New interaction" in user.last.text


async def test_a_description_with_nul_and_bidi_overrides_is_logged_clean(
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    """PostgreSQL refuses NUL in text outright; SQLite stored it. Both now store neither."""
    await _open_card(jana)
    await jana.tap("Description")
    await jana.say("Price\x00 list\u202e sent\x07 \u2066today\u2069")
    assert "Description: Price list sent today" in jana.last.text
    await jana.tap("Log")
    assert "Logged #1" in jana.last.text
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.description == "Price list sent today"
    assert app.bot_data["unexpected_errors"] == 0
    assert fake.chat(ADMIN_CHAT).messages == []


async def test_a_search_finds_through_junk_and_echoes_the_cleaned_text(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact zz\u202ez\x00y\u200b")
    assert "No contact matches “zzzy”" in jana.last.text
    await jana.say("Nov\u200bák\x1b")
    assert "Jan Novák (Alza s.r.o.)" in jana.last.buttons


async def test_a_segment_description_and_criteria_are_cleaned(
    petr: FakeUser, seeded: Factory
) -> None:
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Spring\x00 \u202dcampaign")
    assert "Segment S00001 created." in petr.messages[-2].text
    await petr.tap("Open S00001")
    await petr.tap("Add contacts")
    await petr.say("city=Pra\x00h\u200ba")
    assert "Added 2 contacts." in petr.messages[-2].text
    async with seeded() as uow:
        segment = await uow.segments.get("S00001")
    assert segment is not None and segment.description == "Spring campaign"


async def test_a_database_error_reaches_the_admins_without_the_users_text(
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    """The user's text is in the failed statement's parameters; the report names the
    statement and the error, not the values."""
    async with seeded() as uow:  # an entry already holds the number the next one gets
        await uow.connection.execute(
            insert(interaction_log_entry).values(
                entry_no=1,
                contact_no="CT000001",
                contact_company_no="CT000001",
                date=dt.date(2026, 1, 1),
                time=dt.time(9, 0),
                salesperson_code="JN",
                user_id="x",
            )
        )
        await uow.commit()
    await _open_card(jana)
    await jana.tap("Description")
    await jana.say("Confidential offer 4711")
    draft = await current_draft(seeded, 1001)
    assert draft is not None and draft.description == "Confidential offer 4711"
    await jana.tap("Log")
    admins = fake.chat(ADMIN_CHAT)
    await fake.wait_for(lambda: bool(admins.messages))
    report = admins.last.text
    assert "IntegrityError" in report and "interaction_log_entry" in report
    assert "4711" not in report and "Confidential" not in report
    assert app.bot_data["unexpected_errors"] == 1
