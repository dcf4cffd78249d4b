"""Contacts are imported in chunks, each its own short transaction, and stay all-or-nothing.

One transaction for a large file would hold SQLite's only write lock for seconds, and the
bot, whose every update writes, would stand still meanwhile. So the file is checked first
in a transaction that only reads (no lock), then written WRITE_CHUNK contacts per
transaction, each journaling how its contacts were before; a last short transaction
(which also saves the number series) makes the import take effect. Until then the journal
undoes it: at once when the import fails, and, when the process was killed, by the next
import (its owner, host and process id, is no longer running). The bot sees the chunks
meanwhile; an added contact it used is kept by the undo (domain.import_undo.Use).
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from domain import importing
from domain.csv_rows import NumberedRow, Problem
from domain.import_undo import Use
from domain.model import Contact, ContactCriteria, NumberSeries
from domain.ports import UnitOfWork, UnitOfWorkFactory

WRITE_CHUNK = 200
"""Contacts per transaction: a few tens of milliseconds on SQLite, which the bot's own
writes can wait without anyone noticing."""

_KEPT = {
    Use.INTERACTIONS: "interactions were logged on {them} meanwhile",
    Use.DRAFTS: "interactions with {them} were being entered meanwhile",
    Use.SEGMENT_LINES: "{they_were} put on segments meanwhile",
}
_KEPT_SHOWN = 5

YIELD = 2.0
"""After each chunk the import leaves the database alone for this much of the time the
chunk took. Another process waiting for SQLite's lock polls for it (its busy handler
sleeps 1 to 100 ms between tries): an import that began its next chunk at once would
find the lock free nearly every time, the other process nearly never."""


@dataclass(slots=True)
class Checked:
    contacts: list[Contact] = field(default_factory=list)
    series: NumberSeries | None = None
    """The Contact Nos. series, advanced past the numbers the rows took from it."""
    new: int = 0


async def check(
    uow: UnitOfWork, rows: Sequence[NumberedRow], err: TextIO
) -> tuple[list[Problem], Checked]:
    """Every problem of the rows, and the contacts they make."""
    salespeople = {s.code for s in await uow.salespeople.list()}
    references = importing.contact_references(rows)
    existing: dict[str, Contact] = {}
    if references:
        found = await uow.contacts.matching(ContactCriteria(contact_nos=frozenset(references)))
        existing = {c.no: c for c in found}
    series: NumberSeries | None = None
    if importing.needs_numbers(rows):
        setup = await uow.setup.get()
        series = await uow.setup.series(setup.contact_nos) if setup.contact_nos else None
        if series is None:
            shown = setup.contact_nos or "(none)"
            print(
                f"interlog: rows with an empty `no` need the number series Contact Nos. of "
                f"the marketing setup, but series {shown} does not exist. Create it with "
                "`interlog series set contacts --prefix CT --width 6` or fill in every contact "
                "number.",
                file=err,
            )
    stored_persons: dict[str, list[str]] = {}
    if turned := importing.companies_turned_persons(rows, existing):
        for person in await uow.contacts.persons_of(turned):
            stored_persons.setdefault(person.company_no, []).append(person.no)
    parsed = importing.parse_contacts(
        rows,
        salesperson_codes=salespeople,
        existing=existing,
        next_number=series.take if series else None,
        stored_persons=stored_persons,
    )
    problems = list(parsed.problems)
    if parsed.numbered:
        taken = await uow.contacts.matching(ContactCriteria(contact_nos=frozenset(parsed.numbered)))
        problems += importing.used_numbers_problems(parsed.numbered, {c.no for c in taken})
    new = sum(1 for c in parsed.items if c.no not in existing)
    return problems, Checked(parsed.items, series, new)


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _running(name: str) -> bool:
    """Whether the import `name` may still be running: its process on this host lives (on
    another host it cannot be told, and is taken to run)."""
    host, _, pid = name.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user has that id
        return True
    return True


async def claim(uow_factory: UnitOfWorkFactory, err: TextIO) -> bool:
    """Makes this process the one importing contacts, first undoing what an import that
    was killed left; False (and says why) when another import is running."""
    async with uow_factory() as uow:
        other = await uow.contacts.import_owner()
    if other is not None:
        if _running(other):
            print(f"interlog: another contact import ({other}) is running.", file=err)
            return False
        undone = await undo(uow_factory, err)
        print(f"interlog: undid an unfinished import of {undone:,} contacts.", file=err)
    await _forget(uow_factory)  # what a finished import journaled, if it could not
    async with uow_factory() as uow:
        await uow.contacts.begin_import(owner())
        await uow.commit()
    return True


async def undo(uow_factory: UnitOfWorkFactory, err: TextIO) -> int:
    """Restores every contact the unfinished import changed, chunk by chunk, and ends it;
    how many contacts were restored (or removed: those it added, but the ones something
    refers to, which it keeps and names on `err`)."""
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
            _report_kept(kept, err)
            return total


def _report_kept(kept: dict[str, Use], err: TextIO) -> None:
    for use, reason in _KEPT.items():
        nos = sorted(no for no, why in kept.items() if why is use)
        if not nos:
            continue
        one = len(nos) == 1
        shown = ", ".join(nos[:_KEPT_SHOWN]) + (", ..." if len(nos) > _KEPT_SHOWN else "")
        why = reason.format(
            them="it" if one else "them", they_were="it was" if one else "they were"
        )
        print(
            f"interlog: kept {len(nos):,} contact{'' if one else 's'} added by the import: "
            f"{why} ({shown}).",
            file=err,
        )


async def write(
    uow_factory: UnitOfWorkFactory,
    contacts: Sequence[Contact],
    *,
    series: NumberSeries | None,
    saved: Callable[[int], None],
    err: TextIO,
) -> None:
    """Writes the checked contacts (after `claim`); undone if anything fails."""
    try:
        for start in range(0, len(contacts), WRITE_CHUNK):
            chunk = contacts[start : start + WRITE_CHUNK]
            began = time.perf_counter()
            async with uow_factory() as uow:
                await uow.contacts.journal([c.no for c in chunk])
                await uow.contacts.save_many(chunk)
                await uow.commit()
            saved(start + len(chunk))
            await asyncio.sleep((time.perf_counter() - began) * YIELD)
        async with uow_factory() as uow:  # the import takes effect
            if series is not None:
                await uow.setup.save_series(series)
            await uow.contacts.finish_import()
            await uow.commit()
    except BaseException:
        await undo(uow_factory, err)  # should this fail too, the next import undoes it
        raise
    await _forget(uow_factory)


async def _forget(uow_factory: UnitOfWorkFactory) -> None:
    """Forgets, chunk by chunk, what a finished import journaled."""
    while True:
        async with uow_factory() as uow:
            left = await uow.contacts.forget_journal(WRITE_CHUNK)
            await uow.commit()
        if not left:
            return
