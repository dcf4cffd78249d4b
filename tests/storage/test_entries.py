"""Interaction log entries: round trips, lists, statistics, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from domain.model import (
    Attachment,
    AttachmentKind,
    ContactStatistics,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    Location,
)
from storage import SqlUnitOfWork
from tests.storage.builders import DAY, NOON, company, entry

UowFactory = Callable[[], SqlUnitOfWork]


async def test_add_get_update_delete(uow_factory: UowFactory) -> None:
    full = entry(
        "CT1",
        contact_company_no="CO1",
        information_flow=InformationFlow.OUTBOUND,
        initiated_by=InitiatedBy.US,
        cost=Decimal("12.34"),
        evaluation=Evaluation.VERY_POSITIVE,
        attempt_failed=True,
        campaign_no="CA1",
        segment_no="S1",
        logged_segment_entry_no=7,
        canceled=True,
        attachment=Attachment(AttachmentKind.VOICE, "file-1"),
        location=Location(50.0755, 14.4378),
    )
    async with uow_factory() as uow:
        assert await uow.entries.add(full) == 1
        assert await uow.entries.add(entry("CT2")) == 2
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.entries.get(1)
        full.entry_no = 1
        assert stored == full
        stored.description = "Changed"
        stored.postponed = True
        stored.attachment = None
        stored.location = None
        await uow.entries.update(stored)
        await uow.entries.delete(2)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.entries.get(1) == stored
        assert await uow.entries.get(2) is None


async def test_postponed_lists_a_salespersons_postponed_newest_first(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.entries.add(entry(postponed=True, date=DAY))
        await uow.entries.add(entry(postponed=True, date=DAY + dt.timedelta(days=1)))
        await uow.entries.add(entry(postponed=False))
        await uow.entries.add(entry(postponed=True, salesperson_code="SP2"))
        postponed = await uow.entries.postponed("SP1")
    assert [e.entry_no for e in postponed] == [2, 1]


async def test_history_newest_first_without_postponed(uow_factory: UowFactory) -> None:
    later = dt.time(15, 30)
    async with uow_factory() as uow:
        for kw in (
            {"date": DAY, "time": NOON},  # 1
            {"date": DAY, "time": later},  # 2
            {"date": DAY - dt.timedelta(days=3), "time": later},  # 3
            {"date": DAY, "time": later},  # 4: same moment as 2, higher number
            {"date": DAY + dt.timedelta(days=9), "postponed": True},  # 5
            {"date": DAY, "canceled": True},  # 6: canceled entries stay in the log
        ):
            await uow.entries.add(entry("CT1", **kw))
        await uow.entries.add(entry("CT2", date=DAY + dt.timedelta(days=1)))  # 7
        await uow.commit()
    async with uow_factory() as uow:
        history = await uow.entries.history(["CT1"], limit=10)
        assert [e.entry_no for e in history] == [4, 2, 6, 1, 3]
        page = await uow.entries.history(["CT1", "CT2"], limit=2, offset=1)
        assert [e.entry_no for e in page] == [4, 2]
        assert await uow.entries.history([], limit=10) == []


async def test_statistics_exclude_postponed_and_canceled(uow_factory: UowFactory) -> None:
    d = DAY
    async with uow_factory() as uow:
        for kw in (
            {"date": d, "cost": Decimal("1.10"), "duration": 3, "initiated_by": InitiatedBy.THEM},
            {"date": d + dt.timedelta(days=1), "cost": Decimal("2.20"), "duration": 4},
            # a failed attempt by us: counted, but not as the last interaction
            {
                "date": d + dt.timedelta(days=5),
                "cost": Decimal("0.30"),
                "duration": 1,
                "attempt_failed": True,
                "initiated_by": InitiatedBy.US,
            },
            {"date": d + dt.timedelta(days=9), "postponed": True, "initiated_by": InitiatedBy.US},
            {"date": d + dt.timedelta(days=9), "canceled": True, "initiated_by": InitiatedBy.US},
        ):
            await uow.entries.add(entry("CT1", **kw))
        await uow.entries.add(entry("CT2", date=d + dt.timedelta(days=2), cost=Decimal("5")))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.entries.statistics(["CT1"]) == ContactStatistics(
            interactions=3,
            cost=Decimal("3.60"),
            duration=8,
            last_date=d + dt.timedelta(days=1),
            last_attempted=d + dt.timedelta(days=5),
        )
        both = await uow.entries.statistics(["CT1", "CT2"])
        assert (both.interactions, both.cost, both.last_date) == (
            4,
            Decimal("8.60"),
            d + dt.timedelta(days=2),
        )
        assert await uow.entries.statistics(["nobody"]) == ContactStatistics()
        assert await uow.entries.statistics([]) == ContactStatistics()


async def test_export_in_entry_order_with_contact_names(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.contacts.save(company("CT1", "Acme"))
        await uow.entries.add(entry("CT1", date=DAY))
        await uow.entries.add(entry("CT1", date=DAY + dt.timedelta(days=1), postponed=True))
        await uow.entries.add(entry("GONE", date=DAY + dt.timedelta(days=2), salesperson_code="X"))
        await uow.entries.add(entry("CT1", date=DAY - dt.timedelta(days=1)))
        everything = await uow.entries.export(
            date_from=None, date_to=None, salesperson_code="", include_postponed=True
        )
        assert [(e.entry_no, name) for e, name in everything] == [
            (1, "Acme"),
            (2, "Acme"),
            (3, ""),
            (4, "Acme"),
        ]
        some = await uow.entries.export(
            date_from=DAY,
            date_to=DAY + dt.timedelta(days=2),
            salesperson_code="SP1",
            include_postponed=False,
        )
        assert [e.entry_no for e, _ in some] == [1]
