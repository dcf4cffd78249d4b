"""/log: a contact's history with statistics; cancel, evaluate, "like this"."""

from __future__ import annotations

from domain.model import Evaluation
from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory, entries_of


async def _log_call(user: FakeUser) -> None:
    await user.say("/interact novak")
    await user.tap("Jan Novák")
    await user.tap("Outgoing call")
    await user.tap("Log")


async def test_history_shows_statistics_and_entries(jana: FakeUser, seeded: Factory) -> None:
    await _log_call(jana)
    await _log_call(jana)
    await jana.say("/log jan novak")
    text = jana.last.text
    assert "Jan Novák" in text and "Interactions: 2" in text and "Cost: 5.00" in text
    assert "#2" in text and "#1" in text and text.index("#2") < text.index("#1")
    # An entry shows what it has: no placeholder for an evaluation not given.
    [line] = [line for line in text.splitlines() if line.startswith("#1 ·")]
    assert line.endswith("· Outgoing call") and "—" not in line


async def test_company_history_includes_its_persons(jana: FakeUser) -> None:
    await _log_call(jana)
    await jana.say("/log alza s.r.o.")
    assert "Interactions: 1" in jana.last.text


async def test_cancel_and_restore_an_entry(jana: FakeUser, seeded: Factory) -> None:
    await _log_call(jana)
    await jana.say("/log jan novak")
    assert "Cancel entry #1" in jana.last.buttons  # not "✖ Cancel", which leaves a flow
    assert not [b for b in jana.last.buttons if b.startswith("✖")]
    await jana.tap("Cancel entry #1")  # asks first
    assert "Cancel interaction #1 of" in jana.last.text and "(Outgoing call)?" in jana.last.text
    [entry] = await entries_of(seeded, "CT000002")
    assert not entry.canceled
    await jana.tap("No, keep it")
    assert "Interactions: 1" in jana.last.text
    await jana.tap("Cancel entry #1")
    await jana.tap("Yes, cancel entry #1")
    assert "Interactions: 0" in jana.last.text and "(canceled)" in jana.last.text
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.canceled
    await jana.tap("Restore #1")
    [entry] = await entries_of(seeded, "CT000002")
    assert not entry.canceled


async def test_evaluate_an_entry(jana: FakeUser, seeded: Factory) -> None:
    await _log_call(jana)
    await jana.say("/log jan novak")
    await jana.tap("⭐ #1")
    await jana.tap("Very negative")
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.evaluation is Evaluation.VERY_NEGATIVE
    assert "#1 · " in jana.last.text and "· Very negative" in jana.last.text


async def test_new_interaction_like_this_one(jana: FakeUser, seeded: Factory) -> None:
    await _log_call(jana)
    await jana.say("/log jan novak")
    await jana.tap("Like #1")
    assert "Template: Outgoing call" in jana.last.text and "Contact: Jan Novák" in jana.last.text
    await jana.tap("Log")
    assert len(await entries_of(seeded, "CT000002")) == 2


async def test_vendor_contact_works_like_any_other(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/log škoda parts")
    await jana.tap("New interaction")
    await jana.tap("Customer visit")
    await jana.tap("Log")
    [entry] = await entries_of(seeded, "CT000004")
    assert entry.template_code == "VISIT"
