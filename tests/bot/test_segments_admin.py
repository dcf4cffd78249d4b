"""/segments and /loggedsegments for administrators."""

from __future__ import annotations

import datetime as dt

from domain.access import OPERATOR
from domain.model import ContactCriteria, InteractionTemplate
from domain.services import segments as seg
from domain.services.log_segment import log_segment
from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory, add_call_templates, entries_of
from tests.seed import PETR

NOW = dt.datetime(2026, 11, 29, 10, 0)


async def _lines(factory: Factory, no: str) -> dict[str, str]:
    async with factory() as uow:
        return {ln.contact_no: ln.template_code for ln in await uow.segments.lines(no)}


async def test_create_describe_template_and_choose_contacts(
    petr: FakeUser, seeded: Factory
) -> None:
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Winter visits")
    assert "Segment S00001 created." in petr.messages[-2].text
    await petr.tap("Open S00001")
    await petr.tap("Template")
    await petr.tap("Customer visit")
    await petr.tap("Add contacts")
    await petr.say("city=Praha")
    assert "Added 2 contacts." in petr.messages[-2].text
    assert await _lines(seeded, "S00001") == {"CT000001": "VISIT", "CT000002": "VISIT"}
    await petr.tap("Open S00001")
    await petr.tap("Add contacts")
    await petr.say("bogus")
    assert "I don't understand “bogus”" in petr.last.text and "Send criteria" in petr.last.text
    await petr.say("company=CT000004 +expand +excluded")
    assert set(await _lines(seeded, "S00001")) == {
        "CT000001",
        "CT000002",
        "CT000004",
        "CT000005",  # excluded from segments: added when told to
    }  # CT000006, blocked due to privacy, never
    await petr.tap("Open S00001")
    await petr.tap("Refine")
    await petr.say("country=CZ")
    assert set(await _lines(seeded, "S00001")) == {"CT000001", "CT000004"}
    await petr.tap("Open S00001")
    await petr.tap("Description")
    await petr.say("Winter visits 2026")
    async with seeded() as uow:
        segment = await uow.segments.get("S00001")
    assert segment is not None and segment.description == "Winter visits 2026"


async def test_lines_remove_and_override(petr: FakeUser, seeded: Factory) -> None:
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Calls")
    await petr.tap("Open S00001")
    await petr.tap("Template")
    await petr.tap("Outgoing call")
    await petr.tap("Add contacts")
    await petr.say("city=Praha")
    await petr.tap("Open S00001")
    await petr.tap("Lines")
    assert "CT000001 · Alza s.r.o. · CALL-OUT" in petr.last.text
    await petr.tap("✖ Jan Novák")
    assert set(await _lines(seeded, "S00001")) == {"CT000001"}
    await petr.tap("Template")  # the line's own template
    await petr.tap("Customer visit")
    assert await _lines(seeded, "S00001") == {"CT000001": "VISIT"}


async def test_cancel_and_uncancel_a_logged_segment(petr: FakeUser, seeded: Factory) -> None:
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Calls")
    await petr.tap("Open S00001")
    await petr.tap("Template")
    await petr.tap("Outgoing call")
    await petr.tap("Add contacts")
    await petr.say("city=Praha")
    await petr.say("/logsegment")
    await petr.tap("S00001")
    await petr.tap("No")
    await petr.say("/loggedsegments")
    assert "S00001" in petr.last.text and "2 interactions" in petr.last.text
    assert "Cancel logged segment #1" in petr.last.buttons  # not "✖ Cancel", which leaves
    # The question's Yes, forged on the list with the list's version: refused, nothing done.
    listed = petr.last
    assert listed.reply_markup is not None
    asking = listed.reply_markup["inline_keyboard"][0][0]["callback_data"]
    version = asking.partition("|")[0]
    await petr.tap_data(listed.message_id, f"{version}|cancel_logged|1")
    async with seeded() as uow:
        logged = await uow.logged_segments.get(1)
    assert logged is not None and not logged.canceled
    await petr.tap("Cancel logged segment #1")
    assert "Cancel logged segment #1 (S00001, Calls, logged " in petr.last.text
    assert petr.last.buttons == ["Yes, cancel logged segment #1", "No, keep it"]
    await petr.tap("No, keep it")  # nothing changed, the list again
    assert "Cancel logged segment #1" in petr.last.buttons
    await petr.tap("Cancel logged segment #1")
    await petr.tap("Yes, cancel logged segment #1")
    async with seeded() as uow:
        entries = await uow.entries.history(["CT000001", "CT000002"], limit=10)
        logged = await uow.logged_segments.get(1)
    assert logged is not None and logged.canceled and all(e.canceled for e in entries)
    await petr.tap("Restore logged segment #1")
    assert "Restore logged segment #1 (S00001, Calls, logged " in petr.last.text
    await petr.tap("Yes, restore logged segment #1")
    async with seeded() as uow:
        entries = await uow.entries.history(["CT000001", "CT000002"], limit=10)
    assert not any(e.canceled for e in entries)


