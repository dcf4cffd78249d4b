"""The users of the bot and the demo data set, as the command line's operator manages them
(on the fakes: the repositories they read are tested on both databases)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.access import OPERATOR
from domain.errors import Forbidden, NotFound
from domain.model import User
from domain.services import demo, users
from tests.fakes import Data, FakeUnitOfWork
from tests.seed import JANA, PETR
from tests.services.conftest import UowFactory

pytestmark = pytest.mark.parametrize("backend_url", ["fake"], indirect=True)


async def test_only_administrators_remove_users_and_a_missing_one_is_told(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        with pytest.raises(Forbidden):
            await users.remove_user(uow, user=JANA, telegram_id=PETR.telegram_id)
        removed = await users.remove_user(uow, user=OPERATOR, telegram_id=JANA.telegram_id)
        await uow.commit()
    assert removed.salesperson_code == "JN"
    async with uow_factory() as uow:
        assert await uow.users.get(JANA.telegram_id) is None
        with pytest.raises(NotFound) as missing:
            await users.remove_user(uow, user=PETR, telegram_id=JANA.telegram_id)
    assert missing.value.key == "user_not_found"


async def test_the_list_of_users_names_their_salespeople_for_administrators(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.users.save(User(telegram_id=77, salesperson_code="GONE"))
        with pytest.raises(Forbidden):
            await users.list_users(uow, user=JANA)
        listed = await users.list_users(uow, user=OPERATOR)
    names = {u.user.telegram_id: u.salesperson_name for u in listed}
    assert names == {JANA.telegram_id: "Jana Nováková", PETR.telegram_id: "Petr Král", 77: None}


async def test_demo_data_goes_into_an_empty_database_once(uow_factory: UowFactory) -> None:
    today = dt.date(2026, 3, 2)
    async with uow_factory() as uow:  # the seed's contacts are there
        with pytest.raises(Forbidden):
            await demo.load_demo(uow, user=JANA, today=today)
        refused = await demo.load_demo(uow, user=OPERATOR, today=today)
    assert refused.summary is None and not refused.loaded_already and refused.contacts > 0
    empty = Data()
    async with FakeUnitOfWork(empty) as uow:
        loaded = await demo.load_demo(uow, user=OPERATOR, today=today)
        await uow.commit()
    async with FakeUnitOfWork(empty) as uow:
        again = await demo.load_demo(uow, user=OPERATOR, today=today)
    assert loaded.summary is not None and loaded.summary.segment_lines > 0
    assert again.loaded_already and again.summary is None
