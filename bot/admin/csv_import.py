"""`interlog import KIND FILE.csv`: read the file, check every row, write all of it or nothing.

The rows are checked by `domain.importing` (pure); this module reads the file, looks up
what the rows refer to, reports problems and writes through the ports in one unit of work.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from domain import importing
from domain.csv_rows import NumberedRow, Problem, column_name
from domain.model import Contact, ContactCriteria, NumberSeries
from domain.ports import UnitOfWork, UnitOfWorkFactory

SAVE_CHUNK = 10_000
"""Contacts are saved (and progress reported) this many at a time."""

NOUNS = {
    importing.SALESPEOPLE: ("salesperson", "salespeople"),
    importing.GROUPS: ("interaction group", "interaction groups"),
    importing.TEMPLATES: ("interaction template", "interaction templates"),
    importing.CONTACTS: ("contact", "contacts"),
}


class CsvFileError(Exception):
    """The file cannot be read as CSV at all; the message says why."""


@dataclass(slots=True)
class CsvFile:
    header: list[str]
    rows: list[NumberedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def count(n: int, kind: str) -> str:
    singular, plural = NOUNS[kind]
    return f"{n:,} {singular if n == 1 else plural}"


def read_csv(path: Path) -> CsvFile:
    """A UTF-8 CSV file (a BOM is accepted) with a header row, separated by commas or by
    semicolons (Excel in many European locales), whichever the header line has more of.

    Values are keyed by the normalised column names (`column_name`). A row with
    more or fewer values than the header has is a problem of that row."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFileError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            f"{path} is not UTF-8 text (line {line}: {exc.reason}). "
            "Save it as “CSV UTF-8” and try again."
        ) from exc
    # The header's separator: the more frequent of the two on its line (a header cell
    # "E-mail, work" in a semicolon file stays one cell).
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    end = 0  # the last line of the last row read
    try:
        header = next(reader, None)
        while header is not None and not any(h.strip() for h in header):
            header = next(reader, None)
        if header is None:
            raise CsvFileError(f"{path} is empty: the first line must name the columns.")
        # Cells Excel leaves empty after the last column name no column.
        while header and not header[-1].strip():
            header = header[:-1]
        names = [column_name(h) for h in header]
        result = CsvFile(header=header)
        end = reader.line_num
        for values in reader:
            start, end = end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue  # blank line
            while len(values) > len(names) and not values[-1].strip():
                values = values[:-1]  # the trailing empty cells of those header cells
            if len(values) != len(names):
                result.problems.append(
                    Problem(
                        start,
                        "",
                        f"has {len(values)} value{'' if len(values) == 1 else 's'} but the "
                        f"header has {len(names)} columns",
                    )
                )
                continue
            result.rows.append((start, dict(zip(names, values, strict=True))))
    except csv.Error as exc:  # where the row began: an unclosed quote runs to the end
        raise CsvFileError(f"{path}, line {end + 1}: not valid CSV ({exc})") from exc
    return result


class Progress:
    """Progress of a long import on stderr: every SAVE_CHUNK rows and a final count; quiet
    for small files unless stderr is a terminal."""

    def __init__(self, err: TextIO, *, total: int, kind: str) -> None:
        self._err = err
        self._total = total
        self._kind = kind
        self.enabled = total >= SAVE_CHUNK or err.isatty()

    def checked(self) -> None:
        if self.enabled:
            print(f"  checked {self._total:,} rows", file=self._err)

    def saved(self, done: int) -> None:
        if self.enabled:
            print(f"  saved {done:,} of {count(self._total, self._kind)}", file=self._err)


