"""Importing contacts, all of them or nothing.

Contacts may be a million rows, so their file is never held: it is read three times, a
chunk at a time. First only the numbers it gives (`contact_rows.FileIndex`: what checking one
row needs to know of the others), then every row is checked, CHECK_CHUNK rows per read-only
transaction, with what they refer to looked up per chunk; only a file without problems is
then read a third time and written, at most WRITE_CHUNK contacts per transaction (fewer
when they take longer than Pace.hold), each journaling how its contacts were before. A
last short transaction (which also saves the number series) makes the import take effect.
Until then the journal undoes it: at once when the import fails, and, when the process was
killed, by the next import (its owner is no longer running). The bot sees the chunks
meanwhile; an added contact it used is kept by the undo (domain.import_undo.Use).
"""

from __future__ import annotations

import asyncio
import pickle
import tempfile
import time
from collections.abc import Awaitable, Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import BinaryIO, cast

from domain import contact_rows, importing
from domain.csv_rows import NumberedRow, Problem
from domain.csv_source import Source
from domain.errors import ValidationFailed
from domain.import_undo import Use
from domain.model import Contact, ContactCriteria, NumberSeries
from domain.ports import ImportOwners, UnitOfWorkFactory
from domain.services.import_outcome import (
    ImportResult,
    Notice,
    Notify,
    Progress,
    Stage,
    chunks,
    file_rows,
)

CHECK_CHUNK = 5_000
"""Contacts checked per read-only transaction: one lookup of what they refer to each."""

WRITE_CHUNK = 200
"""Contacts per writing transaction at most: a few tens of milliseconds on SQLite, which
the bot's own writes can wait without anyone noticing."""

MIN_WRITE_CHUNK = 10
"""Contacts per writing transaction at least, however long they take (Pace.hold)."""

YIELD = 2.0
"""On SQLite, after each chunk the import leaves the database alone for this much of the
time the chunk took. Another process waiting for SQLite's lock polls for it (its busy
handler sleeps 1 to 100 ms between tries): an import that began its next chunk at once
would find the lock free nearly every time, the other process nearly never."""

CONTENDED = 5.0
"""Seconds the import keeps pausing after it last saw another writer."""

WRITING = 0.5
OPENING = 0.1
"""While nobody else writes: after WRITING seconds of writing, an OPENING of this many
seconds, more than SQLite's busy handler sleeps between its tries (up to 100 ms), so
that a writer waiting for the lock gets it (and is seen) within about WRITING seconds."""

KEPT_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Pace:
    """How contacts are checked and written: `check_chunk` rows per read-only transaction
    (between which other tasks of the event loop run), at most `write_chunk` per writing
    transaction, each followed by a pause of `pause` times the time it held the write
    lock (YIELD on
    SQLite, where other processes wait for the one write lock; none where writers do not
    exclude each other, or where they queue in the process)."""

    check_chunk: int = CHECK_CHUNK
    write_chunk: int = WRITE_CHUNK
    pause: float = YIELD
    hold: float = 0.0
    """Seconds a writing transaction should hold the write lock (0: however long
    `write_chunk` contacts take): each chunk is sized by the time the last one took per
    contact (_next_size), between MIN_WRITE_CHUNK and `write_chunk` contacts."""
    contended: Callable[[], Awaitable[bool]] | None = None
    """Whether another writer wrote since it was last asked: then the import pauses as
    above while others write, and writes on with only short openings while nobody does."""
    spool: Callable[[], AbstractContextManager[BinaryIO]] = tempfile.TemporaryFile
    """A file for the checked contacts between checking and writing."""


