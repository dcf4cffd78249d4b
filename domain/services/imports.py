"""Importing a CSV file of master data: all of it or nothing, with every problem reported.

The one import the command line (`interlog import KIND FILE`) and the chat (an
administrator's document captioned `/import KIND`) share. It returns what happened (how
many records, how many new; or every problem as `line N, column C: message`) and says the
rest through `notify` (Notice: a message key and its parameters); the adapters word it.

Contacts may be a million rows: domain/services/contact_import.py imports them without
holding the file. The other kinds are small tables, checked and written in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from domain import importing
from domain.access import may_administer, require_active
from domain.csv_rows import NumberedRow, Problem
from domain.csv_source import CsvFileError, Source, read_rows
from domain.errors import Forbidden, ValidationFailed
from domain.model import User
from domain.ports import ImportOwners, UnitOfWork, UnitOfWorkFactory
from domain.services.contact_import import CHECK_CHUNK, WRITE_CHUNK, ContactImport, Pace
from domain.services.import_outcome import (
    ImportResult,
    Notice,
    Notify,
    Progress,
    Stage,
    file_rows,
)

KINDS = (importing.SALESPEOPLE, importing.GROUPS, importing.TEMPLATES, importing.CONTACTS)


def authorise(user: User, kind: str) -> None:
    """Only an administrator imports, and only the kinds there are."""
    require_active(user)
    if not may_administer(user):
        raise Forbidden("import_admins_only")
    if kind not in KINDS:
        raise ValidationFailed("import_kind_unknown", kind=kind, kinds=", ".join(KINDS))


async def import_csv(
    uow_factory: UnitOfWorkFactory,
    *,
    user: User,
    kind: str,
    source: Source,
    reader: UnitOfWorkFactory | None = None,
    progress: Progress | None = None,
    notify: Notify | None = None,
    pace: Pace | None = None,
    owners: ImportOwners,
) -> ImportResult:
    """Imports the file `source` opens, as `user` (an administrator). Raises
    ValidationFailed (CsvFileError among them) when the file is not CSV, its header lacks a
    column, or another contact import is running: then nothing was read into the database.
    `reader`: units of work that only read (no write lock on SQLite), default
    `uow_factory`. `owners`: who imports contacts, and whether another import still runs.
    A failure while writing undoes what was written and is raised."""
    authorise(user, kind)
    tell: Notify = notify or (lambda _notice: None)
    report: Progress = progress or _quiet
    with source() as stream:
        header = read_rows(stream).header
    checked = importing.check_header(kind, header)
    if not checked.ok:
        raise ValidationFailed(
            "import_header",
            missing=", ".join(checked.missing),
            duplicated=", ".join(checked.duplicated),
            found=", ".join(checked.columns),
            expected=",".join(importing.COLUMNS[kind]),
        )
    if checked.unknown:
        tell(Notice("import.notice.unknown_columns", {"columns": ", ".join(checked.unknown)}))
    if kind == importing.CONTACTS:
        importer = ContactImport(
            uow_factory, reader or uow_factory, source, report, tell, pace or Pace(), owners
        )
        return await importer.run()
    return await _import_small(uow_factory, kind, source, report)


async def _quiet(_stage: Stage, _done: int, _total: int) -> None:
    return None


# The small tables -----------------------------------------------------------------------


async def _import_small(
    uow_factory: UnitOfWorkFactory, kind: str, source: Source, progress: Progress
) -> ImportResult:
    result = ImportResult(kind)
    rows: list[NumberedRow] = []
    for item in file_rows(source):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            rows.append(item)
    result.rows = len(rows) + len(result.problems)
    await progress(Stage.READING, result.rows, 0)
    async with uow_factory() as uow:
        problems, codes, existing = await _SMALL[kind](uow, rows, write=not result.problems)
        result.problems = sorted([*result.problems, *problems], key=lambda p: p.line)
        if result.problems:
            return result
        await uow.commit()
    result.imported = len(codes)
    result.new = sum(1 for code in codes if code not in existing)
    return result


_Small = tuple[list[Problem], list[str], Collection[str]]
"""The problems; else the codes written and those that existed before."""


async def _salespeople(uow: UnitOfWork, rows: Sequence[NumberedRow], *, write: bool) -> _Small:
    existing = {s.code: s for s in await uow.salespeople.list()}
    parsed = importing.parse_salespeople(rows, existing=existing)
    if parsed.problems or not write:
        return parsed.problems, [], ()
    for salesperson in parsed.items:
        await uow.salespeople.save(salesperson)
    return [], [i.code for i in parsed.items], existing


async def _groups(uow: UnitOfWork, rows: Sequence[NumberedRow], *, write: bool) -> _Small:
    stored = {g.code: g for g in await uow.groups.list()}
    existing = set(stored)
    parsed = importing.parse_groups(rows, existing=stored)
    if parsed.problems or not write:
        return parsed.problems, [], ()
    for group in parsed.items:
        await uow.groups.save(group)
    return [], [i.code for i in parsed.items], existing


async def _templates(uow: UnitOfWork, rows: Sequence[NumberedRow], *, write: bool) -> _Small:
    groups = {g.code for g in await uow.groups.list()}
    existing = {t.code: t for t in await uow.templates.list()}
    parsed = importing.parse_templates(rows, group_codes=groups, existing=existing)
    if parsed.problems or not write:
        return parsed.problems, [], ()
    for template in parsed.items:
        await uow.templates.save(template)
    return [], [i.code for i in parsed.items], existing


_SMALL = {
    importing.SALESPEOPLE: _salespeople,
    importing.GROUPS: _groups,
    importing.TEMPLATES: _templates,
}


__all__ = [
    "CHECK_CHUNK",
    "KINDS",
    "WRITE_CHUNK",
    "CsvFileError",
    "ImportResult",
    "Notice",
    "Pace",
    "Progress",
    "Stage",
    "import_csv",
]
