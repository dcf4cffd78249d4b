"""/cancel postpones; /postponed resumes into the same entry or deletes with confirmation."""

from __future__ import annotations

from decimal import Decimal

from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory, current_draft, entries_of, postponed_of


async def test_cancel_before_a_contact_keeps_nothing(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact")
    await jana.say("/cancel")
    assert "Nothing to cancel" in jana.last.text
    await jana.say("/interact nov")
    await jana.tap("Cancel")
    assert "Nothing to cancel" in jana.last.text
    assert await postponed_of(seeded, "JN") == []


async def test_cancel_at_the_template_step_keeps_the_contact(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    assert "Postponed: interaction #1 with Jan Novák" in jana.last.text
    assert "/postponed" in jana.last.text
    [entry] = await postponed_of(seeded, "JN")
    assert (entry.contact_no, entry.template_code) == ("CT000002", "")


async def test_cancel_while_a_field_is_asked_keeps_what_was_entered(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    await jana.tap("Cost")
    await jana.say("9.90")
    await jana.tap("Description")
    await jana.tap("Cancel")  # the Cancel button under the question asks first
    assert "Postpone the interaction with Jan Novák" in jana.last.text
    assert await postponed_of(seeded, "JN") == []
    await jana.tap("Postpone")
    [entry] = await postponed_of(seeded, "JN")
    assert (entry.template_code, entry.cost) == ("CALL-OUT", Decimal("9.90"))
    assert f"Postponed: interaction #{entry.entry_no}" in jana.last.text


async def test_cancel_button_with_nothing_but_a_contact_drops_it_without_asking(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Cancel")  # on the template question
    assert "Cancelled: nothing was kept of the interaction with Jan Novák" in jana.last.text
    assert await postponed_of(seeded, "JN") == []
    assert await current_draft(seeded, jana.id) is None
    await jana.say("/cancel")
    assert "Nothing to cancel" in jana.last.text


async def test_cancel_button_asks_and_discard_keeps_nothing(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.send_voice()  # something given: no longer only a contact
    await jana.tap("Cancel")
    asked = "Postpone the interaction with Jan Novák (Alza s.r.o.) to finish it later?"
    assert asked in jana.last.text
    assert {"⏸ Postpone", "🗑 Discard", "↩ Back"} <= set(jana.last.buttons)
    await jana.tap("Back")  # changed its mind: the templates again, the voice note kept
    assert "which kind of interaction" in jana.last.text
    await jana.tap("Outgoing call")
    assert "Attachment: voice note" in jana.last.text
    await jana.tap("Cost")
    await jana.tap("Cancel")
    await jana.tap("Discard")
    assert "Discarded: the interaction with Jan Novák (Alza s.r.o.) was not kept" in jana.last.text
    assert await postponed_of(seeded, "JN") == []
    assert await current_draft(seeded, jana.id) is None
    assert await entries_of(seeded, "CT000002") == []


async def test_discarding_a_resumed_interaction_leaves_it_postponed_as_it_was(
    jana: FakeUser, seeded: Factory
) -> None:
    await _card_for_jan(jana)
    await jana.tap("Postpone")
    await jana.say("/postponed")
    await jana.tap("Resume #1")
    await jana.tap("Cost")
    await jana.say("99")
    await jana.tap("Duration")
    await jana.tap("Cancel")
    await jana.tap("Discard")
    assert "postponed interaction #1 with Jan Novák (Alza s.r.o.) stays as it was" in jana.last.text
    [entry] = await postponed_of(seeded, "JN")
    assert (entry.entry_no, entry.cost) == (1, Decimal("2.50"))


async def test_postpone_then_resume_logs_the_same_entry(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    await jana.tap("Evaluation")
    await jana.tap("Positive")
    await jana.tap("Postpone")
    [postponed] = await postponed_of(seeded, "JN")
    await jana.say("/postponed")
    assert f"#{postponed.entry_no}" in jana.last.text and "Jan Novák" in jana.last.text
    await jana.tap(f"Resume #{postponed.entry_no}")
    assert "Resumed interaction" in jana.last.text and "Evaluation: Positive" in jana.last.text
    await jana.tap("Log")
    assert f"Logged #{postponed.entry_no}" in jana.last.text
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.entry_no == postponed.entry_no and not entry.postponed
    assert await postponed_of(seeded, "JN") == []


async def test_cancel_after_resume_keeps_it_postponed(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    [postponed] = await postponed_of(seeded, "JN")
    await jana.say("/postponed")
    await jana.tap("Resume")
    await jana.say("/cancel")
    assert [e.entry_no for e in await postponed_of(seeded, "JN")] == [postponed.entry_no]


async def test_delete_asks_first(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    await jana.say("/postponed")
    await jana.tap("Delete")
    assert "cannot be undone" in jana.last.text
    await jana.tap("No, keep it")
    assert len(await postponed_of(seeded, "JN")) == 1
    await jana.tap("Delete")
    await jana.tap("Yes, delete")
    assert await postponed_of(seeded, "JN") == []
    assert "no postponed interactions" in jana.last.text


async def test_others_see_and_touch_only_their_own(
    jana: FakeUser, petr: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    [postponed] = await postponed_of(seeded, "JN")
    await petr.say("/postponed")
    assert "no postponed interactions" in petr.last.text
    # A forged button naming Jana's entry, with Petr's current version.
    version = await _version(seeded, petr.id)
    await petr.tap_data(petr.last.message_id, f"{version}|resume|{postponed.entry_no}")
    await petr.tap_data(petr.last.message_id, f"{version}|delete_yes|{postponed.entry_no}")
    assert [e.entry_no for e in await postponed_of(seeded, "JN")] == [postponed.entry_no]


async def test_someone_elses_postponed_entry_is_answered_as_a_missing_one(
    jana: FakeUser, petr: FakeUser, seeded: Factory
) -> None:
    """Otherwise anyone could tell which entry numbers exist and whose they are."""
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    [postponed] = await postponed_of(seeded, "JN")
    assert postponed.entry_no is not None
    missing = postponed.entry_no + 1000
    await petr.say("/postponed")
    version = await _version(seeded, petr.id)
    for action in ("resume", "delete"):
        answers = []
        for entry_no in (postponed.entry_no, missing):
            await petr.tap_data(petr.last.message_id, f"{version}|{action}|{entry_no}")
            answers.append(petr.callback_answers[-1].replace(f"#{entry_no}", "#N"))
        assert answers[0] == answers[1] == "You have no postponed interaction #N.", action
    assert [e.entry_no for e in await postponed_of(seeded, "JN")] == [postponed.entry_no]


async def _version(factory: Factory, telegram_id: int) -> int:
    async with factory() as uow:
        stored = await uow.chat_states.get(telegram_id)
    return stored[1] if stored else 0


async def test_starting_another_interaction_postpones_the_open_one(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    await jana.tap("Cost")
    await jana.say("7")
    await jana.say("/log alza s.r.o.")  # wanders off...
    await jana.say("/interact eva nováková")  # ...and starts another, and is told
    assert "Your interaction #1 with Jan Novák (Alza s.r.o.) was postponed" in jana.last.text
    assert "Eva Nováková (Alza s.r.o.): which kind of interaction?" in jana.last.text
    await jana.tap("Customer visit")
    await jana.tap("Log")
    [parked] = await postponed_of(seeded, "JN")
    assert (parked.contact_no, parked.cost) == ("CT000002", Decimal(7))
    assert [e.contact_no for e in await entries_of(seeded, "CT000003")] == ["CT000003"]


async def _card_for_jan(jana: FakeUser) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")


async def test_cancel_in_another_flow_postpones_the_open_interaction(
    jana: FakeUser, seeded: Factory
) -> None:
    await _card_for_jan(jana)
    await jana.say("/log")  # looks something up on the way
    await jana.say("/cancel")
    assert "Postponed: interaction #1 with Jan Novák" in jana.last.text
    [entry] = await postponed_of(seeded, "JN")
    assert entry.template_code == "CALL-OUT"


async def test_resuming_another_postpones_the_open_interaction(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact alza s.r.o.")  # the one exact match: straight to templates
    await jana.say("/cancel")
    await _card_for_jan(jana)
    await jana.say("/postponed")
    await jana.tap("Resume #1")  # Alza
    assert "Alza" in jana.last.text
    assert "Your interaction #2 with Jan Novák (Alza s.r.o.) was postponed" in jana.last.text
    assert sorted(e.contact_no for e in await postponed_of(seeded, "JN")) == [
        "CT000001",
        "CT000002",
    ]


async def test_a_step_that_changes_nothing_leaves_the_buttons_working(
    jana: FakeUser, seeded: Factory
) -> None:
    await _card_for_jan(jana)
    await jana.say("/help")
    changed = await jana.tap("Log")  # on the card sent before /help
    assert [m.text for m in changed if "Logged #1" in m.text]
    assert len(await entries_of(seeded, "CT000002")) == 1


async def test_deleting_the_entry_being_resumed_closes_it(jana: FakeUser, seeded: Factory) -> None:
    await _card_for_jan(jana)
    await jana.tap("Postpone")
    await jana.say("/postponed")
    await jana.tap("Resume #1")
    await jana.say("/postponed")
    await jana.tap("Delete #1")
    await jana.tap("Yes")
    await jana.say("/interact")
    await jana.say("/cancel")  # nothing open any more: not refused over and over
    assert "Nothing to cancel" in jana.last.text
    assert await postponed_of(seeded, "JN") == []


async def test_many_postponed_interactions_come_in_pages(jana: FakeUser, seeded: Factory) -> None:
    for _ in range(10):
        await _card_for_jan(jana)
        await jana.say("/cancel")
    await jana.say("/postponed")  # newest first, eight to a page
    assert "(10)" in jana.last.text
    shown = [b for b in jana.last.buttons if "Resume" in b]
    assert (shown[0], shown[-1], len(shown)) == ("▶ Resume #10", "▶ Resume #3", 8)
    await jana.tap("Next")
    assert [b for b in jana.last.buttons if "Resume" in b] == ["▶ Resume #2", "▶ Resume #1"]
    await jana.tap("Delete #1")
    await jana.tap("Yes")  # back to the same page
    assert "(9)" in jana.last.text
    assert [b for b in jana.last.buttons if "Resume" in b] == ["▶ Resume #2"]
    await jana.tap("Previous")
    assert "▶ Resume #10" in jana.last.buttons


async def test_cancel_after_the_open_interaction_was_finished_elsewhere(
    jana: FakeUser, seeded: Factory
) -> None:
    """Its draft is gone (logged from another resumption): /cancel is not refused forever."""
    await _card_for_jan(jana)
    draft = await current_draft(seeded, jana.id)
    assert draft is not None and draft.id is not None
    async with seeded() as uow:
        await uow.drafts.delete(draft.id)
        await uow.commit()
    await jana.say("/cancel")
    assert "Nothing to cancel" in jana.last.text
    await jana.say("/cancel")
    assert "Nothing to cancel" in jana.last.text


async def test_starting_another_drops_one_with_nothing_but_a_contact(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")  # nothing chosen yet but the contact
    await jana.say("/interact eva nováková")
    assert "postponed" not in jana.last.text
    assert await postponed_of(seeded, "JN") == []
    draft = await current_draft(seeded, jana.id)
    assert draft is not None and draft.contact_no == "CT000003"


async def test_the_postponed_list_shows_only_what_adds_information(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact alza s.r.o.")
    await jana.say("/cancel")  # #1: nothing but the contact
    await _card_for_jan(jana)
    await jana.say("/cancel")  # #2: the template's description, unchanged
    await _card_for_jan(jana)
    await jana.tap("Description")
    await jana.say("Asked for the price list")
    await jana.say("/cancel")  # #3: a description of its own
    await jana.say("/postponed")
    lines = jana.last.text.splitlines()
    [first] = [line for line in lines if line.startswith("#1 ")]
    [second] = [line for line in lines if line.startswith("#2 ")]
    [third] = [line for line in lines if line.startswith("#3 ")]
    assert first.endswith(" · Alza s.r.o.") and "—" not in first
    assert second.endswith(" · Jan Novák · Outgoing call")
    assert third.endswith(" · Jan Novák · Outgoing call · Asked for the price list")


async def test_an_old_cards_button_leaves_the_next_interaction_alone(
    jana: FakeUser, seeded: Factory
) -> None:
    """A card's buttons name no draft and carry the conversation's version: an old card's
    Log, tapped again after its interaction was logged, is stale for the next interaction
    (whatever its draft id) and logs nothing."""
    await _card_for_jan(jana)
    card = jana.last
    assert card.reply_markup is not None
    [log_data] = [
        button["callback_data"]
        for row in card.reply_markup["inline_keyboard"]
        for button in row
        if "Log" in button["text"]
    ]
    await jana.tap("Log")
    await _card_for_jan(jana)
    before = await current_draft(seeded, jana.id)
    await jana.tap_data(card.message_id, log_data)
    assert await current_draft(seeded, jana.id) == before is not None
    assert len(await entries_of(seeded, "CT000002")) == 1
