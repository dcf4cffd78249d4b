"""Who may log which segment: a salesperson their own and those of no one, an administrator
any (domain.access.may_log)."""

from __future__ import annotations

import pytest

from domain.errors import Forbidden
from domain.model import ContactCriteria, User
from domain.services import segments as seg
from domain.services.log_segment import log_segment
from tests.seed import JANA, PETR
from tests.services.conftest import NOW, UowFactory


async def _segment_of(factory: UowFactory, salesperson_code: str) -> str:
    async with factory() as uow:
        segment = await seg.create_segment(
            uow,
            user=PETR,
            description="Autumn campaign",
            salesperson_code=salesperson_code,
            template_code="CALL-OUT",
        )
        await seg.add_contacts(
            uow, user=PETR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        await uow.commit()
    return segment.no


async def _log(factory: UowFactory, user: User, no: str) -> int:
    async with factory() as uow:
        event = await log_segment(uow, user=user, no=no, follow_up=False, now=NOW)
        await uow.commit()
    return event.entries


async def test_a_salesperson_cannot_log_a_colleagues_segment(uow_factory: UowFactory) -> None:
    no = await _segment_of(uow_factory, "PK")
    async with uow_factory() as uow:
        with pytest.raises(Forbidden) as caught:
            await log_segment(uow, user=JANA, no=no, follow_up=False, now=NOW)
    assert caught.value.key == "segment_not_yours"
    async with uow_factory() as uow:
        assert await uow.segments.get(no) is not None
        assert await uow.logged_segments.for_segment(no) is None


@pytest.mark.parametrize(("owner", "user"), [("JN", JANA), ("", JANA), ("JN", PETR)])
async def test_own_unowned_and_by_an_administrator_are_logged(
    uow_factory: UowFactory, owner: str, user: User
) -> None:
    no = await _segment_of(uow_factory, owner)
    assert await _log(uow_factory, user, no) > 0