async def test_logged_segments_come_in_pages(petr: FakeUser, seeded: Factory) -> None:
    async with seeded() as uow:
        for n in range(12):
            segment = await seg.create_segment(
                uow, user=OPERATOR, description=f"Mailing {n}", template_code="CALL-OUT"
            )
            await seg.add_contacts(
                uow, user=OPERATOR, no=segment.no, criteria=ContactCriteria(city="Praha")
            )
            await log_segment(uow, user=PETR, no=segment.no, follow_up=False, now=NOW)
        await uow.commit()
    await petr.say("/loggedsegments")  # newest first
    shown = [b for b in petr.last.buttons if "Cancel logged" in b]
    assert (shown[0], shown[-1], len(shown)) == (
        "Cancel logged segment #12",
        "Cancel logged segment #3",
        10,
    )
    await petr.tap("Next")
    assert [b for b in petr.last.buttons if "Cancel logged" in b] == [
        "Cancel logged segment #2",
        "Cancel logged segment #1",
    ]
    await petr.tap("Cancel logged segment #1")
    await petr.tap("No, keep it")  # back on the page it was asked from
    assert "Cancel logged segment #1" in petr.last.buttons


async def test_many_templates_come_in_pages_for_the_segment_and_its_lines(
    petr: FakeUser, seeded: Factory
) -> None:
    await add_call_templates(seeded, 30)
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Calls")
    await petr.tap("Open S00001")
    await petr.tap("Template")
    await petr.tap("Next")
    await petr.tap("Previous")
    await petr.tap("Next")
    await petr.tap("Outgoing call")  # the phone calls by description: after Call type 29
    await petr.tap("Add contacts")
    await petr.say("city=Praha")
    await petr.tap("Open S00001")
    await petr.tap("Lines")
    await petr.tap("✖ Jan Novák")
    await petr.tap("Template")  # the line's own
    await petr.tap("Next")
    await petr.tap("Call type 29")  # the last, on the second page
    assert await _lines(seeded, "S00001") == {"CT000001": "T29"}


async def test_the_segment_template_pickers_name_each_templates_group(
    petr: FakeUser, seeded: Factory
) -> None:
    """Two templates of one description are told apart by their group, as in /interact."""
    async with seeded() as uow:
        await uow.templates.save(InteractionTemplate("FUP-CALL", "PHONE", "Follow-up"))
        await uow.templates.save(InteractionTemplate("FUP-VISIT", "MEETING", "Follow-up"))
        await uow.commit()
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Follow-ups")
    await petr.tap("Open S00001")
    await petr.tap("Template")
    assert {"Follow-up · Phone calls", "Follow-up · Meetings"} <= set(petr.last.buttons)
    await petr.tap("Follow-up · Meetings")
    async with seeded() as uow:
        segment = await uow.segments.get("S00001")
    assert segment is not None and segment.template_code == "FUP-VISIT"
    await petr.tap("Add contacts")
    await petr.say("city=Brno")
    await petr.tap("Open S00001")
    await petr.tap("Lines")
    await petr.tap("Template")  # the line's own
    assert {"Follow-up · Phone calls", "Follow-up · Meetings"} <= set(petr.last.buttons)
    await petr.tap("Follow-up · Phone calls")
    assert await _lines(seeded, "S00001") == {"CT000003": "FUP-CALL"}


