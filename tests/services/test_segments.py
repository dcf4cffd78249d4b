"""Segments and Log Segment: every check of domain.md, and all-or-nothing logging."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import text

from domain.criteria import parse_criteria
from domain.errors import DomainError, Forbidden, NotFound, NumberSeriesMissing, ValidationFailed
from domain.model import ContactCriteria, ContactType, MarketingSetup, Salesperson
from domain.ports import UnitOfWork
from domain.services import segments as seg
from domain.services.log_segment import log_segment, set_logged_segment_canceled
from tests.seed import JANA, PETR
from tests.services.conftest import NOW, UowFactory


async def _segment(factory: UowFactory, *, template: str = "CALL-OUT", **kw: object) -> str:
    async with factory() as uow:
        segment = await seg.create_segment(
            uow, user=PETR, description="Autumn campaign", template_code=template
        )
        await seg.add_contacts(uow, user=PETR, no=segment.no, criteria=ContactCriteria(**kw))  # type: ignore[arg-type]
        await uow.commit()
    return segment.no


async def test_numbers_come_from_the_segment_series(uow_factory: UowFactory) -> None:
    assert await _segment(uow_factory) == "S00001"
    assert await _segment(uow_factory) == "S00002"


async def test_missing_series_is_a_clear_refusal(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.setup.save(MarketingSetup(segment_nos=""))
        with pytest.raises(NumberSeriesMissing) as caught:
            await seg.create_segment(uow, user=PETR, description="x")
    assert caught.value.params["setting"] == "segment_nos"


async def test_add_skips_present_and_excluded_contacts(uow_factory: UowFactory) -> None:
    no = await _segment(uow_factory, type=ContactType.PERSON)
    async with uow_factory() as uow:
        present = await uow.segments.contact_nos(no)
        again = await seg.add_contacts(uow, user=PETR, no=no, criteria=ContactCriteria())
        with_excluded = await seg.add_contacts(
            uow, user=PETR, no=no, criteria=ContactCriteria(), ignore_exclusion=True
        )
    # Persons: CT000002, CT000003; CT000005 is excluded from segments, CT000006 is blocked
    # due to privacy (never added).
    assert present == {"CT000002", "CT000003"}
    assert again == 2  # the two companies; persons already present are skipped
    assert with_excluded == 1  # CT000005 only when exclusion is ignored


async def test_expand_companies_adds_their_persons(uow_factory: UowFactory) -> None:
    no = await _segment(uow_factory)
    async with uow_factory() as uow:
        await seg.remove_contact(uow, user=PETR, no=no, contact_no="CT000002")
        await uow.segments.remove_lines(no, sorted(await uow.segments.contact_nos(no)))
        added = await seg.add_contacts(
            uow,
            user=PETR,
            no=no,
            criteria=ContactCriteria(company_no="CT000001", type=ContactType.COMPANY),
            expand_companies=True,
        )
        assert await uow.segments.contact_nos(no) == {"CT000001", "CT000002", "CT000003"}
    assert added == 3


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (ContactCriteria(city="Praha"), {"CT000001", "CT000002"}),
        (ContactCriteria(salesperson_code="PK"), {"CT000003", "CT000004"}),
        (ContactCriteria(business_relation="vendor"), {"CT000004"}),
        (ContactCriteria(country="CZ"), {"CT000001", "CT000004"}),
        (ContactCriteria(name_query="novak"), {"CT000002", "CT000003"}),
        (ContactCriteria(company_no="CT000004"), {"CT000004"}),  # not CT000006: blocked
    ],
)
async def test_add_by_each_criterion(
    uow_factory: UowFactory, criteria: ContactCriteria, expected: set[str]
) -> None:
    async with uow_factory() as uow:
        segment = await seg.create_segment(uow, user=PETR, description="x")
        await seg.add_contacts(uow, user=PETR, no=segment.no, criteria=criteria)
        assert await uow.segments.contact_nos(segment.no) == expected


async def test_reduce_and_refine(uow_factory: UowFactory) -> None:
    no = await _segment(uow_factory)
    async with uow_factory() as uow:
        removed = await seg.reduce_contacts(
            uow, user=PETR, no=no, criteria=ContactCriteria(city="Praha")
        )
        assert "CT000002" not in await uow.segments.contact_nos(no)
        kept_removed = await seg.refine_contacts(
            uow, user=PETR, no=no, criteria=ContactCriteria(type=ContactType.COMPANY)
        )
        assert await uow.segments.contact_nos(no) == {"CT000004"}
    assert removed == 2 and kept_removed == 1  # CT000003 (CT000006, blocked, was never in)


async def test_header_template_change_carries_lines_but_not_overrides(
    uow_factory: UowFactory,
) -> None:
    no = await _segment(uow_factory, type=ContactType.COMPANY)
    async with uow_factory() as uow:
        _, second = await uow.segments.lines(no)
        await seg.override_line_template(
            uow, user=PETR, no=no, line_no=second.line_no, template_code="CALL-IN"
        )
        followed = await seg.set_segment_template(uow, user=PETR, no=no, template_code="VISIT")
        lines = await uow.segments.lines(no)
    assert followed == 1
    assert [(ln.template_code, ln.duration) for ln in lines] == [("VISIT", 60), ("CALL-IN", 3)]


async def test_log_segment_writes_one_entry_per_line_from_its_own_template(
    uow_factory: UowFactory,
) -> None:
    no = await _segment(uow_factory, type=ContactType.COMPANY)
    async with uow_factory() as uow:
        _, second = await uow.segments.lines(no)
        await seg.override_line_template(
            uow, user=PETR, no=no, line_no=second.line_no, template_code="VISIT"
        )
        event = await log_segment(uow, user=JANA, no=no, follow_up=False, now=NOW)
        await uow.commit()
    assert event.entries == 2 and event.follow_up_no is None
    async with uow_factory() as uow:
        entries = await uow.entries.history(["CT000001", "CT000004"], limit=10)
        assert await uow.segments.get(no) is None  # left the open segments
        logged = await uow.logged_segments.get(event.logged.entry_no)
    assert logged is not None and logged.segment_no == no
    by_contact = {e.contact_no: e for e in entries}
    assert by_contact["CT000001"].template_code == "CALL-OUT"
    assert (by_contact["CT000004"].template_code, by_contact["CT000004"].cost) == ("VISIT", 40)
    assert {e.logged_segment_entry_no for e in entries} == {event.logged.entry_no}
    assert {e.segment_no for e in entries} == {no}
    assert {e.description for e in entries} == {"Autumn campaign"}


async def test_follow_up_segment_has_the_same_contacts_and_next_number(
    uow_factory: UowFactory,
) -> None:
    no = await _segment(uow_factory, type=ContactType.PERSON)
    async with uow_factory() as uow:
        contacts = await uow.segments.contact_nos(no)
        event = await log_segment(uow, user=JANA, no=no, follow_up=True, now=NOW)
        await uow.commit()
    assert event.follow_up_no == "S00002"
    async with uow_factory() as uow:
        follow_up = await uow.segments.get("S00002")
        assert await uow.segments.contact_nos("S00002") == contacts
        lines = await uow.segments.lines("S00002")
    assert follow_up is not None
    assert follow_up.description == "Autumn campaign"  # the logged one's, unless told
    assert follow_up.template_code == "" and {ln.template_code for ln in lines} == {""}


@pytest.mark.parametrize(
    ("prepare", "key"),
    [
        ("no_description", "field_required"),
        ("empty", "segment_empty"),
        ("line_without_template", "segment_line_invalid"),
    ],
)
async def test_each_refusal_writes_nothing(uow_factory: UowFactory, prepare: str, key: str) -> None:
    async with uow_factory() as uow:
        segment = await seg.create_segment(
            uow, user=PETR, description="x", template_code="CALL-OUT"
        )
        if prepare != "empty":
            await seg.add_contacts(
                uow, user=PETR, no=segment.no, criteria=ContactCriteria(city="Praha")
            )
        if prepare == "no_description":
            segment.description = ""
            await uow.segments.update(segment)
        if prepare == "line_without_template":
            segment.template_code = ""
            await uow.segments.update(segment)
            await seg.add_contacts(
                uow, user=PETR, no=segment.no, criteria=ContactCriteria(city="Brno")
            )
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(DomainError) as caught:
            await log_segment(uow, user=JANA, no=segment.no, follow_up=True, now=NOW)
    assert caught.value.key == key
    async with uow_factory() as uow:
        assert await uow.logged_segments.list(limit=10) == []
        assert await uow.segments.get(segment.no) is not None
        assert (await uow.setup.series("SEGM")) is not None
        assert (await uow.setup.series("SEGM")).next_no == 2  # type: ignore[union-attr]


async def test_logging_the_same_segment_twice_is_refused(uow_factory: UowFactory) -> None:
    no = await _segment(uow_factory)
    async with uow_factory() as uow:
        await log_segment(uow, user=JANA, no=no, follow_up=False, now=NOW)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(DomainError) as caught:
            await log_segment(uow, user=JANA, no=no, follow_up=False, now=NOW)
    assert caught.value.key == "segment_already_logged"


async def test_cancel_and_uncancel_a_logged_segment_flags_every_entry(
    uow_factory: UowFactory,
) -> None:
    no = await _segment(uow_factory)
    async with uow_factory() as uow:
        event = await log_segment(uow, user=JANA, no=no, follow_up=False, now=NOW)
        await set_logged_segment_canceled(
            uow, user=PETR, entry_no=event.logged.entry_no, canceled=True
        )
        entries = await uow.entries.history(sorted(await _all_contacts(uow)), limit=100)
        assert entries and all(e.canceled for e in entries)
        [(logged, count)] = await uow.logged_segments.list(limit=10)
        assert logged.canceled and count == len(entries)
        await set_logged_segment_canceled(
            uow, user=PETR, entry_no=event.logged.entry_no, canceled=False
        )
        entries = await uow.entries.history(sorted(await _all_contacts(uow)), limit=100)
        assert not any(e.canceled for e in entries)


async def _all_contacts(uow: object) -> set[str]:
    return {c.no for c in await uow.contacts.matching(ContactCriteria())}  # type: ignore[attr-defined]


POSTGRES_ONLY = pytest.mark.parametrize("backend_url", ["postgresql"], indirect=True)


async def _waiting_for_a_lock(uow: object) -> None:
    """Until another transaction waits for a row this one holds (PostgreSQL)."""
    conn = uow.connection  # type: ignore[attr-defined]
    async with conn.engine.connect() as watcher:
        for _ in range(500):
            waiting = await watcher.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted"))
            if waiting:
                return
            await watcher.rollback()  # a fresh snapshot of pg_locks
            await asyncio.sleep(0.01)
    raise AssertionError("nobody waited for the lock")


async def _while_logged(
    factory: UowFactory, no: str, other: Callable[[UnitOfWork], Awaitable[object]]
) -> DomainError:
    """Runs `other` in a transaction of its own while another has logged segment `no` (with
    a follow-up) and not committed yet; the refusal `other` ends with."""

    async def run_other() -> None:
        async with factory() as uow:
            await other(uow)
            await uow.commit()

    async with factory() as first:
        await log_segment(first, user=JANA, no=no, follow_up=True, now=NOW)
        task = asyncio.create_task(run_other())
        await _waiting_for_a_lock(first)
        await first.commit()
    with pytest.raises(DomainError) as caught:
        await task
    return caught.value


@POSTGRES_ONLY
@pytest.mark.parametrize(
    ("meanwhile", "refusal"),
    [
        # Two users log it at once: the second is refused, not a second logged segment.
        ("log", "segment_already_logged"),
        # Contacts added meanwhile: refused (the segment is gone), not "added" and lost.
        ("add contacts", "segment_not_found"),
    ],
)
async def test_the_segment_is_held_while_it_is_logged(
    uow_factory: UowFactory, meanwhile: str, refusal: str
) -> None:
    """SQLite takes writers one at a time anyway; PostgreSQL must hold the segment."""
    no = await _segment(uow_factory, city="Praha")

    async def other(uow: UnitOfWork) -> object:
        if meanwhile == "log":
            return await log_segment(uow, user=JANA, no=no, follow_up=True, now=NOW)
        return await seg.add_contacts(uow, user=PETR, no=no, criteria=ContactCriteria(city="Brno"))

    refused = await _while_logged(uow_factory, no, other)
    assert refused.key == refusal
    async with uow_factory() as uow:
        assert len(await uow.logged_segments.list(limit=10)) == 1
        assert await uow.segments.get("S00003") is None  # one follow-up only


async def test_a_contact_blocked_due_to_privacy_is_refused_when_logging(
    uow_factory: UowFactory,
) -> None:
    """Blocked after it was added: no interaction may be logged for it."""
    no = await _segment(uow_factory, city="Praha")
    async with uow_factory() as uow:
        contact = await uow.contacts.get("CT000002")
        assert contact is not None
        contact.privacy_blocked = True
        await uow.contacts.save(contact)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(DomainError) as caught:
            await log_segment(uow, user=JANA, no=no, follow_up=False, now=NOW)
    assert caught.value.key == "segment_line_invalid"
    assert caught.value.params["reason"] == "privacy"
    assert (caught.value.params["contact"], caught.value.params["contact_no"]) == (
        "Jan Novák",
        "CT000002",
    )


async def test_assigning_a_segment_is_for_administrators_and_names_a_usable_salesperson(
    uow_factory: UowFactory,
) -> None:
    no = await _segment(uow_factory, city="Praha")
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("XB", "Gone", blocked=True))
        with pytest.raises(Forbidden):
            await seg.assign_segment(uow, user=JANA, no=no, salesperson_code="JN")
        with pytest.raises(NotFound) as unknown:
            await seg.assign_segment(uow, user=PETR, no=no, salesperson_code="NOPE")
        with pytest.raises(ValidationFailed) as blocked:
            await seg.assign_segment(uow, user=PETR, no=no, salesperson_code="XB")
        assert [s.code for s in await seg.assignable_salespeople(uow, user=PETR)] == ["JN", "PK"]
        assigned = await seg.assign_segment(uow, user=PETR, no=no, salesperson_code="jn")
        segment = await uow.segments.get(no)
        lines = await uow.segments.lines(no)
    assert (unknown.value.key, blocked.value.key) == (
        "salesperson_not_found",
        "segment_salesperson_blocked",
    )
    assert assigned == 2 and segment is not None and segment.salesperson_code == "JN"
    assert {ln.salesperson_code for ln in lines} == {"JN"}


async def test_a_company_criterion_names_it_by_number_or_part_of_its_name(
    uow_factory: UowFactory,
) -> None:
    by_name = parse_criteria('company="ALZA s.r.o"').criteria
    async with uow_factory() as uow:
        named = {c.no for c in await uow.contacts.matching(by_name)}
        numbered = {
            c.no for c in await uow.contacts.matching(ContactCriteria(company_query="ct000004"))
        }
        nothing = await uow.contacts.matching(ContactCriteria(company_query="Jan Novák"))
    assert by_name.company_query == "ALZA s.r.o"
    assert named == {"CT000001", "CT000002", "CT000003"}  # the company and its persons
    assert numbered == {"CT000004", "CT000005", "CT000006"}
    assert nothing == []  # a person's name names no company


async def test_salesperson_and_template_criteria_take_a_code_or_part_of_a_name(
    uow_factory: UowFactory,
) -> None:
    no = await _segment(uow_factory, city="Nowhere")
    async with uow_factory() as uow:
        for text, added in (("salesperson=král", 2), ("salesperson=jn", 2)):
            count = await seg.add_contacts(
                uow, user=PETR, no=no, criteria=parse_criteria(text).criteria
            )
            assert count == added, text
        refusals = {}
        for text in ("salesperson=nobody", "salesperson=a", "template=call", "template=zzz"):
            with pytest.raises(ValidationFailed) as caught:
                await seg.add_contacts(
                    uow, user=PETR, no=no, criteria=parse_criteria(text).criteria
                )
            refusals[text] = (caught.value.key, caught.value.params)
    assert refusals["salesperson=nobody"][0] == "criteria_salesperson_unknown"
    assert refusals["salesperson=nobody"][1]["known"] == "JN, PK"
    assert refusals["salesperson=a"] == (
        "criteria_salesperson_ambiguous",
        {"value": "a", "found": "JN, PK"},
    )
    assert refusals["template=call"] == (
        "criteria_template_ambiguous",
        {"value": "call", "found": "CALL-IN, CALL-OUT"},
    )
    assert refusals["template=zzz"][0] == "criteria_template_unknown"
