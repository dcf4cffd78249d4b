"""The SQLite writers' queue: one at a time, by rank, then in order of arrival."""

from __future__ import annotations

import asyncio

import pytest

from storage import Priority
from storage.writers import PASSED_OVER, WriterQueue


async def _writer(
    queue: WriterQueue, name: str, order: list[str], rank: Priority = Priority.NORMAL
) -> None:
    await queue.acquire(rank)
    try:
        order.append(name)
        await asyncio.sleep(0)  # hold the turn across a switch, as a transaction does
    finally:
        queue.release()


async def test_writers_take_turns_in_order_with_urgent_ones_first() -> None:
    queue, order = WriterQueue(), list[str]()
    await queue.acquire()  # a transaction in progress
    tasks = [
        asyncio.create_task(_writer(queue, "a", order)),
        asyncio.create_task(_writer(queue, "b", order)),
        asyncio.create_task(_writer(queue, "inbox", order, Priority.URGENT)),
    ]
    await asyncio.sleep(0)  # all three are waiting now
    queue.release()
    await asyncio.gather(*tasks)
    assert order == ["inbox", "a", "b"]
    await queue.acquire()  # free again: taken at once
    queue.release()


async def test_a_writer_cancelled_while_waiting_leaves_the_queue_working() -> None:
    queue, order = WriterQueue(), list[str]()
    await queue.acquire()
    cancelled = asyncio.create_task(_writer(queue, "cancelled", order))
    waiting = asyncio.create_task(_writer(queue, "next", order))
    await asyncio.sleep(0)
    cancelled.cancel()
    queue.release()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    await asyncio.wait_for(waiting, timeout=5)
    assert order == ["next"]


async def test_background_writers_get_a_turn_under_sustained_load() -> None:
    queue, order = WriterQueue(), list[str]()
    await queue.acquire()
    background = asyncio.create_task(_writer(queue, "notification", order, Priority.BACKGROUND))
    busy = [asyncio.create_task(_writer(queue, f"u{n}", order)) for n in range(PASSED_OVER * 2)]
    await asyncio.sleep(0)  # all waiting now: more updates than the limit
    queue.release()
    await asyncio.gather(background, *busy)
    assert order.index("notification") == PASSED_OVER
