"""The cards and lists the chat shows, each from one service call."""

from __future__ import annotations

import pytest

from domain.errors import NotFound
from domain.model import ContactCriteria
from domain.services import interactions, views
from domain.services import segments as seg
from tests.seed import JANA, PETR
from tests.services.conftest import NOW, UowFactory


async def _postponed(factory: UowFactory, *contacts: str) -> list[int]:
    numbers = []
    async with factory() as uow:
        for no in contacts:
            card = await interactions.start_draft(uow, user=JANA, contact_no=no, now=NOW)
            assert card.draft.id is not None
            await interactions.choose_template(
                uow, user=JANA, draft_id=card.draft.id, code="CALL-OUT"
            )
            event = await interactions.postpone_draft(uow, user=JANA, draft_id=card.draft.id)
            assert event.entry.entry_no is not None
            numbers.append(event.entry.entry_no)
        await uow.commit()
    return numbers


async def test_postponed_page_names_contacts_and_templates_and_keeps_to_the_last_page(
    uow_factory: UowFactory,
) -> None:
    await _postponed(uow_factory, "CT000002", "CT000003", "CT000001")
    async with uow_factory() as uow:
        first = await views.postponed_page(uow, user=JANA, page=0, size=2)
        beyond = await views.postponed_page(uow, user=JANA, page=9, size=2)
    assert first.total == 3 and first.page == 0 and len(first.items) == 2
    assert {i.template_description for i in first.items} == {"Outgoing call"}
    assert beyond.page == 1 and len(beyond.items) == 1
    shown = {i.contact_name for i in first.items + beyond.items}
    assert shown == {"Jan Novák", "Eva Nováková", "Alza s.r.o."}


async def test_a_new_interaction_like_a_logged_one_takes_its_contact_and_template(
    uow_factory: UowFactory,
) -> None:
    [postponed] = await _postponed(uow_factory, "CT000003")
    async with uow_factory() as uow:
        card = await interactions.start_draft(uow, user=JANA, contact_no="CT000002", now=NOW)
        assert card.draft.id is not None
        await interactions.choose_template(uow, user=JANA, draft_id=card.draft.id, code="VISIT")
        logged = await interactions.log_draft(uow, user=JANA, draft_id=card.draft.id)
        assert logged.entry.entry_no is not None
        like = await interactions.start_like(
            uow, user=JANA, entry_no=logged.entry.entry_no, now=NOW, open_draft_id=None
        )
        with pytest.raises(NotFound) as caught:  # a postponed entry is not one to copy
            await interactions.start_like(
                uow, user=JANA, entry_no=postponed, now=NOW, open_draft_id=None
            )
    assert (like.contact.no, like.draft.template_code) == ("CT000002", "VISIT")
    assert like.template is not None and like.template.code == "VISIT"
    assert caught.value.key == "entry_not_found"


async def test_postponing_what_is_no_longer_open_is_nothing(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        card = await interactions.start_draft(uow, user=JANA, contact_no="CT000002", now=NOW)
        assert card.draft.id is not None
        await interactions.postpone_draft(uow, user=JANA, draft_id=card.draft.id)
        again = await interactions.postpone_open_draft(uow, user=JANA, draft_id=card.draft.id)
        none = await interactions.postpone_open_draft(uow, user=JANA, draft_id=None)
    assert again is None and none is None


async def test_segment_lines_come_with_their_contacts_names(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        segment = await seg.create_segment(uow, user=PETR, description="x")
        await seg.add_contacts(
            uow, user=PETR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        items = await views.segment_line_items(uow, user=PETR, no=segment.no, limit=10)
        card = await views.segment_card(uow, user=PETR, no=segment.no)
    assert [(i.line.contact_no, i.contact_name) for i in items] == [
        ("CT000001", "Alza s.r.o."),
        ("CT000002", "Jan Novák"),
    ]
    assert card.summary.lines == 2 and card.template_description == ""
