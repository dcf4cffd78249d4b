"""/logsegment end to end: preview, the follow-up prompt, logging, every refusal."""

from __future__ import annotations

from domain.access import OPERATOR
from domain.model import ContactCriteria, ContactType, MarketingSetup
from domain.services import segments as seg
from sandbox.bot_api import FakeTelegram, FakeUser
from tests.bot.conftest import TEAM_CHAT
from tests.bot.helpers import Factory


async def _segment(
    factory: Factory,
    *,
    description: str = "Autumn mailing",
    template: str = "CALL-OUT",
    criteria: ContactCriteria | None = None,
) -> str:
    async with factory() as uow:
        segment = await seg.create_segment(
            uow, user=OPERATOR, description=description, template_code=template
        )
        await seg.add_contacts(
            uow, user=OPERATOR, no=segment.no, criteria=criteria or ContactCriteria(city="Praha")
        )
        await uow.commit()
    return segment.no


async def _logged(factory: Factory) -> int:
    async with factory() as uow:
        return len(await uow.logged_segments.list(limit=100))


async def test_log_with_follow_up(jana: FakeUser, fake: FakeTelegram, seeded: Factory) -> None:
    no = await _segment(seeded)
    await jana.say("/logsegment")
    await jana.tap(no)
    preview = jana.last.text
    assert "Lines: 2" in preview, jana.callback_answers
    assert "Lines: 2" in preview and "Template: Outgoing call" in preview
    assert "Total cost: 5.00" in preview and "Create a follow-up segment?" in preview
    await jana.tap("Yes")
    assert f"Segment {no} logged" in jana.last.text and "2 interactions" in jana.last.text
    assert "Follow-up segment S00002 created." in jana.last.text
    async with seeded() as uow:
        assert await uow.segments.get(no) is None
        follow_up = await uow.segments.get("S00002")
        assert follow_up is not None and follow_up.description == f"Follow-up on segment {no}"
        assert await uow.segments.contact_nos("S00002") == {"CT000001", "CT000002"}
        history = await uow.entries.history(["CT000001", "CT000002"], limit=10)
    assert len(history) == 2 and {e.segment_no for e in history} == {no}
    team = fake.chat(TEAM_CHAT)
    await fake.wait_for(lambda: len(team.messages) >= 1)
    assert len(team.messages) == 1  # one per segment, never one per line
    assert f"logged segment {no}" in team.messages[0].text


async def test_log_without_follow_up(jana: FakeUser, seeded: Factory) -> None:
    no = await _segment(seeded)
    await jana.say("/logsegment")
    await jana.tap(no)
    await jana.tap("No")
    assert "Follow-up" not in jana.last.text
    async with seeded() as uow:
        assert await uow.segments.list() == []
    assert await _logged(seeded) == 1


async def test_refusals_write_nothing(jana: FakeUser, seeded: Factory) -> None:
    async with seeded() as uow:
        empty = await seg.create_segment(
            uow, user=OPERATOR, description="Nobody", template_code="CALL-OUT"
        )
        untitled = await seg.create_segment(uow, user=OPERATOR, template_code="CALL-OUT")
        await seg.add_contacts(
            uow, user=OPERATOR, no=untitled.no, criteria=ContactCriteria(city="Praha")
        )
        templateless = await seg.create_segment(uow, user=OPERATOR, description="No template")
        await seg.add_contacts(
            uow, user=OPERATOR, no=templateless.no, criteria=ContactCriteria(city="Praha")
        )
        await uow.commit()
    expected = {
        empty.no: f"Segment {empty.no} is empty.",
        untitled.no: "Description must have a value.",
        templateless.no: (
            f"Segment {templateless.no} cannot be logged: the line for Alza s.r.o. (CT000001) "
            "has no interaction template, and other lines cannot be logged either."
        ),
    }
    for no, message in expected.items():
        await jana.say("/logsegment")
        await jana.tap(no)
        # A message that stays in the chat, not a popup gone before it is read.
        assert message in jana.last.text, (no, jana.last.text)
        assert not any(message in a for a in jana.callback_answers)
    assert await _logged(seeded) == 0
    async with seeded() as uow:
        assert len(await uow.segments.list()) == 3