async def test_an_administrator_gives_a_segment_to_a_salesperson_who_logs_it(
    petr: FakeUser, jana: FakeUser, seeded: Factory
) -> None:
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Jana's calls")
    await petr.tap("Open S00001")
    assert "Salesperson: Petr Král (PK)" in petr.last.text  # its maker's, as before
    await petr.tap("Template")
    await petr.tap("Outgoing call")
    await petr.tap("Add contacts")
    await petr.say("city=Praha")
    await jana.say("/logsegment")
    assert "S00001" not in " ".join(jana.last.buttons)  # Petr's: not hers to log
    await petr.tap("Open S00001")
    await petr.tap("Salesperson")
    assert {"Jana Nováková (JN)", "Petr Král (PK)", "Nobody: whoever logs it"} <= set(
        petr.last.buttons
    )
    await petr.tap("Jana Nováková (JN)")
    assert (
        "Segment S00001 is Jana Nováková (JN)'s now, with its 2 lines."
        in (petr.callback_answers[-1])
    )
    assert "Salesperson: Jana Nováková (JN)" in petr.last.text
    async with seeded() as uow:
        segment = await uow.segments.get("S00001")
        lines = await uow.segments.lines("S00001")
    assert segment is not None and segment.salesperson_code == "JN"
    assert {ln.salesperson_code for ln in lines} == {"JN"}
    await jana.say("/logsegment")
    await jana.tap("S00001")
    await jana.tap("No")
    assert "Segment S00001 logged" in jana.last.text
    assert {e.salesperson_code for e in await entries_of(seeded, "CT000001", "CT000002")} == {"JN"}


async def test_a_segment_given_to_nobody_is_whoever_logs_it(
    petr: FakeUser, seeded: Factory
) -> None:
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Anyone's")
    await petr.tap("Open S00001")
    await petr.tap("Salesperson")
    await petr.tap("Nobody")
    assert "Salesperson: nobody: whoever logs it" in petr.last.text
    async with seeded() as uow:
        segment = await uow.segments.get("S00001")
    assert segment is not None and segment.salesperson_code == ""


async def test_criteria_keep_coming_as_text_while_the_segment_is_open(
    petr: FakeUser, seeded: Factory
) -> None:
    await petr.say("/segments")
    await petr.tap("New segment")
    await petr.say("Spring round")
    await petr.tap("Open S00001")
    await petr.tap("Add contacts")
    prompt = petr.last.text
    assert "city=Praha type=person relation=customer" in prompt and "company=" in prompt
    await petr.say("city=Praha")
    assert "Added 2 contacts." in petr.messages[-2].text
    assert "Send more criteria to add more contacts" in petr.last.text
    await petr.say('company="škoda parts"')  # a company by name, with its persons
    assert "Added 1 contact." in petr.messages[-2].text
    assert set(await _lines(seeded, "S00001")) == {"CT000001", "CT000002", "CT000004"}
    await petr.say("company=skoda +excluded")  # its person excluded from segments, now too
    assert set(await _lines(seeded, "S00001")) == {
        "CT000001",
        "CT000002",
        "CT000004",
        "CT000005",
    }  # CT000006, blocked due to privacy, never
    await petr.say("bogus")  # refused, and the syntax explained again
    assert "I don't understand “bogus”" in petr.last.text and "For example" in petr.last.text
    await petr.tap("Open S00001")
    await petr.say("name=eva")  # typed on the open segment's card: added as well
    assert "Added 1 contact." in petr.messages[-2].text
    assert "CT000003" in await _lines(seeded, "S00001")
    await petr.tap("Open S00001")
    await petr.tap("Reduce")
    await petr.say("type=company")
    await petr.say("name=eva")  # reducing further
    assert "Send more criteria to remove more contacts" in petr.last.text
    assert set(await _lines(seeded, "S00001")) == {"CT000002", "CT000005"}
