"""What every repository shares: the unit of work's connection and its dialect, and the
entities already read in its transaction."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

T = TypeVar("T")


class Repository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    @property
    def _dialect(self) -> str:
        return self._conn.dialect.name


class ReadOnce(Generic[T]):
    """Entities read in this transaction, by key: a step often needs one twice (to check
    it, then to show it). Callers get copies, so changing one changes nothing here; the
    repository, the only writer of these rows, clears it whenever it writes."""

    def __init__(self) -> None:
        self._found: dict[str, T | None] = {}

    async def get(self, key: str, load: Callable[[], Awaitable[T | None]]) -> T | None:
        if key not in self._found:
            self._found[key] = await load()
        found = self._found[key]
        return copy.copy(found) if found is not None else None

    def clear(self) -> None:
        self._found.clear()
