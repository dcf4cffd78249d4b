"""SQLite lets one transaction write at a time: its writers wait here, in order of arrival,
except that urgent ones (storing updates just fetched, which every user waits for) go
first. SQLite's own busy handler would poll with sleeps of up to 100 ms instead."""

from __future__ import annotations

import asyncio
from collections import deque


class WriterQueue:
    def __init__(self) -> None:
        self._busy = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    async def acquire(self, *, urgent: bool = False) -> None:
        if not self._busy:
            self._busy = True
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._urgent if urgent else self._normal
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
        """Hands the turn to the next writer waiting, urgent ones first."""
        for queue in (self._urgent, self._normal):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._busy = False
