"""The interaction log: statistics, cancelling, evaluating, searching contacts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.errors import Forbidden, ValidationFailed
from domain.model import ContactCriteria, Evaluation, InitiatedBy, InteractionLogEntry
from domain.services import entries as svc
from domain.services import segments as seg
from domain.services.contacts import search_contacts, templates_by_group
from domain.services.log_segment import log_segment, set_logged_segment_canceled
from tests.seed import JANA, PETR
from tests.services.conftest import NOW, UowFactory


def _entry(contact: str, day: int, **kw: object) -> InteractionLogEntry:
    values: dict[str, object] = {
        "entry_no": None,
        "contact_no": contact,
        "contact_company_no": "CT000001",
        "date": dt.date(2026, 11, day),
        "time": dt.time(10, 0),
        "salesperson_code": "JN",
        "user_id": "1001",
        "template_code": "CALL-OUT",
        "group_code": "PHONE",
        "description": "Call",
        "cost": Decimal(2),
        "duration": 5,
        "initiated_by": InitiatedBy.US,
    }
    values.update(kw)
    return InteractionLogEntry(**values)  # type: ignore[arg-type]


async def _add(factory: UowFactory, *entries: InteractionLogEntry) -> list[int]:
    async with factory() as uow:
        numbers = [await uow.entries.add(e) for e in entries]
        await uow.commit()
    return numbers


async def test_statistics_exclude_postponed_and_canceled_and_a_company_includes_persons(
    uow_factory: UowFactory,
) -> None:
    await _add(
        uow_factory,
        _entry("CT000001", 1),
        _entry("CT000002", 5, cost=Decimal("3.50"), duration=10),
        _entry("CT000002", 9, attempt_failed=True),
        _entry("CT000003", 20, postponed=True),
        _entry("CT000003", 21, canceled=True),
    )
    async with uow_factory() as uow:
        company = await svc.contact_statistics(uow, user=JANA, contact_no="CT000001")
        person = await svc.contact_statistics(uow, user=JANA, contact_no="CT000002")
    assert (company.interactions, company.cost, company.duration) == (3, Decimal("7.50"), 20)
    assert company.last_date == dt.date(2026, 11, 5)  # the failed attempt on the 9th is not
    assert company.last_attempted == dt.date(2026, 11, 9)  # ...but it was attempted
    assert (person.interactions, person.cost) == (2, Decimal("5.50"))


async def test_history_is_newest_first_without_postponed(uow_factory: UowFactory) -> None:
    first, second, _ = await _add(
        uow_factory,
        _entry("CT000002", 1),
        _entry("CT000002", 3),
        _entry("CT000002", 4, postponed=True),
    )
    async with uow_factory() as uow:
        contact, entries, stats = await svc.contact_history(
            uow, user=JANA, contact_no="CT000002", limit=10
        )
    assert contact.name == "Jan Novák"
    assert [e.entry_no for e in entries] == [second, first]
    assert stats.interactions == 2


async def test_cancel_and_evaluate_an_entry(uow_factory: UowFactory) -> None:
    [no] = await _add(uow_factory, _entry("CT000002", 1))
    async with uow_factory() as uow:
        await svc.evaluate_entry(uow, user=JANA, entry_no=no, evaluation="very_positive")
        await svc.set_entry_canceled(uow, user=JANA, entry_no=no, canceled=True)
        entry = await uow.entries.get(no)
        stats = await svc.contact_statistics(uow, user=JANA, contact_no="CT000002")
    assert entry is not None and entry.canceled and entry.evaluation is Evaluation.VERY_POSITIVE
    assert stats.interactions == 0


async def test_another_salespersons_entry_is_not_yours_unless_admin(
    uow_factory: UowFactory,
) -> None:
    [no] = await _add(uow_factory, _entry("CT000002", 1))
    async with uow_factory() as uow:
        other = type(JANA)(telegram_id=7, salesperson_code="PK")
        with pytest.raises(Forbidden):
            await svc.set_entry_canceled(uow, user=other, entry_no=no, canceled=True)
        await svc.set_entry_canceled(uow, user=PETR, entry_no=no, canceled=True)


async def test_an_entry_of_a_canceled_logged_segment_cannot_be_uncanceled_alone(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        segment = await seg.create_segment(
            uow, user=PETR, description="x", template_code="CALL-OUT"
        )
        await seg.add_contacts(
            uow, user=PETR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        event = await log_segment(uow, user=JANA, no=segment.no, follow_up=False, now=NOW)
        await set_logged_segment_canceled(
            uow, user=PETR, entry_no=event.logged.entry_no, canceled=True
        )
        [entry, *_] = await uow.entries.history(["CT000001"], limit=1)
        assert entry.entry_no is not None
        with pytest.raises(ValidationFailed) as caught:
            await svc.set_entry_canceled(uow, user=JANA, entry_no=entry.entry_no, canceled=False)
    assert caught.value.key == "entry_in_canceled_logged_segment"


@pytest.mark.parametrize("typed", ["novak", "NOVAK", "Novák", "novák"])
async def test_search_finds_novak_however_typed(uow_factory: UowFactory, typed: str) -> None:
    async with uow_factory() as uow:
        found = await search_contacts(uow, user=JANA, query=typed, limit=10)
    assert [c.name for c in found] == ["Eva Nováková", "Jan Novák"]


async def test_search_ranks_prefix_before_word_starts_and_substring_and_pages(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        found = await search_contacts(uow, user=JANA, query="nov", limit=10)
        page2 = await search_contacts(uow, user=JANA, query="nov", limit=1, offset=1)
        short = await search_contacts(uow, user=JANA, query="no", limit=10)
        cyrillic = await search_contacts(uow, user=JANA, query="иван", limit=10)
        exact = await search_contacts(uow, user=JANA, query="Alza s.r.o.", limit=10)
        prefix = await search_contacts(uow, user=JANA, query="al", limit=10)
    assert [c.no for c in found] == ["CT000003", "CT000002"]  # both word starts: by name
    assert [c.no for c in exact] == ["CT000001"]
    assert [c.no for c in prefix] == ["CT000001"]
    assert [c.no for c in page2] == ["CT000002"]
    # Under three characters: the starts of names and of their words only.
    assert [c.no for c in short] == ["CT000003", "CT000002"]
    assert [c.no for c in cyrillic] == ["CT000005"]


async def test_blank_search_is_refused(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(ValidationFailed):
            await search_contacts(uow, user=JANA, query="   ", limit=10)


async def test_templates_are_grouped_most_used_first(uow_factory: UowFactory) -> None:
    await _add(uow_factory, _entry("CT000002", 1), _entry("CT000002", 2))
    async with uow_factory() as uow:
        groups = await templates_by_group(uow, user=JANA)
        other = await templates_by_group(uow, user=PETR)
    assert [g.code for g, _ in groups] == ["PHONE", "MEETING"]
    assert [t.code for t in groups[0][1]] == ["CALL-OUT", "CALL-IN"]
    # Petr has logged nothing: by description ("Customer visit" < "Incoming call")
    assert [g.code for g, _ in other] == ["MEETING", "PHONE"]
    assert [t.code for t in other[1][1]] == ["CALL-IN", "CALL-OUT"]
