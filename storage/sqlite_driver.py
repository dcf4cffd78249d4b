"""aiosqlite connections that run each statement in one trip to their thread, through
aiosqlite's public API only.

aiosqlite runs every sqlite3 call in the connection's own thread, and SQLAlchemy's adapter
makes four such calls per statement (open a cursor, execute, fetch, close): four thread
hand-overs and event-loop wake-ups of 50-60 µs each, for statements that themselves take a
few µs. Here a write runs on one cursor kept for the connection (one trip, nothing to
close), and a SELECT already seen on the connection runs through `execute_fetchall` (one
trip), its columns known from the first time; a SELECT seen for the first time takes two.

Statements marked INLINE (storage/sql.py `inline`) skip the thread altogether: the hand-over
costs about 120 µs of CPU, three times what such a statement costs. They run on the sqlite3
connection this module opens itself and hands to aiosqlite. Only statements that look up or
write a few rows by key inside a transaction are marked: BEGIN IMMEDIATE has already taken
the write lock, and in WAL mode reads never wait, so they cannot block the event loop on a
lock; BEGIN, COMMIT (which may checkpoint) and anything scanning stay in the thread.
SQLAlchemy runs one statement at a time per connection, so the thread is idle meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import Any

import aiosqlite

INLINE = "/*inline*/"
_INLINE_ROWS = 100  # more rows than this go to the thread even when marked
_KNOWN_SELECTS = 512  # columns remembered per connection (statements are built once)


class OneTripCursor:
    """The part of aiosqlite's Cursor that SQLAlchemy uses, with rows fetched up front."""

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1
        self._rows: list[Any] = []

    def __await__(self) -> Generator[Any, None, OneTripCursor]:
        yield from ()
        return self

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    def _inline(self, many: bool, sql: str, parameters: Any) -> None:
        cursor = self._connection.own_sqlite.cursor()
        try:
            if many:
                cursor.executemany(sql, parameters)
            else:
                cursor.execute(sql, () if parameters is None else parameters)
            self._rows = cursor.fetchall() if cursor.description else []
            self.description, self.rowcount = cursor.description, cursor.rowcount
            self.lastrowid = cursor.lastrowid
        finally:
            cursor.close()

    async def _trip(self, many: bool, sql: str, parameters: Any) -> OneTripCursor:
        connection = self._connection
        if INLINE in sql and (not many or len(parameters) <= _INLINE_ROWS):
            self._inline(many, sql, parameters)
            return self
        params = () if parameters is None else parameters
        known = None if many else connection.selects.get(sql)
        if known is not None:
            self._rows = list(await connection.execute_fetchall(sql, params))
            self.description, self.rowcount, self.lastrowid = known, -1, None
            return self
        cursor = await connection.shared_cursor()
        if many:
            await cursor.executemany(sql, params)
        else:
            await cursor.execute(sql, params)
        self.description, self.rowcount = cursor.description, cursor.rowcount
        self.lastrowid = cursor.lastrowid
        self._rows = list(await cursor.fetchall()) if cursor.description else []
        if self.description and sql.startswith("SELECT") and not many:
            connection.remember_select(sql, self.description)
        return self

    async def execute(self, sql: str, parameters: Any = None) -> OneTripCursor:
        return await self._trip(False, sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> OneTripCursor:
        return await self._trip(True, sql, list(parameters))

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = size or self.arraysize
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        self._rows = []


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose `cursor()` gives SQLAlchemy a OneTripCursor."""

    def __init__(self, database: str, **kwargs: Any) -> None:
        self.own_sqlite: sqlite3.Connection
        self.selects: dict[str, Any] = {}  # SELECT -> its cursor description
        self._shared: aiosqlite.Cursor | None = None

        def connect() -> sqlite3.Connection:
            # INLINE statements run in the event loop's thread, one at a time per connection.
            self.own_sqlite = sqlite3.connect(database, **{**kwargs, "check_same_thread": False})
            return self.own_sqlite

        super().__init__(connect, iter_chunk_size=64)

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def shared_cursor(self) -> aiosqlite.Cursor:
        """One aiosqlite cursor for every statement: each runs to its end before the next."""
        if self._shared is None:
            self._shared = await super().cursor()
        return self._shared

    def remember_select(self, sql: str, description: Any) -> None:
        if len(self.selects) >= _KNOWN_SELECTS:
            self.selects.clear()
        self.selects[sql] = description


def connector(database: str, **kwargs: Any) -> Callable[[], OneTripConnection]:
    """For create_async_engine(async_creator=...): what aiosqlite.connect would do."""

    def create() -> OneTripConnection:
        return OneTripConnection(database, **kwargs)

    return create