class ContactImport:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        reader: UnitOfWorkFactory,
        source: Source,
        progress: Progress,
        notify: Notify,
        pace: Pace,
        owners: ImportOwners,
    ) -> None:
        self._uow_factory = uow_factory
        self._reader = reader
        self._source = source
        self._progress = progress
        self._notify = notify
        self._pace = pace
        self._owners = owners

    async def run(self) -> ImportResult:
        await claim(self._uow_factory, self._notify, owners=self._owners)
        try:
            result = await self._check_and_write()
        except BaseException:
            await undo(self._uow_factory, self._notify)
            raise
        if not result.ok:
            await undo(self._uow_factory, self._notify)  # nothing to undo: ends the claim
        return result

    async def _index(self) -> tuple[contact_rows.FileIndex, int]:
        index = contact_rows.FileIndex()
        rows = 0
        for item in file_rows(self._source):
            rows += 1
            if not isinstance(item, Problem):
                index.add(item)
            if rows % self._pace.check_chunk == 0:
                await self._progress(Stage.READING, rows, 0)
                await asyncio.sleep(0)  # other tasks of the event loop run meanwhile
        return index, rows

    async def _series(self, index: contact_rows.FileIndex) -> NumberSeries | None:
        if not index.needs_numbers:
            return None
        async with self._reader() as uow:
            setup = await uow.setup.get()
            series = await uow.setup.series(setup.contact_nos) if setup.contact_nos else None
        if series is None:
            self._notify(Notice("import.notice.no_series", {"code": setup.contact_nos}))
        return series

    async def _check_and_write(self) -> ImportResult:
        result = ImportResult(importing.CONTACTS)
        index, result.rows = await self._index()
        index.seal()
        async with self._reader() as uow:
            salespeople = {s.code for s in await uow.salespeople.list()}
        series = await self._series(index)
        taken = replace(series) if series else None
        checker = contact_rows.ContactChecker(index, next_number=taken.take if taken else None)
        with self._pace.spool() as spool:
            # Checking: every problem of the file, nothing written; the contacts of a file
            # without problems so far are kept on disk for the writing, as checked.
            done = 0
            for chunk in chunks(file_rows(self._source), self._pace.check_chunk):
                contacts, new, problems = await self._check(chunk, checker, salespeople)
                result.problems += problems
                result.imported += len(contacts)
                result.new += new
                if not result.problems:
                    pickle.dump(contacts, spool, pickle.HIGHEST_PROTOCOL)
                done += len(chunk)
                await self._progress(Stage.CHECKING, done, result.rows)
            if result.problems:
                result.problems.sort(key=lambda p: p.line)
                return result
            # Writing.
            spool.seek(0)
            saved = 0
            pauses = _Pauses(self._pace)
            size = self._pace.write_chunk
            while contacts := _next_chunk(spool):
                start = 0
                while start < len(contacts):
                    part = contacts[start : start + size]
                    held = await self._write(part)
                    start += len(part)
                    saved += len(part)
                    await self._progress(Stage.SAVING, saved, result.imported)
                    await pauses.after(held)
                    size = _next_size(self._pace, len(part), held)
        async with self._uow_factory() as uow:  # the import takes effect
            if taken is not None:
                await uow.setup.save_series(taken)
            await uow.contacts.finish_import()
            await uow.commit()
        await _forget(self._uow_factory)
        return result

    async def _check(
        self,
        chunk: list[NumberedRow | Problem],
        checker: contact_rows.ContactChecker,
        salespeople: Collection[str],
    ) -> tuple[list[Contact], int, list[Problem]]:
        """The chunk's contacts, how many of them are new, and its problems."""
        problems = [item for item in chunk if isinstance(item, Problem)]
        rows: list[NumberedRow] = [item for item in chunk if not isinstance(item, Problem)]
        async with self._reader() as uow:
            references = contact_rows.contact_references(rows)
            existing: dict[str, Contact] = {}
            if references:
                found = await uow.contacts.matching(
                    ContactCriteria(contact_nos=frozenset(references))
                )
                existing = {c.no: c for c in found}
            stored_persons: dict[str, list[str]] = {}
            if turned := contact_rows.companies_turned_persons(rows, existing):
                for person in await uow.contacts.persons_of(turned):
                    stored_persons.setdefault(person.company_no, []).append(person.no)
            parsed = checker.check(
                rows,
                salesperson_codes=salespeople,
                existing=existing,
                stored_persons=stored_persons,
            )
            problems += parsed.problems
            if parsed.numbered:
                taken = await uow.contacts.matching(
                    ContactCriteria(contact_nos=frozenset(parsed.numbered))
                )
                problems += contact_rows.used_numbers_problems(
                    parsed.numbered, {c.no for c in taken}
                )
        new = sum(1 for c in parsed.items if c.no not in existing)
        return parsed.items, new, problems

    async def _write(self, contacts: Sequence[Contact]) -> float:
        """Writes the contacts in one transaction; the seconds it held the write lock (from
        when it had the lock, not from when it asked for it, to its commit)."""
        async with self._uow_factory() as uow:
            began = time.perf_counter()
            await uow.contacts.journal([c.no for c in contacts])
            await uow.contacts.save_many(contacts)
            await uow.commit()
            return time.perf_counter() - began