async def test_missing_series_for_the_follow_up_writes_nothing(
    jana: FakeUser, seeded: Factory
) -> None:
    no = await _segment(seeded)
    async with seeded() as uow:
        await uow.setup.save(MarketingSetup(contact_nos="CONT", segment_nos=""))
        await uow.commit()
    await jana.say("/logsegment")
    await jana.tap(no)
    await jana.tap("Yes")
    assert "No number series is set up for Segment Nos." in jana.last.text
    assert await _logged(seeded) == 0
    async with seeded() as uow:
        assert await uow.segments.get(no) is not None


async def test_logged_twice_from_an_old_preview_is_refused(jana: FakeUser, seeded: Factory) -> None:
    no = await _segment(seeded)
    await jana.say("/logsegment")
    await jana.tap(no)
    preview = jana.last
    yes = next(b["callback_data"] for b in preview.inline_buttons() if b["text"] == "Yes")
    await jana.tap("No")
    await jana.tap_data(preview.message_id, str(yes))  # the same card, now stale
    assert "This card is out of date." in jana.callback_answers
    assert await _logged(seeded) == 1


async def test_no_open_segments(jana: FakeUser) -> None:
    await jana.say("/logsegment")
    assert "no open segments" in jana.last.text


async def test_many_open_segments_come_in_pages(jana: FakeUser, seeded: Factory) -> None:
    numbers = [await _segment(seeded, description=f"Mailing {n}") for n in range(12)]
    await jana.say("/logsegment")
    first = [b for b in jana.last.buttons if b.startswith("S")]
    assert len(first) == 10 and numbers[-1] not in " ".join(first)
    await jana.tap("Next")
    await jana.tap(numbers[-1])  # the newest, on the second page
    assert "Create a follow-up segment?" in jana.last.text


async def test_a_colleagues_segment_is_theirs_to_log(
    jana: FakeUser, petr: FakeUser, seeded: Factory
) -> None:
    """Jana does not see Petr's campaign (it may not be ready), and a forged tap on it is
    refused; Petr, an administrator, logs it."""
    async with seeded() as uow:
        segment = await seg.create_segment(
            uow,
            user=OPERATOR,
            description="Petr's VIP campaign",
            salesperson_code="PK",
            template_code="CALL-OUT",
        )
        await seg.add_contacts(
            uow, user=OPERATOR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        await uow.commit()
    await jana.say("/logsegment")
    assert segment.no not in " ".join(jana.last.buttons)
    async with seeded() as uow:
        stored = await uow.chat_states.get(jana.id)
    assert stored is not None
    await jana.tap_data(jana.last.message_id, f"{stored[1]}|segment|{segment.no}")
    assert any("salesperson PK's" in a for a in jana.callback_answers)
    await petr.say("/logsegment")
    await petr.tap(segment.no)
    await petr.tap("No")
    assert f"Segment {segment.no} logged" in petr.last.text


async def test_a_line_refusal_names_its_contact_and_reason(jana: FakeUser, seeded: Factory) -> None:
    no = await _segment(seeded, criteria=ContactCriteria(city="Praha", type=ContactType.PERSON))
    async with seeded() as uow:
        contact = await uow.contacts.get("CT000002")
        assert contact is not None
        contact.privacy_blocked = True  # after it was added
        await uow.contacts.save(contact)
        await uow.commit()
    await jana.say("/logsegment")
    await jana.tap(no)
    assert jana.last.text == (
        f"Segment {no} cannot be logged: the line for Jan Novák (CT000002) has a contact "
        "marked as blocked due to privacy."
    )
    assert "10000" not in jana.last.text
    assert await _logged(seeded) == 0