async def import_csv(
    uow_factory: UnitOfWorkFactory, kind: str, path: Path, *, out: TextIO, err: TextIO
) -> int:
    """Imports the file; 0 on success, 1 when the file or any row is bad (nothing written)."""
    try:
        csv_file = read_csv(path)
    except CsvFileError as exc:
        print(f"interlog: {exc}", file=err)
        return 1
    header = importing.check_header(kind, csv_file.header)
    if not header.ok:
        expected = ",".join(importing.COLUMNS[kind])
        if header.missing:
            found = ", ".join(header.columns) or "nothing"
            print(
                f"interlog: {path}: the header lacks the column(s) "
                f"{', '.join(header.missing)} (it names {found}). Nothing was imported.",
                file=err,
            )
        if header.duplicated:
            print(
                f"interlog: {path}: the header names {', '.join(header.duplicated)} more than "
                "once. Nothing was imported.",
                file=err,
            )
        print(f"The header of a {kind} file is: {expected}", file=err)
        return 1
    if header.unknown:
        print(f"interlog: ignoring unknown column(s): {', '.join(header.unknown)}", file=err)
    if not csv_file.rows and not csv_file.problems:
        print(f"{path} has no rows: nothing to import.", file=out)
        return 0

    async with uow_factory() as uow:
        write = not csv_file.problems  # still check every row, to report every problem
        problems, saved = await _IMPORTERS[kind](uow, csv_file.rows, err, write=write)
        problems = sorted([*csv_file.problems, *problems], key=lambda p: p.line)
        if problems:
            for problem in problems:
                print(problem, file=err)
            bad = len({p.line for p in problems})
            print(
                f"interlog: {path}: {bad:,} bad row(s) out of "
                f"{len(csv_file.rows) + len(csv_file.problems):,}. Nothing was imported.",
                file=err,
            )
            return 1
        await uow.commit()
    total, new = saved
    print(f"Imported {count(total, kind)} ({new:,} new, {total - new:,} updated).", file=out)
    return 0


Outcome = tuple[list[Problem], tuple[int, int]]
"""The problems, else (rows written, of which new)."""


async def _salespeople(
    uow: UnitOfWork, rows: Sequence[NumberedRow], err: TextIO, *, write: bool
) -> Outcome:
    existing = {s.code: s for s in await uow.salespeople.list()}
    parsed = importing.parse_salespeople(rows, existing=existing)
    if parsed.problems or not write:
        return parsed.problems, (0, 0)
    for salesperson in parsed.items:
        await uow.salespeople.save(salesperson)
    return [], _written([i.code for i in parsed.items], existing)


async def _groups(
    uow: UnitOfWork, rows: Sequence[NumberedRow], err: TextIO, *, write: bool
) -> Outcome:
    existing = {g.code for g in await uow.groups.list()}
    parsed = importing.parse_groups(rows)
    if parsed.problems or not write:
        return parsed.problems, (0, 0)
    for group in parsed.items:
        await uow.groups.save(group)
    return [], _written([i.code for i in parsed.items], existing)


async def _templates(
    uow: UnitOfWork, rows: Sequence[NumberedRow], err: TextIO, *, write: bool
) -> Outcome:
    groups = {g.code for g in await uow.groups.list()}
    existing = {t.code: t for t in await uow.templates.list()}
    parsed = importing.parse_templates(rows, group_codes=groups, existing=existing)
    if parsed.problems or not write:
        return parsed.problems, (0, 0)
    for template in parsed.items:
        await uow.templates.save(template)
    return [], _written([i.code for i in parsed.items], existing)


def _written(codes: Sequence[str], existing: Collection[str]) -> tuple[int, int]:
    return len(codes), sum(1 for code in codes if code not in existing)


async def _contacts(
    uow: UnitOfWork, rows: Sequence[NumberedRow], err: TextIO, *, write: bool
) -> Outcome:
    progress = Progress(err, total=len(rows), kind=importing.CONTACTS)
    salespeople = {s.code for s in await uow.salespeople.list()}
    references = importing.contact_references(rows)
    existing: dict[str, Contact] = {}
    if references:
        found = await uow.contacts.matching(ContactCriteria(contact_nos=frozenset(references)))
        existing = {c.no: c for c in found}
    series: NumberSeries | None = None
    problems: list[Problem] = []
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
    problems += parsed.problems
    progress.checked()
    if parsed.numbered:
        taken = await uow.contacts.matching(ContactCriteria(contact_nos=frozenset(parsed.numbered)))
        problems += importing.used_numbers_problems(parsed.numbered, {c.no for c in taken})
    if problems or not write:
        return problems, (0, 0)
    contacts = parsed.items
    for start in range(0, len(contacts), SAVE_CHUNK):
        chunk = contacts[start : start + SAVE_CHUNK]
        await uow.contacts.save_many(chunk)
        progress.saved(start + len(chunk))
    if series is not None:
        await uow.setup.save_series(series)
    new = sum(1 for c in contacts if c.no not in existing)
    return [], (len(contacts), new)


_IMPORTERS = {
    importing.SALESPEOPLE: _salespeople,
    importing.GROUPS: _groups,
    importing.TEMPLATES: _templates,
    importing.CONTACTS: _contacts,
}
