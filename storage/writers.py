"""SQLite lets one transaction write at a time: its writers wait here, in order of arrival
within ranks, the units of work's priorities (storage/unit_of_work.py `Priority`): rank 0
goes first; lower ranks are not starved either. SQLite's own busy handler would poll with
sleeps of up to 100 ms instead."""

from __future__ import annotations

import asyncio
from collections import deque

RANKS = 3

# Once writers of lower ranks have been passed over this many times in a row, the lowest
# waiting goes next: under sustained load, notifications still go out.
PASSED_OVER = 16


class WriterQueue:
    def __init__(self) -> None:
        self._busy = False
        self._queues: tuple[deque[asyncio.Future[None]], ...] = tuple(deque() for _ in range(RANKS))
        self._passed_over = 0

    async def acquire(self, rank: int = 1) -> None:
        if not self._busy:
            self._busy = True
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._queues[rank]
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed the turn just as it was cancelled: pass it on
            elif waiter in queue:  # else release() already passed over it
                queue.remove(waiter)
            raise

    def release(self) -> None:
        """Hands the turn to the next writer waiting, by rank, then in order of arrival (but
        see PASSED_OVER)."""
        ranks = list(range(RANKS))
        if self._passed_over >= PASSED_OVER:
            ranks.reverse()
        for rank in ranks:
            queue = self._queues[rank]
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    behind = any(self._queues[lower] for lower in ranks if lower > rank)
                    self._passed_over = self._passed_over + 1 if behind else 0
                    return
        self._busy = False
