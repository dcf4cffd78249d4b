"""Which contact import runs: an unfinished one whose process is gone is undone by the
next, one that may still run refuses it (on the fakes, the process check faked too; the
real processes: tests/cli/test_import_chunks.py)."""

from __future__ import annotations

import io

import pytest

from domain.access import OPERATOR
from domain.errors import ValidationFailed
from domain.importing import COLUMNS, CONTACTS
from domain.model import Contact
from domain.services import imports
from domain.services.imports import Notice, Pace
from tests.fakes.import_owners import FakeImportOwners
from tests.services.conftest import UowFactory

pytestmark = pytest.mark.parametrize("backend_url", ["fake"], indirect=True)

CSV = (",".join(COLUMNS[CONTACTS]) + "\nNEW1,Nová Firma,Company" + "," * 11 + "\n").encode()


async def _killed_import(factory: UowFactory, owner: str) -> None:
    """An import by `owner` that changed CT000001 and added KILLED1, then stopped."""
    async with factory() as uow:
        await uow.contacts.begin_import(owner)
        await uow.contacts.journal(["CT000001", "KILLED1"])
        half = [Contact("CT000001", "Half-imported"), Contact("KILLED1", "X")]
        await uow.contacts.save_many(half)
        await uow.commit()


async def _import(factory: UowFactory, owners: FakeImportOwners, said: list[Notice]) -> int:
    result = await imports.import_csv(
        factory,
        user=OPERATOR,
        kind=CONTACTS,
        source=lambda: io.BytesIO(CSV),
        notify=said.append,
        pace=Pace(pause=0.0),
        owners=owners,
    )
    assert result.ok, result.problems
    return result.imported


async def test_an_import_whose_process_is_gone_is_undone_by_the_next(
    uow_factory: UowFactory,
) -> None:
    await _killed_import(uow_factory, "there:7")
    owners, said = FakeImportOwners(gone={"there:7"}), list[Notice]()
    assert await _import(uow_factory, owners, said) == 1
    assert owners.asked == ["there:7"]
    assert Notice("import.notice.undone", {"undone": 2}) in said
    async with uow_factory() as uow:
        restored = await uow.contacts.get("CT000001")
        assert restored is not None and restored.name != "Half-imported"
        assert await uow.contacts.get("KILLED1") is None
        assert await uow.contacts.get("NEW1") is not None
        assert await uow.contacts.import_owner() is None  # finished


async def test_an_import_that_may_still_run_refuses_another(uow_factory: UowFactory) -> None:
    await _killed_import(uow_factory, "there:7")
    with pytest.raises(ValidationFailed) as busy:
        await _import(uow_factory, FakeImportOwners(), [])
    assert (busy.value.key, busy.value.params["owner"]) == ("import_busy", "there:7")
    async with uow_factory() as uow:
        assert await uow.contacts.get("KILLED1") is not None  # left for its owner
        assert await uow.contacts.get("NEW1") is None
