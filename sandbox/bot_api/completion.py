"""Per-update completion tracking: delivered to the bot, done (handled by it) or dropped."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Collection

DONE = "done"
DELIVERED = "delivered"


class UpdateTracker:
    """One future per awaited update id; marks made before anybody waits are remembered.

    A duplicated or redelivered update reaches the bot several times: ``handouts`` counts the
    deliveries and ``done_counts`` the completions, and the update is settled once they match.
    """

    def __init__(self) -> None:
        self.handouts: Counter[int] = Counter()
        self.done_counts: Counter[int] = Counter()
        self.dropped: dict[int, str] = {}
        self._done_futures: dict[int, asyncio.Future[str]] = {}
        self._delivery_futures: dict[int, asyncio.Future[str]] = {}
        self._changed: list[asyncio.Future[None]] = []

    @property
    def delivered(self) -> set[int]:
        return set(self.handouts)

    @property
    def done(self) -> set[int]:
        return set(self.done_counts)

    def mark_delivered(self, update_id: int) -> None:
        self.handouts[update_id] += 1
        _resolve(self._delivery_futures, update_id, DELIVERED)
        self._wake()

    def mark_done(self, update_id: int) -> None:
        self.done_counts[update_id] += 1
        _resolve(self._done_futures, update_id, DONE)
        self._wake()

    def mark_dropped(self, update_id: int, reason: str) -> None:
        """The update will never reach the bot (webhook gave up, dropped pending, ...)."""
        if update_id in self.handouts or update_id in self.done_counts:
            return
        self.dropped[update_id] = reason
        _resolve(self._delivery_futures, update_id, f"dropped: {reason}")
        _resolve(self._done_futures, update_id, f"dropped: {reason}")
        self._wake()

    def settled(self, update_id: int) -> bool:
        """Dropped, or every delivery of it so far has been handled."""
        if update_id in self.dropped:
            return True
        return self.done_counts[update_id] >= max(self.handouts[update_id], 1)

    async def wait_done(self, update_id: int, within: float, diagnose: Callable[[], str]) -> None:
        """Wait until the bot finished ``update_id`` once; AssertionError on timeout or drop."""
        if update_id in self.done_counts:
            return
        outcome = await self._wait(self._done_futures, update_id, within)
        if outcome != DONE:
            state = outcome or f"not marked done within {within}s"
            raise AssertionError(f"update {update_id} {state}\n{diagnose()}")

    async def wait_delivered(self, update_id: int, within: float) -> str:
        """Wait until ``update_id`` reached the bot; "delivered", "dropped: ..." or "" (timeout)."""
        if update_id in self.handouts:
            return DELIVERED
        return await self._wait(self._delivery_futures, update_id, within)

    async def wait_all(
        self,
        update_ids: Callable[[], Collection[int]],
        unsent: Callable[[], Collection[int]],
        within: float,
        diagnose: Callable[[], str],
    ) -> None:
        """Wait until every id from ``update_ids()`` is settled and none is still ``unsent()``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            waiting = set(unsent())
            pending = [u for u in update_ids() if u in waiting or not self.settled(u)]
            if not pending:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"not idle after {within}s: pending {pending}\n{diagnose()}")
            changed: asyncio.Future[None] = loop.create_future()
            self._changed.append(changed)
            await asyncio.wait([changed], timeout=remaining)

    def _wake(self) -> None:
        changed, self._changed = self._changed, []
        for future in changed:
            if not future.done():
                future.set_result(None)

    async def _wait(
        self, futures: dict[int, asyncio.Future[str]], update_id: int, within: float
    ) -> str:
        if update_id in self.dropped:
            return f"dropped: {self.dropped[update_id]}"
        future = futures.get(update_id)
        if future is None:
            future = futures[update_id] = asyncio.get_running_loop().create_future()
        done, _ = await asyncio.wait([future], timeout=within)
        return future.result() if done else ""


def _resolve(futures: dict[int, asyncio.Future[str]], update_id: int, outcome: str) -> None:
    future = futures.get(update_id)
    if future is not None and not future.done():
        future.set_result(outcome)
