"""Create Interaction, cancel = postpone, resume: the rules of domain.md, on every backend."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.errors import DomainError, Forbidden, NotFound, PrivacyBlocked, ValidationFailed
from domain.model import InformationFlow, InitiatedBy
from domain.ports import UnitOfWork
from domain.services import interactions as svc
from domain.services.interactions import DraftField
from tests.seed import JANA, PETR
from tests.services.conftest import NOW, UowFactory


async def _draft_with_template(factory: UowFactory, contact: str = "CT000002") -> int:
    async with factory() as uow:
        draft = (await svc.start_draft(uow, user=JANA, contact_no=contact, now=NOW)).draft
        assert draft.id is not None
        await svc.choose_template(uow, user=JANA, draft_id=draft.id, code="CALL-OUT")
        await uow.commit()
    return draft.id


async def test_standard_interaction_takes_the_templates_defaults(uow_factory: UowFactory) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        logged = await svc.log_draft(uow, user=JANA, draft_id=draft_id)
        await uow.commit()
    async with uow_factory() as uow:
        assert logged.entry.entry_no is not None
        entry = await uow.entries.get(logged.entry.entry_no)
        assert await uow.drafts.get(draft_id) is None
    assert entry is not None
    assert (entry.contact_no, entry.contact_company_no) == ("CT000002", "CT000001")
    assert (entry.template_code, entry.group_code) == ("CALL-OUT", "PHONE")
    assert entry.description == "Outgoing call"
    assert (entry.cost, entry.duration) == (Decimal("2.50"), 5)
    assert entry.information_flow is InformationFlow.OUTBOUND
    assert entry.initiated_by is InitiatedBy.US
    assert entry.salesperson_code == "JN"
    assert entry.date == NOW.date()
    assert entry.time == dt.time(14, 30)  # 14:29:30 rounded up to the next minute
    assert not entry.postponed and not entry.attempt_failed


async def test_the_campaign_goes_from_the_template_through_the_draft_to_the_entry(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        template = await uow.templates.get("CALL-OUT")
        assert template is not None
        template.campaign_no = "CA-SPRING"
        await uow.templates.save(template)
        await uow.commit()
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        postponed = await svc.postpone_draft(uow, user=JANA, draft_id=draft_id)
        await uow.commit()
    assert postponed.entry.entry_no is not None
    async with uow_factory() as uow:
        draft = (
            await svc.resume_postponed(uow, user=JANA, entry_no=postponed.entry.entry_no, now=NOW)
        ).draft
        assert draft.id is not None and draft.campaign_no == "CA-SPRING"
        logged = await svc.log_draft(uow, user=JANA, draft_id=draft.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert logged.entry.entry_no is not None
        entry = await uow.entries.get(logged.entry.entry_no)
    assert entry is not None and entry.campaign_no == "CA-SPRING"


async def test_template_cannot_be_chosen_before_the_contact_exists(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        with pytest.raises(DomainError) as caught:
            await svc.start_draft(uow, user=JANA, contact_no="NOPE", now=NOW)
    assert caught.value.key == "contact_not_found"


async def test_privacy_blocked_contact_is_refused(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(PrivacyBlocked) as caught:
            await svc.start_draft(uow, user=JANA, contact_no="CT000006", now=NOW)
    assert caught.value.key == "contact_privacy_blocked"
    assert caught.value.params == {"contact": "Blocked Person"}


async def test_changing_template_replaces_a_description_from_the_old_one(
    uow_factory: UowFactory,
) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        draft = (await svc.choose_template(uow, user=JANA, draft_id=draft_id, code="VISIT")).draft
    assert (draft.description, draft.cost, draft.duration) == ("Customer visit", Decimal(40), 60)


async def test_a_typed_description_survives_choosing_the_same_template_again(
    uow_factory: UowFactory,
) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        await svc.set_field(
            uow,
            user=JANA,
            draft_id=draft_id,
            field=DraftField.DESCRIPTION,
            text="Asked about prices",
            today=NOW.date(),
        )
        draft = (
            await svc.choose_template(uow, user=JANA, draft_id=draft_id, code="CALL-OUT")
        ).draft
    assert draft.description == "Asked about prices"


@pytest.mark.parametrize(
    ("field", "text", "attribute", "value"),
    [
        (DraftField.COST, "12,50", "cost", Decimal("12.50")),
        (DraftField.DURATION, "25", "duration", 25),
        (DraftField.WHEN, "2026-11-20 09:00", "date", dt.date(2026, 11, 20)),
        (DraftField.EVALUATION, "positive", "evaluation", "positive"),
        (DraftField.SUCCESSFUL, "no", "attempt_failed", True),
        (DraftField.FLOW, "inbound", "information_flow", "inbound"),
        (DraftField.INITIATED_BY, "them", "initiated_by", "them"),
    ],
)
async def test_each_field_can_be_set(
    uow_factory: UowFactory, field: DraftField, text: str, attribute: str, value: object
) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        await svc.set_field(
            uow, user=JANA, draft_id=draft_id, field=field, text=text, today=NOW.date()
        )
        await uow.commit()
    async with uow_factory() as uow:
        draft = await uow.drafts.get(draft_id)
    assert getattr(draft, attribute) == value


@pytest.mark.parametrize(
    ("field", "text"),
    [
        (DraftField.COST, "abc"),
        (DraftField.DURATION, "-5"),
        (DraftField.DESCRIPTION, "x" * 101),
        (DraftField.WHEN, "2026-02-30"),
        (DraftField.WHEN, "2030-01-01"),
    ],
)
async def test_bad_input_changes_nothing(
    uow_factory: UowFactory, field: DraftField, text: str
) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        before = await uow.drafts.get(draft_id)
        with pytest.raises(ValidationFailed):
            await svc.set_field(
                uow, user=JANA, draft_id=draft_id, field=field, text=text, today=NOW.date()
            )
        assert await uow.drafts.get(draft_id) == before


async def test_someone_elses_draft_cannot_be_touched(uow_factory: UowFactory) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(Forbidden):
            await svc.log_draft(uow, user=PETR, draft_id=draft_id)
        with pytest.raises(Forbidden):
            await svc.postpone_draft(uow, user=PETR, draft_id=draft_id)


async def test_finishing_requires_a_template(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        draft = (await svc.start_draft(uow, user=JANA, contact_no="CT000002", now=NOW)).draft
        assert draft.id is not None
        with pytest.raises(ValidationFailed) as caught:
            await svc.log_draft(uow, user=JANA, draft_id=draft.id)
    assert caught.value.params == {"field": "template"}


async def test_postpone_keeps_a_draft_with_only_a_contact(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        draft = (await svc.start_draft(uow, user=JANA, contact_no="CT000002", now=NOW)).draft
        assert draft.id is not None
        postponed = await svc.postpone_draft(uow, user=JANA, draft_id=draft.id)
        await uow.commit()
    async with uow_factory() as uow:
        listed = await svc.postponed_interactions(uow, user=JANA)
        others = await svc.postponed_interactions(uow, user=PETR)
    assert [e.entry_no for e in listed] == [postponed.entry.entry_no]
    assert listed[0].postponed and listed[0].template_code == ""
    assert others == []


async def test_resume_keeps_values_resets_date_and_finishes_the_same_entry(
    uow_factory: UowFactory,
) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        await svc.set_field(
            uow, user=JANA, draft_id=draft_id, field=DraftField.COST, text="7", today=NOW.date()
        )
        await svc.set_field(
            uow,
            user=JANA,
            draft_id=draft_id,
            field=DraftField.SUCCESSFUL,
            text="no",
            today=NOW.date(),
        )
        postponed = await svc.postpone_draft(uow, user=JANA, draft_id=draft_id)
        await uow.commit()
    entry_no = postponed.entry.entry_no
    assert entry_no is not None
    later = NOW + dt.timedelta(days=2, hours=1)
    async with uow_factory() as uow:
        draft = (await svc.resume_postponed(uow, user=JANA, entry_no=entry_no, now=later)).draft
        assert draft.id is not None
        assert (draft.cost, draft.template_code, draft.entry_no) == (
            Decimal(7),
            "CALL-OUT",
            entry_no,
        )
        assert (draft.date, draft.attempt_failed) == (later.date(), False)
        logged = await svc.log_draft(uow, user=JANA, draft_id=draft.id)
        await uow.commit()
    assert logged.entry.entry_no == entry_no and logged.resumed
    async with uow_factory() as uow:
        entry = await uow.entries.get(entry_no)
        assert await svc.postponed_interactions(uow, user=JANA) == []
    assert entry is not None and not entry.postponed and entry.date == later.date()


async def _resumed_twice_and_logged_once(uow: UnitOfWork, draft_id: int) -> tuple[int, int]:
    """The postponed entry of `draft_id`, resumed twice and finished by the first: its
    number and the second draft."""
    entry_no = (await svc.postpone_draft(uow, user=JANA, draft_id=draft_id)).entry.entry_no
    assert entry_no is not None
    first = (await svc.resume_postponed(uow, user=JANA, entry_no=entry_no, now=NOW)).draft
    second = (await svc.resume_postponed(uow, user=JANA, entry_no=entry_no, now=NOW)).draft
    assert first.id is not None and second.id is not None
    await svc.log_draft(uow, user=JANA, draft_id=first.id)
    return entry_no, second.id


async def test_resumed_twice_cannot_finish_the_same_entry_twice(uow_factory: UowFactory) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        _, second = await _resumed_twice_and_logged_once(uow, draft_id)
        with pytest.raises(DomainError) as caught:
            await svc.log_draft(uow, user=JANA, draft_id=second)
    assert caught.value.key == "postponed_not_found"


async def test_resumed_twice_the_second_is_postponed_as_a_new_entry(
    uow_factory: UowFactory,
) -> None:
    """Its entry was finished meanwhile: what the user typed is kept, and /cancel works."""
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        entry_no, second = await _resumed_twice_and_logged_once(uow, draft_id)
        kept = await svc.postpone_draft(uow, user=JANA, draft_id=second)
        finished = await uow.entries.get(entry_no)
    assert kept.entry.entry_no not in (None, entry_no) and kept.entry.postponed
    assert finished is not None and not finished.postponed


@pytest.mark.parametrize("open_draft", ["resuming it", "of another contact"])
async def test_deleting_a_postponed_entry_drops_the_open_draft_only_if_it_resumes_it(
    uow_factory: UowFactory, open_draft: str
) -> None:
    postponed_id = await _draft_with_template(uow_factory)
    other_id = await _draft_with_template(uow_factory, "CT000003")
    async with uow_factory() as uow:
        entry_no = (await svc.postpone_draft(uow, user=JANA, draft_id=postponed_id)).entry.entry_no
        assert entry_no is not None
        resumed = (await svc.resume_postponed(uow, user=JANA, entry_no=entry_no, now=NOW)).draft
        assert resumed.id is not None
        open_id = resumed.id if open_draft == "resuming it" else other_id
        await svc.delete_postponed(uow, user=JANA, entry_no=entry_no, open_draft_id=open_id)
        gone = {d for d in (resumed.id, other_id) if await uow.drafts.get(d) is None}
        assert await uow.entries.get(entry_no) is None
    assert gone == ({resumed.id} if open_draft == "resuming it" else set())


async def test_delete_postponed_is_only_for_its_owner(uow_factory: UowFactory) -> None:
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        entry_no = (await svc.postpone_draft(uow, user=JANA, draft_id=draft_id)).entry.entry_no
        assert entry_no is not None
        with pytest.raises(NotFound) as refused:  # as if it did not exist
            await svc.delete_postponed(uow, user=PETR, entry_no=entry_no)
        assert refused.value.key == "postponed_not_found"
        await svc.delete_postponed(uow, user=JANA, entry_no=entry_no)
        assert await uow.entries.get(entry_no) is None


async def test_half_a_minute_before_midnight_is_the_next_day(uow_factory: UowFactory) -> None:
    """The time is rounded up to the next minute, and the date with it."""
    late = dt.datetime(2026, 11, 28, 23, 59, 30)
    async with uow_factory() as uow:
        draft = (await svc.start_draft(uow, user=JANA, contact_no="CT000002", now=late)).draft
    assert (draft.date, draft.time) == (dt.date(2026, 11, 29), dt.time(0, 0))


async def test_a_blocked_salesperson_logs_nothing_more(uow_factory: UowFactory) -> None:
    """Blocked after the draft was started (they left the company, say)."""
    draft_id = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        salesperson = await uow.salespeople.get(JANA.salesperson_code)
        assert salesperson is not None
        salesperson.blocked = True
        await uow.salespeople.save(salesperson)
        await uow.commit()
    async with uow_factory() as uow:
        jana = await uow.users.get(JANA.telegram_id)  # as the bot reads her for each update
        assert jana is not None
        with pytest.raises(DomainError) as logging:
            await svc.log_draft(uow, user=jana, draft_id=draft_id)
        with pytest.raises(DomainError) as starting:
            await svc.start_draft(uow, user=jana, contact_no="CT000002", now=NOW)
    assert logging.value.key == starting.value.key == "salesperson_blocked"


async def test_starting_another_postpones_a_filled_draft_and_drops_a_bare_one(
    uow_factory: UowFactory,
) -> None:
    filled = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        second = await svc.start_draft(
            uow, user=JANA, contact_no="CT000003", now=NOW, open_draft_id=filled
        )
        assert second.draft.id is not None and svc.has_nothing_but_contact(second.draft)
        third = await svc.start_draft(
            uow, user=JANA, contact_no="CT000001", now=NOW, open_draft_id=second.draft.id
        )
        postponed = await uow.entries.postponed("JN")
        left = await uow.drafts.get(second.draft.id)  # SQLite may give its id to the third
    assert left is None or left.contact_no == "CT000001"
    assert second.set_aside is not None and second.set_aside.entry.contact_no == "CT000002"
    assert third.set_aside is None  # dropped: it held nothing but its contact
    assert [e.contact_no for e in postponed] == ["CT000002"]


async def test_cancelling_the_wizard_asks_unless_there_is_nothing_but_the_contact(
    uow_factory: UowFactory,
) -> None:
    filled = await _draft_with_template(uow_factory)
    async with uow_factory() as uow:
        bare = await svc.start_draft(uow, user=JANA, contact_no="CT000003", now=NOW)
        dropped = await svc.cancel_wizard(uow, user=JANA, draft_id=bare.draft.id)
        asked = await svc.cancel_wizard(uow, user=JANA, draft_id=filled)
        with pytest.raises(Forbidden):
            await svc.cancel_wizard(uow, user=PETR, draft_id=filled)
        discarded = await svc.discard_draft(uow, user=JANA, draft_id=filled)
        assert await uow.drafts.get(filled) is None
        assert await uow.entries.postponed("JN") == []
    assert dropped is not None and not dropped.ask and dropped.discarded is not None
    assert asked is not None and asked.ask and asked.contact.no == "CT000002"
    assert discarded is not None and discarded.entry_no is None
