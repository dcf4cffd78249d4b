"""/interact end to end: search, contact, template, the card with every field, Log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.model import (
    AttachmentKind,
    Evaluation,
    InformationFlow,
    InitiatedBy,
)
from sandbox.bot_api import FakeTelegram, FakeUser
from tests.bot.conftest import TEAM_CHAT
from tests.bot.helpers import Factory, add_call_templates, current_draft, entries_of


async def _open_card(user: FakeUser) -> None:
    await user.say("/interact novak")
    await user.tap("Jan Novák")
    await user.tap("Outgoing call")
    assert "New interaction" in user.last.text


async def test_standard_interaction_in_four_actions(
    jana: FakeUser, fake: FakeTelegram, seeded: Factory
) -> None:
    await jana.say("/interact novak")  # 1
    assert "Jan Novák (Alza s.r.o.)" in jana.last.buttons
    await jana.tap("Jan Novák")  # 2
    assert any("Outgoing call" in b for b in jana.last.buttons)
    await jana.tap("Outgoing call")  # 3
    card = jana.last.text
    assert "Contact: Jan Novák" in card and "Cost: 2.50" in card and "Duration: 5 min" in card
    await jana.tap("Log")  # 4
    assert "Logged #1" in jana.last.text
    [entry] = await entries_of(seeded, "CT000002")
    assert (entry.template_code, entry.salesperson_code, entry.postponed) == (
        "CALL-OUT",
        "JN",
        False,
    )
    assert entry.cost == Decimal("2.50") and entry.initiated_by is InitiatedBy.US
    team = fake.chat(TEAM_CHAT)
    await fake.wait_for(lambda: len(team.messages) >= 1)
    assert len(team.messages) == 1
    # A person is named with their company: two Jan Nováks are told apart.
    assert (
        "Jana Nováková logged Outgoing call with Jan Novák (Alza s.r.o.)" in team.messages[0].text
    )
    # Defaults are not news: no evaluation given, the attempt did not fail.
    assert "Evaluation" not in team.messages[0].text and "failed" not in team.messages[0].text


async def test_a_single_exact_match_is_taken_directly(jana: FakeUser) -> None:
    await jana.say("/interact alza s.r.o.")
    assert "Alza s.r.o.: which kind of interaction?" in jana.last.text


async def test_search_asks_pages_and_searches_again(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact")
    assert "Whom did you talk to?" in jana.last.text
    await jana.say("zzz-nobody")
    assert "No contact matches “zzz-nobody”" in jana.last.text
    await jana.say("NOVÁK")
    assert {"Jan Novák (Alza s.r.o.)", "Eva Nováková (Alza s.r.o.)"} <= set(jana.last.buttons)
    await jana.tap("Search again")
    assert "Whom did you talk to?" in jana.last.text
    await jana.say("škoda")
    assert "Škoda Parts a.s.: which kind of interaction?" in jana.last.text


async def test_text_fields_take_good_input_and_reask_on_bad(
    jana: FakeUser, seeded: Factory
) -> None:
    await _open_card(jana)
    cases = [
        ("Cost", "abc", "“abc” is not an amount", "12,50", "Cost: 12.50"),
        ("Duration", "-5", "cannot be negative", "25", "Duration: 25 min"),
        (
            "Description",
            "x" * 101,
            "at most 100 characters; this one has 101",
            "Price list sent",
            "Description: Price list sent",
        ),
        (
            "Date/time",
            "2026-02-30",
            "not a date I understand",
            "2026-11-20 09:15",
            "Date and time: Nov 20, 2026 9:15\u202fAM",
        ),
    ]
    for button, bad, complaint, good, shown in cases:
        await jana.tap(button)
        replies = await jana.say(bad)
        assert complaint in replies[-1].text, button
        assert "Send the" in replies[-1].text  # the question is asked again
        await jana.say(good)
        assert shown in jana.last.text, button
    draft = await current_draft(seeded, 1001)
    assert draft is not None
    assert (draft.cost, draft.duration, draft.description) == (
        Decimal("12.50"),
        25,
        "Price list sent",
    )
    assert draft.date == dt.date(2026, 11, 20) and draft.time == dt.time(9, 15)


async def test_choice_fields_and_back(jana: FakeUser, seeded: Factory, fake: FakeTelegram) -> None:
    await _open_card(jana)
    for field, value in [
        ("Evaluation", "Very positive"),
        ("Successful", "No"),
        ("Flow", "Inbound"),
        ("Initiated by", "Them"),
    ]:
        await jana.tap(field)
        await jana.tap(value)
    await jana.tap("Cost")
    await jana.tap("Back")
    assert "Successful: No" in jana.last.text
    await jana.tap("Log")
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.evaluation is Evaluation.VERY_POSITIVE and entry.attempt_failed
    assert entry.information_flow is InformationFlow.INBOUND
    assert entry.initiated_by is InitiatedBy.THEM
    team = fake.chat(TEAM_CHAT)
    await fake.wait_for(lambda: len(team.messages) >= 1)
    assert "Evaluation: Very positive. ❌ The attempt failed." in team.messages[0].text


async def test_change_template_replaces_its_defaults(jana: FakeUser, seeded: Factory) -> None:
    await _open_card(jana)
    await jana.tap("Change template")
    await jana.tap("Customer visit")
    assert "Cost: 40.00" in jana.last.text and "Duration: 60 min" in jana.last.text


async def test_voice_note_and_location_are_attached(jana: FakeUser, seeded: Factory) -> None:
    await _open_card(jana)
    await jana.send_voice()
    assert "Attachment: voice note" in jana.last.text
    await jana.send_location(50.0875, 14.4213)
    assert "Location: 50.08750, 14.42130" in jana.last.text
    await jana.tap("Log")
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.attachment is not None and entry.attachment.kind is AttachmentKind.VOICE
    assert entry.location is not None and entry.location.latitude == pytest.approx(50.0875)


async def test_a_later_photo_or_document_replaces_the_attachment(
    jana: FakeUser, seeded: Factory
) -> None:
    await _open_card(jana)
    await jana.send_photo()
    assert "Attachment: photo" in jana.last.text
    await jana.send_document()
    assert "Attachment: document" in jana.last.text
    await jana.tap("Log")
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.attachment is not None and entry.attachment.kind is AttachmentKind.DOCUMENT


async def test_photo_without_a_card_is_explained(jana: FakeUser) -> None:
    await jana.send_photo()
    assert "Start an interaction with /interact first" in jana.last.text


async def test_privacy_blocked_contact_is_refused(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact blocked person")
    assert "marked as blocked due to privacy" in jana.last.text
    assert await current_draft(seeded, 1001) is None


async def test_a_voice_note_before_the_template_is_kept(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.send_voice()
    assert "which kind of interaction" in jana.last.text  # the templates, again
    await jana.tap("Outgoing call")
    assert "Attachment: voice note" in jana.last.text


async def test_change_template_can_go_back_to_the_card(jana: FakeUser, seeded: Factory) -> None:
    await _open_card(jana)
    await jana.tap("Change template")
    await jana.tap("Back")
    assert "Outgoing call" in jana.last.text and "Log" in " ".join(jana.last.buttons)


async def test_many_templates_come_in_pages(jana: FakeUser, seeded: Factory) -> None:
    """Telegram takes at most 100 buttons in a message: twenty templates to a page."""
    await add_call_templates(seeded, 30)
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    first = [b for b in jana.last.buttons if "·" in b]
    assert len(first) == 20 and "Next ▶" in jana.last.buttons
    await jana.tap("Next")
    await jana.tap("Call type 29")  # sorted by description: on the second page
    assert "Call type 29" in jana.last.text and "Log" in " ".join(jana.last.buttons)
