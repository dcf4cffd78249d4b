"""aiosqlite connections that run each statement in one trip to their thread.

aiosqlite runs every sqlite3 call in the connection's own thread, and SQLAlchemy's adapter
makes four such calls per statement (open a cursor, execute, fetch, close): four thread
hand-overs and event-loop wake-ups of 50-60 µs each, for statements that themselves take a
few µs. Here a statement is executed, all of its rows fetched and its cursor closed in one
call, which makes a unit of work of a dozen statements several milliseconds cheaper.

Statements marked INLINE (storage/sql.py `inline`) skip the thread altogether: the hand-over
costs about 120 µs of CPU, three times what such a statement costs. Only statements that
look up or write a few rows by key inside a transaction are marked: BEGIN IMMEDIATE has
already taken the write lock, and in WAL mode reads never wait, so they cannot block the
event loop on a lock; BEGIN, COMMIT (which may checkpoint) and anything scanning stay in
the thread. A connection runs one statement at a time, so the thread is idle meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import Any

import aiosqlite

_Outcome = tuple[Any, int, int | None, list[Any]]
INLINE = "/*inline*/"
_INLINE_ROWS = 100  # more rows than this go to the thread even when marked


class OneTripCursor:
    """The part of aiosqlite's Cursor that SQLAlchemy uses, with rows fetched up front."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
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

    @staticmethod
    def _run(conn: sqlite3.Connection, many: bool, sql: str, parameters: Any) -> _Outcome:
        cursor = conn.cursor()
        try:
            if many:
                cursor.executemany(sql, parameters)
            elif parameters is None:
                cursor.execute(sql)
            else:
                cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return cursor.description, cursor.rowcount, cursor.lastrowid, rows
        finally:
            cursor.close()

    async def _trip(self, many: bool, sql: str, parameters: Any) -> OneTripCursor:
        conn = self._connection._conn
        outcome: _Outcome
        if INLINE in sql and (not many or len(parameters) <= _INLINE_ROWS):
            outcome = self._run(conn, many, sql, parameters)
        else:
            outcome = await self._connection._execute(  # type: ignore[no-untyped-call]
                self._run, conn, many, sql, parameters
            )
        self.description, self.rowcount, self.lastrowid, self._rows = outcome
        return self

    async def execute(self, sql: str, parameters: Any = None) -> OneTripCursor:
        return await self._trip(False, sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> OneTripCursor:
        return await self._trip(True, sql, parameters)

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
    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)


def connector(database: str, **kwargs: Any) -> Callable[[], OneTripConnection]:
    """For create_async_engine(async_creator=...): what aiosqlite.connect would do."""

    def connect() -> sqlite3.Connection:
        # INLINE statements run in the event loop's thread, one at a time per connection.
        options = {**kwargs, "check_same_thread": False}
        connection: sqlite3.Connection = sqlite3.connect(database, **options)
        return connection

    def create() -> OneTripConnection:
        connection = OneTripConnection(connect, iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy's dialect does
        return connection

    return create
