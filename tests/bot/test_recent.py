"""Recent (contact, template) pairs on a bare /interact, and the template last used with a
contact offered first: a repeat call in 3 actions."""

from __future__ import annotations

import datetime as dt

from domain.model import Contact, ContactType
from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory, entries_of
from tests.seed import JANA
from tests.storage.builders import entry


async def _logged(factory: Factory, *pairs: tuple[str, str], salesperson: str = "JN") -> None:
    """Entries of these (contact, template) pairs, the first the oldest."""
    async with factory() as uow:
        for n, (contact_no, template_code) in enumerate(pairs):
            await uow.entries.add(
                entry(
                    contact_no,
                    salesperson_code=salesperson,
                    template_code=template_code,
                    date=dt.date(2026, 11, 2),
                    time=dt.time(8, n),
                )
            )
        await uow.commit()


async def test_a_repeat_call_is_three_actions(jana: FakeUser, seeded: Factory) -> None:
    await _logged(seeded, ("CT000002", "CALL-OUT"), ("CT000003", "VISIT"))
    await jana.say("/interact")  # 1
    assert "Tap a recent one" in jana.last.text
    assert jana.last.buttons[:2] == [
        "Eva Nováková (Alza s.r.o.) · Customer visit",
        "Jan Novák (Alza s.r.o.) · Outgoing call",
    ]
    await jana.tap("Jan Novák (Alza s.r.o.) · Outgoing call")  # 2
    card = jana.last.text
    assert "Contact: Jan Novák" in card and "Template: Outgoing call" in card
    await jana.tap("Log")  # 3
    assert "Logged #3" in jana.last.text
    newest = (await entries_of(seeded, "CT000002"))[0]
    assert (newest.entry_no, newest.template_code, newest.salesperson_code) == (3, "CALL-OUT", "JN")


async def test_six_distinct_pairs_newest_first_others_left_out(
    jana: FakeUser, seeded: Factory
) -> None:
    async with seeded() as uow:
        for n in range(7):
            await uow.contacts.save(
                Contact(no=f"CT1000{n}", name=f"Person {n}", type=ContactType.PERSON)
            )
        await uow.commit()
    pairs = [(f"CT1000{n}", "CALL-OUT") for n in range(7)]
    # A repeated pair counts once; another salesperson's and a blocked contact's not at all.
    await _logged(seeded, *pairs, ("CT10006", "CALL-OUT"), ("CT000006", "VISIT"))
    await _logged(seeded, ("CT000003", "VISIT"), salesperson="PK")
    await jana.say("/interact")
    recent = [b for b in jana.last.buttons if "·" in b]
    assert recent == [f"Person {n} · Outgoing call" for n in (6, 5, 4, 3, 2, 1)]


async def test_no_entries_no_recent_buttons(jana: FakeUser) -> None:
    await jana.say("/interact")
    assert "Whom did you talk to?" in jana.last.text
    assert not [b for b in jana.last.buttons if "·" in b]


async def test_a_stale_recent_button_changes_nothing(jana: FakeUser, seeded: Factory) -> None:
    await _logged(seeded, ("CT000002", "CALL-OUT"))
    await jana.say("/interact")
    prompt = jana.last
    await jana.say("novak")  # the search moved on: the recent buttons are stale
    data = next(b["callback_data"] for b in prompt.inline_buttons() if "·" in b["text"])
    await jana.tap_data(prompt.message_id, data)
    assert jana.callback_answers[-1] == "This card is out of date."
    async with seeded() as uow:
        assert (await uow.chat_states.get(JANA.telegram_id)) is not None
    assert len(await entries_of(seeded, "CT000002")) == 1


async def test_the_template_last_used_with_the_contact_comes_first(
    jana: FakeUser, seeded: Factory
) -> None:
    await _logged(seeded, ("CT000002", "VISIT"))
    await jana.say("/interact jan novak")
    assert jana.last.buttons[0] == "↺ Customer visit · Meetings"
    await jana.tap("Customer visit")
    assert "Template: Customer visit" in jana.last.text
    await jana.say("/cancel")
    # Another contact without entries: the usual order.
    await jana.say("/interact eva novakova")
    assert not jana.last.buttons[0].startswith("↺")