def _next_size(pace: Pace, size: int, held: float) -> int:
    """The contacts of the next writing transaction: `pace.write_chunk`, or with
    `pace.hold`, as many as the last chunk's time per contact fits in it (at most twice
    as many as the last, so that one quick chunk does not make the next one long)."""
    if not pace.hold or held <= 0:
        return pace.write_chunk
    fits = min(int(size * pace.hold / held), 2 * size)
    return max(MIN_WRITE_CHUNK, min(pace.write_chunk, fits))


def _next_chunk(spool: BinaryIO) -> list[Contact]:
    try:
        return cast(list[Contact], pickle.load(spool))
    except EOFError:
        return []


class _Pauses:
    """Between the chunks: with `Pace.contended`, a pause of `pause` times the chunk's time
    for CONTENDED seconds after another writer was last seen, else a short one (OPENING) after
    every WRITING seconds of writing, long enough for a writer polling for the lock to get
    it once and be seen; without, always the pause."""

    def __init__(self, pace: Pace) -> None:
        self._pace = pace
        self._seen = -CONTENDED  # when another writer was last seen (loop time)
        self._writing = 0.0  # seconds written since the last opening

    async def after(self, seconds: float) -> None:
        pace = self._pace
        if pace.contended is None:
            await asyncio.sleep(seconds * pace.pause)
            return
        now = time.monotonic()
        if await pace.contended():
            self._seen = now
        if now - self._seen < CONTENDED:
            await asyncio.sleep(seconds * pace.pause)
            self._writing = 0.0
            return
        self._writing += seconds
        if self._writing >= WRITING:
            await asyncio.sleep(OPENING)
            self._writing = 0.0
        else:
            await asyncio.sleep(0)


async def claim(
    uow_factory: UnitOfWorkFactory,
    notify: Notify,
    *,
    owners: ImportOwners,
) -> None:
    """Makes this process the one importing contacts, first undoing what an import that
    was killed left (`owners` tells); refused (ValidationFailed) while another import
    runs."""
    async with uow_factory() as uow:
        other = await uow.contacts.import_owner()
    if other is not None:
        if owners.may_run(other):
            raise ValidationFailed("import_busy", owner=other)
        undone = await undo(uow_factory, notify)
        notify(Notice("import.notice.undone", {"undone": undone}))
    await _forget(uow_factory)  # what a finished import journaled, if it could not
    async with uow_factory() as uow:
        await uow.contacts.begin_import(owners.this_process())
        await uow.commit()


async def undo(uow_factory: UnitOfWorkFactory, notify: Notify) -> int:
    """Restores every contact the unfinished import changed, chunk by chunk, and ends it;
    how many contacts were restored (or removed: those it added, but the ones something
    refers to, which it keeps and names in notices import.notice.kept.<use>)."""
    total = 0
    kept: dict[str, Use] = {}
    while True:
        async with uow_factory() as uow:
            done, used = await uow.contacts.undo_journal(WRITE_CHUNK)
            if not done:
                await uow.contacts.finish_import()
            await uow.commit()
        total += done
        kept.update(used)
        if not done:
            break
    for use in Use:
        nos = sorted(no for no, why in kept.items() if why is use)
        if nos:
            shown = ", ".join(nos[:KEPT_SHOWN]) + (", ..." if len(nos) > KEPT_SHOWN else "")
            notify(Notice(f"import.notice.kept.{use.value}", {"count": len(nos), "nos": shown}))
    return total


async def _forget(uow_factory: UnitOfWorkFactory) -> None:
    """Forgets, chunk by chunk, what a finished import journaled."""
    while True:
        async with uow_factory() as uow:
            left = await uow.contacts.forget_journal(WRITE_CHUNK)
            await uow.commit()
        if not left:
            return
