"""The unit of work: one transaction on one connection, with every repository bound to it."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from enum import IntEnum
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.ports import UnitOfWork, UnitOfWorkFactory
from storage.engine import READ_ONLY
from storage.repositories import (
    ChatStateRepository,
    ProcessedUpdateRepository,
    SqlContactRepository,
    SqlDraftRepository,
    SqlEntryRepository,
    SqlGroupRepository,
    SqlLoggedSegmentRepository,
    SqlOutboxRepository,
    SqlSalespersonRepository,
    SqlScheduleMarkRepository,
    SqlSegmentRepository,
    SqlSetupRepository,
    SqlTemplateRepository,
    SqlTodoRepository,
    SqlUserRepository,
)
from storage.writers import WriterQueue


class Priority(IntEnum):
    """How soon a unit of work gets the database when others wait for it. On SQLite, which
    lets one transaction write at a time, writers wait in this order (storage/writers.py);
    PostgreSQL needs no order."""

    URGENT = 0  # storing fetched updates: every user waits for the next fetch
    NORMAL = 1  # an update's own transaction
    BACKGROUND = 2  # nobody waits for it (notifications, marks of replies sent)


class SqlUnitOfWork:
    """`async with uow:` opens a connection and begins; leaving rolls back whatever was not
    committed with `await uow.commit()` and returns the connection to the pool.

    After `commit()` the unit of work stays usable: the next statement begins a new
    transaction, which again needs a commit. Repositories exist only inside `async with`.
    """

    salespeople: SqlSalespersonRepository
    users: SqlUserRepository
    contacts: SqlContactRepository
    groups: SqlGroupRepository
    templates: SqlTemplateRepository
    entries: SqlEntryRepository
    segments: SqlSegmentRepository
    logged_segments: SqlLoggedSegmentRepository
    setup: SqlSetupRepository
    drafts: SqlDraftRepository
    outbox: SqlOutboxRepository
    todos: SqlTodoRepository
    schedule_marks: SqlScheduleMarkRepository
    chat_states: ChatStateRepository
    processed_updates: ProcessedUpdateRepository

    def __init__(
        self, engine: AsyncEngine, *, priority: Priority = Priority.NORMAL, read_only: bool = False
    ) -> None:
        self._engine = engine
        self._priority = priority
        self._read_only = read_only  # then it never waits for, nor holds up, any writer
        self._conn: AsyncConnection | None = None
        self._lock: WriterQueue | None = None

    @property
    def connection(self) -> AsyncConnection:
        if self._conn is None:
            raise RuntimeError("The unit of work is not active: use `async with uow:`")
        return self._conn

    async def __aenter__(self) -> Self:
        if self._conn is not None:
            raise RuntimeError("The unit of work is already active")
        self._lock = None if self._read_only else _writer_lock(self._engine)
        if self._lock is not None:
            await self._lock.acquire(self._priority)
        try:
            conn = await self._engine.connect()
            try:
                if self._read_only:
                    await conn.execution_options(**{READ_ONLY: True})
                await conn.begin()
            except BaseException:
                await conn.close()
                raise
        except BaseException:
            self._release()
            raise
        self._conn = conn
        self.salespeople = SqlSalespersonRepository(conn)
        self.users = SqlUserRepository(conn)
        self.contacts = SqlContactRepository(conn)
        self.groups = SqlGroupRepository(conn)
        self.templates = SqlTemplateRepository(conn)
        self.entries = SqlEntryRepository(conn)
        self.segments = SqlSegmentRepository(conn)
        self.logged_segments = SqlLoggedSegmentRepository(conn)
        self.setup = SqlSetupRepository(conn)
        self.drafts = SqlDraftRepository(conn)
        self.outbox = SqlOutboxRepository(conn)
        self.todos = SqlTodoRepository(conn)
        self.schedule_marks = SqlScheduleMarkRepository(conn)
        self.chat_states = ChatStateRepository(conn)
        self.processed_updates = ProcessedUpdateRepository(conn)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                await conn.rollback()
        finally:
            try:
                await conn.close()
            finally:
                self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    async def commit(self) -> None:
        await self.connection.commit()

    async def rollback(self) -> None:
        await self.connection.rollback()


_WRITER_LOCKS: weakref.WeakKeyDictionary[AsyncEngine, WriterQueue] = weakref.WeakKeyDictionary()


def _writer_lock(engine: AsyncEngine) -> WriterQueue | None:
    """Every unit of work on SQLite begins with BEGIN IMMEDIATE, so they queue here (other
    processes on the same file still wait through busy_timeout)."""
    if engine.dialect.name != "sqlite":
        return None
    lock = _WRITER_LOCKS.get(engine)
    if lock is None:
        lock = _WRITER_LOCKS[engine] = WriterQueue()
    return lock


def make_uow_factory(
    engine: AsyncEngine, *, read_only: bool = False
) -> Callable[[], SqlUnitOfWork]:
    """A factory of units of work on `engine` (satisfies domain.ports.UnitOfWorkFactory);
    `read_only`: units of work that only read, which on SQLite take no write lock."""
    return partial(SqlUnitOfWork, engine, read_only=read_only)


if TYPE_CHECKING:  # mypy proves that the classes above implement the domain's ports

    def _implements_ports(uow: SqlUnitOfWork, engine: AsyncEngine) -> None:
        _uow: UnitOfWork = uow
        _factory: UnitOfWorkFactory = make_uow_factory(engine)
