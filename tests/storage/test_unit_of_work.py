"""The unit of work: commit writes, leaving without commit writes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.model import Salesperson
from storage import SqlUnitOfWork
from tests.storage.builders import company, entry


async def test_commit_persists(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("SP1", "Anna"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.salespeople.get("SP1") == Salesperson("SP1", "Anna")


async def test_leaving_without_commit_writes_nothing(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("SP1", "Anna"))
        await uow.contacts.save(company("CT1", "Acme"))
        assert await uow.entries.add(entry()) == 1
    async with uow_factory() as uow:
        assert await uow.salespeople.get("SP1") is None
        assert await uow.contacts.count() == 0
        assert await uow.contacts.search("acme", limit=5) == []
        assert await uow.entries.add(entry()) == 1  # the number was given back


async def test_exception_rolls_back(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            await uow.salespeople.save(Salesperson("SP1", "Anna"))
            raise RuntimeError("boom")
    async with uow_factory() as uow:
        assert await uow.salespeople.list() == []


async def test_explicit_rollback_and_work_after_commit(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("SP1", "Anna"))
        await uow.rollback()
        await uow.salespeople.save(Salesperson("SP2", "Bert"))
        await uow.commit()
        await uow.salespeople.save(Salesperson("SP3", "Cleo"))  # not committed
    async with uow_factory() as uow:
        assert [s.code for s in await uow.salespeople.list()] == ["SP2"]


async def test_repositories_need_an_active_unit_of_work(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    uow = uow_factory()
    with pytest.raises(RuntimeError):
        await uow.commit()
