"""The activity services: who sees what, and what counts (on the fakes and both databases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from domain.activity import Period
from domain.errors import Forbidden, NotFound, ValidationFailed
from domain.model import User
from domain.services import statistics as svc
from tests.seed import JANA, PETR
from tests.services.conftest import UowFactory
from tests.storage.builders import entry

TODAY = dt.date(2026, 11, 30)


async def _log(factory: UowFactory) -> None:
    async with factory() as uow:
        for days, code, extra in [
            (0, "JN", {}),
            (1, "JN", {"attempt_failed": True}),
            (2, "JN", {"canceled": True}),
            (3, "JN", {"postponed": True}),
            (8, "JN", {"group_code": "MEETING"}),
            (9, "PK", {}),
            (40, "JN", {}),
        ]:
            await uow.entries.add(
                entry(
                    "CT000002",
                    contact_company_no="CT000001",
                    date=TODAY - dt.timedelta(days=days),
                    salesperson_code=code,
                    **extra,
                )
            )
        await uow.commit()


async def test_own_activity_counts_as_contact_statistics_do(uow_factory: UowFactory) -> None:
    await _log(uow_factory)
    async with uow_factory() as uow:
        report = await svc.own_activity(uow, user=JANA, period=Period.MONTH, today=TODAY)
    assert report.totals.interactions == 3  # canceled and postponed left out; PK's too
    assert report.totals.attempts_failed == 1 and report.totals.successful_percent == 67
    assert report.totals.cost == Decimal("4.50") and report.totals.duration == 15
    assert report.previous.interactions == 1
    assert report.chart.series == {"MEETING": [0, 0, 1, 0], "PHONE": [0, 0, 0, 2]}


async def test_team_activity_is_for_administrators(uow_factory: UowFactory) -> None:
    await _log(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(Forbidden):
            await svc.team_activity(uow, user=JANA, period=Period.WEEK, today=TODAY)
        report = await svc.team_activity(uow, user=PETR, period=Period.MONTH, today=TODAY)
        blocked = replace(PETR, salesperson_blocked=True)
        with pytest.raises(Forbidden):
            await svc.team_activity(uow, user=blocked, period=Period.WEEK, today=TODAY)
    assert report.chart.groups == {"JN": [0, 0, 1, 2], "PK": [0, 0, 1, 0]}


async def test_export_scope(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        assert await svc.export_scope(uow, user=PETR, salesperson_code="") == ""
        assert await svc.export_scope(uow, user=PETR, salesperson_code="jn") == "JN"
        assert await svc.export_scope(uow, user=JANA, salesperson_code="") == "JN"
        assert await svc.export_scope(uow, user=JANA, salesperson_code="JN") == "JN"
        with pytest.raises(Forbidden):
            await svc.export_scope(uow, user=JANA, salesperson_code="PK")
        with pytest.raises(NotFound):
            await svc.export_scope(uow, user=PETR, salesperson_code="XX")
    with pytest.raises(ValidationFailed):
        svc.export_dates("2026-12-01", "2026-11-01")
    assert svc.export_dates("2026-01-01", None) == (dt.date(2026, 1, 1), None)


@pytest.mark.parametrize("backend_url", ["fake"], indirect=True)
async def test_the_export_holds_what_the_user_may_export(uow_factory: UowFactory) -> None:
    await _log(uow_factory)

    async def exported(user: User, code: str, *, postponed: bool = False) -> list[str]:
        async with uow_factory() as uow:
            rows = await svc.export_interactions(
                uow,
                user=user,
                date_from=TODAY - dt.timedelta(days=9),
                date_to=None,
                salesperson_code=code,
                include_postponed=postponed,
            )
        return [e.salesperson_code for e, _name in rows]

    assert await exported(PETR, "") == ["JN", "JN", "JN", "JN", "PK"]  # canceled ones too
    assert await exported(JANA, "") == ["JN", "JN", "JN", "JN"]
    assert await exported(JANA, "jn", postponed=True) == ["JN"] * 5
    with pytest.raises(Forbidden):
        await exported(JANA, "PK")
    with pytest.raises(NotFound):
        await exported(PETR, "XX")
