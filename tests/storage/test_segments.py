"""Segments and logged segments, with the set-based logging of a segment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from domain.model import (
    InformationFlow,
    InitiatedBy,
    LoggedSegment,
    Salesperson,
    SegmentSummary,
)
from storage import SqlUnitOfWork
from tests.storage.builders import DAY, NOON, company, entry, line, segment, template

UowFactory = Callable[[], SqlUnitOfWork]


async def test_header_round_trip_list_and_delete(uow_factory: UowFactory) -> None:
    header = segment(
        "S1",
        description="Spring fair",
        template_code="MAIL",
        salesperson_code="SP1",
        date=DAY,
        cost=Decimal("0.80"),
        duration=2,
        information_flow=InformationFlow.OUTBOUND,
        initiated_by=InitiatedBy.US,
        campaign_no="CA1",
    )
    async with uow_factory() as uow:
        await uow.segments.add(header)
        await uow.segments.add(segment("S0"))
        await uow.segments.add_lines([line("S1", 10000, "CT1"), line("S1", 20000, "CT2")])
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.segments.get("S1") == header
        header.description = "Autumn fair"
        header.date = None
        await uow.segments.update(header)
        assert await uow.segments.get("S1") == header
        assert [s.no for s in await uow.segments.list()] == ["S0", "S1"]
        await uow.segments.delete("S1")
        assert await uow.segments.get("S1") is None
        assert await uow.segments.lines("S1") == []
        assert await uow.segments.get("nope") is None


async def test_lines_edit_and_summary(uow_factory: UowFactory) -> None:
    lines = [
        line("S1", 10000, "CT1", template_code="MAIL", cost=Decimal("1.25"), duration=2),
        line("S1", 20000, "CT2", template_code="MAIL", cost=Decimal("1.25"), duration=2),
        line("S1", 30000, "CT3", date=DAY, salesperson_code="SP9", description="Hi"),
    ]
    async with uow_factory() as uow:
        await uow.segments.add(segment("S1"))
        await uow.segments.add_lines(lines)
        await uow.segments.add_lines([])
        assert await uow.segments.lines("S1") == lines
        assert await uow.segments.lines("S1", limit=1, offset=1) == lines[1:2]
        assert await uow.segments.contact_nos("S1") == {"CT1", "CT2", "CT3"}
        assert await uow.segments.last_line_no("S1") == 30000
        assert await uow.segments.last_line_no("S2") == 0
        summary = await uow.segments.summary("S1")
        assert summary == SegmentSummary(
            segment=segment("S1"),
            lines=3,
            total_cost=Decimal("2.50"),
            total_duration=4,
            lines_without_template=1,
        )
        changed = lines[2]
        changed.template_code = "CALL"
        changed.template_overridden = True
        await uow.segments.update_line(changed)
        assert (await uow.segments.lines("S1"))[2] == changed
        assert await uow.segments.remove_lines("S1", ["CT1", "CT3", "CT9"]) == 2
        assert await uow.segments.remove_lines("S1", []) == 0
        assert await uow.segments.contact_nos("S1") == {"CT2"}
        assert await uow.segments.summary("nope") is None


async def test_follow_header_template_skips_overridden_and_other_lines(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.segments.add(segment("S1", template_code="OLD"))
        await uow.segments.add_lines(
            [
                line("S1", 1, "CT1", template_code="OLD"),
                line("S1", 2, "CT2", template_code="OLD", template_overridden=True),
                line("S1", 3, "CT3", template_code="OTHER"),
            ]
        )
        header = segment(
            "S1",
            template_code="NEW",
            cost=Decimal("3.00"),
            duration=7,
            information_flow=InformationFlow.INBOUND,
            initiated_by=InitiatedBy.THEM,
        )
        assert await uow.segments.follow_header_template("S1", old_code="OLD", segment=header) == 1
        got = await uow.segments.lines("S1")
    assert [(ln.template_code, ln.cost, ln.duration) for ln in got] == [
        ("NEW", Decimal("3.00"), 7),
        ("OLD", Decimal("0"), 0),
        ("OTHER", Decimal("0"), 0),
    ]
    assert got[0].information_flow is InformationFlow.INBOUND
    assert got[0].initiated_by is InitiatedBy.THEM


async def _reference_data(uow: SqlUnitOfWork) -> None:
    await uow.salespeople.save(Salesperson("SP1", "Anna"))
    await uow.salespeople.save(Salesperson("SP2", "Bert"))
    await uow.salespeople.save(Salesperson("OLD", "Gone", blocked=True))
    await uow.templates.save(template("MAIL", "LETTERS", description="Mailing", campaign_no="T"))
    await uow.templates.save(template("CALL", "PHONE", description="Phone call"))
    await uow.contacts.save_many([company(f"CT{i}", f"Firma {i}") for i in range(1, 6)])


async def test_invalid_lines_names_one_reason_per_line(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await _reference_data(uow)
        await uow.segments.add(segment("S1", salesperson_code="SP1", date=DAY))
        await uow.segments.add(segment("S2", salesperson_code="GONE"))
        await uow.segments.add(segment("S3"))
        await uow.segments.add_lines(
            [
                line("S1", 1, "CT1", template_code="MAIL"),  # fine
                line("S1", 2, "CT2"),  # no template
                line("S1", 3, "CT3", template_code="GONE"),  # unknown template
                line("S1", 4, "NOBODY", template_code="MAIL"),  # unknown contact
                line("S1", 5, "NOBODY", template_code=""),  # the first reason only
                line("S1", 6, "CT4", template_code="MAIL", salesperson_code="NOSUCH"),
                line("S1", 7, "CT5", template_code="CALL", salesperson_code="SP2"),  # fine
                line("S2", 1, "CT1", template_code="MAIL"),  # the header's salesperson: unknown
                line("S2", 2, "CT1", template_code="MAIL", salesperson_code="SP1"),  # fine
                line("S3", 1, "CT1", template_code="MAIL"),  # none at all: filled when logged
            ]
        )
        assert await uow.segments.invalid_lines("S1", limit=10) == [
            (2, "template"),
            (3, "template"),
            (4, "contact"),
            (5, "template"),
            (6, "salesperson"),
        ]
        assert await uow.segments.invalid_lines("S1", limit=2) == [(2, "template"), (3, "template")]
        assert await uow.segments.invalid_lines("S2", limit=10) == [(1, "salesperson")]
        assert await uow.segments.invalid_lines("S3", limit=10) == []


async def test_add_from_segment_one_entry_per_line_from_its_own_values(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        await _reference_data(uow)
        await uow.entries.add(entry("CT9"))  # entry 1: numbering continues after it
        await uow.segments.add(segment("S1", salesperson_code="SP1", campaign_no=""))
        await uow.segments.add_lines(
            [
                line(
                    "S1",
                    20000,
                    "CT2",
                    contact_company_no="CO2",
                    template_code="CALL",
                    cost=Decimal("4.50"),
                    duration=15,
                    information_flow=InformationFlow.OUTBOUND,
                    initiated_by=InitiatedBy.US,
                    salesperson_code="SP2",
                    description="Own text",
                ),
                line(
                    "S1",
                    10000,
                    "CT1",
                    template_code="MAIL",
                    cost=Decimal("0.80"),
                    duration=1,
                    information_flow=InformationFlow.INBOUND,
                    initiated_by=InitiatedBy.THEM,
                ),
                line("S1", 30000, "CT3", template_code="MAIL", date=DAY - dt.timedelta(days=1)),
            ]
        )
        await uow.segments.add(segment("S2"))
        await uow.segments.add_lines([line("S2", 1, "CT3", template_code="MAIL")])
        logged = await uow.logged_segments.add(
            LoggedSegment(0, "S1", "Fair", creation_date=DAY, user_id="ANNA")
        )
        written = await uow.entries.add_from_segment(
            segment_no="S1",
            logged_segment_entry_no=logged,
            user_id="ANNA",
            date=DAY,
            time=NOON,
        )
        assert written == 3
        assert await uow.entries.add(entry("CT9")) == 5  # after the reserved block
        await uow.commit()
    async with uow_factory() as uow:
        first, second, third = [await uow.entries.get(n) for n in (2, 3, 4)]
    assert first == entry(
        "CT1",
        entry_no=2,
        contact_company_no="CT1",
        template_code="MAIL",
        group_code="LETTERS",
        description="Mailing",  # the line has none: the template's
        cost=Decimal("0.80"),
        duration=1,
        information_flow=InformationFlow.INBOUND,
        initiated_by=InitiatedBy.THEM,
        salesperson_code="SP1",  # the line has none: the header's
        campaign_no="T",  # the header has none: the template's
        segment_no="S1",
        logged_segment_entry_no=logged,
    )
    assert second == entry(
        "CT2",
        entry_no=3,
        contact_company_no="CO2",
        template_code="CALL",
        group_code="PHONE",
        description="Own text",
        cost=Decimal("4.50"),
        duration=15,
        information_flow=InformationFlow.OUTBOUND,
        initiated_by=InitiatedBy.US,
        salesperson_code="SP2",
        campaign_no="",
        segment_no="S1",
        logged_segment_entry_no=logged,
    )
    assert third is not None and third.date == DAY - dt.timedelta(days=1)  # the line's own


async def test_add_from_segment_descriptions_line_then_header_then_template(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        await _reference_data(uow)
        await uow.segments.add(segment("S1", description="Autumn fair", date=DAY))
        await uow.segments.add_lines(
            [
                line("S1", 1, "CT1", template_code="MAIL"),
                line("S1", 2, "CT2", template_code="MAIL", description="Own"),
            ]
        )
        await uow.segments.add(segment("S2"))
        await uow.segments.add_lines([line("S2", 1, "CT3", template_code="MAIL")])
        for no in ("S1", "S2"):
            await uow.entries.add_from_segment(
                segment_no=no,
                logged_segment_entry_no=1,
                user_id="U",
                date=DAY + dt.timedelta(days=3),
                time=NOON,
            )
        stored = [await uow.entries.get(n) for n in (1, 2, 3)]
    assert [(e.description, e.date) for e in stored if e] == [
        ("Autumn fair", DAY),  # the header's date too
        ("Own", DAY),
        ("Mailing", DAY + dt.timedelta(days=3)),  # no date anywhere: the given one
    ]


async def test_add_from_an_empty_segment_writes_nothing(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.segments.add(segment("S1"))
        assert (
            await uow.entries.add_from_segment(
                segment_no="S1", logged_segment_entry_no=1, user_id="U", date=DAY, time=NOON
            )
            == 0
        )
        assert await uow.entries.add(entry()) == 1


async def test_add_from_segment_trusts_a_given_count_and_refuses_another(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        await _reference_data(uow)
        await uow.segments.add(segment("S1", salesperson_code="SP1"))
        lines = [line("S1", n, f"CT{n}", template_code="MAIL") for n in (1, 2)]
        await uow.segments.add_lines(lines)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(RuntimeError, match="changed while"):
            await uow.entries.add_from_segment(
                segment_no="S1", logged_segment_entry_no=1, user_id="U", date=DAY, time=NOON,
                lines=3,
            )  # fmt: skip
    async with uow_factory() as uow:
        written = await uow.entries.add_from_segment(
            segment_no="S1", logged_segment_entry_no=1, user_id="U", date=DAY, time=NOON, lines=2
        )
        assert written == 2
        assert await uow.templates.usage("SP1") == {"MAIL": 2}


async def test_add_from_a_large_segment_numbers_consecutively(uow_factory: UowFactory) -> None:
    count = 3000
    async with uow_factory() as uow:
        await _reference_data(uow)
        await uow.segments.add(segment("S1", salesperson_code="SP1"))
        await uow.segments.add_lines(
            [line("S1", n, f"C{count - n:05d}", template_code="MAIL") for n in range(count)]
        )
        assert (
            await uow.entries.add_from_segment(
                segment_no="S1", logged_segment_entry_no=1, user_id="U", date=DAY, time=NOON
            )
            == count
        )
        exported = await uow.entries.export(
            date_from=None, date_to=None, salesperson_code="", include_postponed=False
        )
    assert [e.entry_no for e, _ in exported] == list(range(1, count + 1))
    assert [e.contact_no for e, _ in exported[:2]] == [f"C{count:05d}", f"C{count - 1:05d}"]


async def test_copy_lines_keeps_contacts_without_template(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.segments.add(segment("S1"))
        await uow.segments.add_lines(
            [
                line(
                    "S1",
                    10000,
                    "CT1",
                    contact_company_no="CO",
                    template_code="MAIL",
                    salesperson_code="SP1",
                    date=DAY,
                    description="Hi",
                ),
                line("S1", 20000, "CT2", template_code="CALL", cost=Decimal(5)),
            ]
        )
        await uow.segments.add(segment("S2", salesperson_code="SP2", date=DAY))
        assert await uow.segments.copy_lines(source_no="S1", target_no="S2") == 2
        assert await uow.segments.lines("S2") == [
            line("S2", 10000, "CT1", contact_company_no="CO", salesperson_code="SP1"),
            line("S2", 20000, "CT2"),
        ]
        assert await uow.segments.copy_lines(source_no="S1", target_no="S2") == 2
        assert [ln.line_no for ln in await uow.segments.lines("S2")] == [
            10000,
            20000,
            30000,
            40000,
        ]


async def test_logged_segments_list_count_and_cancel(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        first = await uow.logged_segments.add(LoggedSegment(0, "S1", "One", DAY, "ANNA"))
        second = await uow.logged_segments.add(LoggedSegment(0, "S2", "Two", DAY, "ANNA"))
        assert (first, second) == (1, 2)
        for logged in (first, first, first, second):
            await uow.entries.add(entry(logged_segment_entry_no=logged, segment_no="S"))
        await uow.entries.add(entry(logged_segment_entry_no=first, canceled=True))
        assert await uow.logged_segments.get(first) == LoggedSegment(1, "S1", "One", DAY, "ANNA")
        assert await uow.logged_segments.for_segment("S2") == LoggedSegment(
            2, "S2", "Two", DAY, "ANNA"
        )
        assert await uow.logged_segments.for_segment("S3") is None
        listed = await uow.logged_segments.list(limit=10)
        assert [(ls.entry_no, n) for ls, n in listed] == [(2, 1), (1, 3)]
        assert [ls.entry_no for ls, _ in await uow.logged_segments.list(limit=1, offset=1)] == [1]

        logged_one = await uow.logged_segments.get(first)
        assert logged_one is not None
        logged_one.canceled = True
        await uow.logged_segments.update(logged_one)
        assert await uow.entries.set_canceled_by_logged_segment(first, canceled=True) == 4
        listed = await uow.logged_segments.list(limit=10)
        assert [(ls.entry_no, ls.canceled, n) for ls, n in listed] == [(2, False, 1), (1, True, 4)]
        stats = await uow.entries.statistics(["CT1"])
        assert stats.interactions == 1
        assert stats.last_date == dt.date(2024, 5, 17)
