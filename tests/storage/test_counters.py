"""Entry numbers: unique and gap-free while many transactions allocate at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from storage import SqlUnitOfWork
from tests.storage.builders import DAY, NOON, entry, line, segment

UowFactory = Callable[[], SqlUnitOfWork]


async def test_twenty_concurrent_transactions_get_unique_gap_free_numbers(
    uow_factory: UowFactory,
) -> None:
    async def log(n: int) -> int | None:
        async with uow_factory() as uow:
            entry_no = await uow.entries.add(entry(f"CT{n}"))
            await asyncio.sleep(0.005)  # hold the transaction open while others queue
            if n % 5 == 4:
                return None  # rolled back: its number must be given to someone else
            await uow.commit()
            return entry_no

    committed = [n for n in await asyncio.gather(*(log(n) for n in range(20))) if n is not None]
    assert sorted(committed) == list(range(1, 17))
    async with uow_factory() as uow:
        stored = await uow.entries.export(
            date_from=None, date_to=None, salesperson_code="", include_postponed=True
        )
    assert [e.entry_no for e, _ in stored] == list(range(1, 17))


async def test_segment_blocks_and_single_entries_interleave_without_collisions(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        for s in range(5):
            await uow.segments.add(segment(f"S{s}"))
            await uow.segments.add_lines([line(f"S{s}", n, f"C{n}") for n in range(40)])
        await uow.commit()

    async def log_segment(s: int) -> None:
        async with uow_factory() as uow:
            await uow.entries.add_from_segment(
                segment_no=f"S{s}", logged_segment_entry_no=s, user_id="U", date=DAY, time=NOON
            )
            await uow.commit()

    async def log_one(n: int) -> None:
        async with uow_factory() as uow:
            await uow.entries.add(entry(f"CT{n}"))
            await uow.commit()

    await asyncio.gather(*(log_segment(s) for s in range(5)), *(log_one(n) for n in range(10)))
    async with uow_factory() as uow:
        stored = await uow.entries.export(
            date_from=None, date_to=None, salesperson_code="", include_postponed=True
        )
    assert [e.entry_no for e, _ in stored] == list(range(1, 211))
    by_segment: dict[str, list[int]] = {}
    for e, _ in stored:
        by_segment.setdefault(e.segment_no, []).append(e.entry_no or 0)
    for s in range(5):
        numbers = by_segment[f"S{s}"]
        assert numbers == list(range(numbers[0], numbers[0] + 40))  # one consecutive block
