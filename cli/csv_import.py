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

from cli import contact_import
from domain import importing
from domain.csv_rows import NumberedRow, Problem, column_name
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
    uow_factory: UnitOfWorkFactory,
    kind: str,
    path: Path,
    *,
    out: TextIO,
    err: TextIO,
    reader: UnitOfWorkFactory | None = None,
) -> int:
    """Imports the file; 0 on success, 1 when the file or any row is bad (nothing written).
    `reader`: units of work that only read, to check contacts in (default `uow_factory`)."""
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

    if kind == importing.CONTACTS:
        written = await _import_contacts(uow_factory, reader or uow_factory, csv_file, path, err)
        if written is None:
            return 1
        saved = written
    else:
        async with uow_factory() as uow:
            write = not csv_file.problems  # still check every row, to report every problem
            problems, saved = await _IMPORTERS[kind](uow, csv_file.rows, err, write=write)
            if _refused(path, csv_file, problems, err):
                return 1
            await uow.commit()
    total, new = saved
    print(f"Imported {count(total, kind)} ({new:,} new, {total - new:,} updated).", file=out)
    return 0


def _refused(path: Path, csv_file: CsvFile, problems: list[Problem], err: TextIO) -> bool:
    """Reports every problem of the file; whether there were any."""
    problems = sorted([*csv_file.problems, *problems], key=lambda p: p.line)
    for problem in problems:
        print(problem, file=err)
    if problems:
        bad = len({p.line for p in problems})
        print(
            f"interlog: {path}: {bad:,} bad row(s) out of "
            f"{len(csv_file.rows) + len(csv_file.problems):,}. Nothing was imported.",
            file=err,
        )
    return bool(problems)


async def _import_contacts(
    uow_factory: UnitOfWorkFactory,
    reader: UnitOfWorkFactory,
    csv_file: CsvFile,
    path: Path,
    err: TextIO,
) -> tuple[int, int] | None:
    """Checked while only reading, then written in chunks (cli/contact_import.py):
    (written, of which new), or None when refused."""
    if not await contact_import.claim(uow_factory, err):
        return None
    try:
        progress = Progress(err, total=len(csv_file.rows), kind=importing.CONTACTS)
        async with reader() as uow:
            problems, checked = await contact_import.check(uow, csv_file.rows, err)
        progress.checked()
        if _refused(path, csv_file, problems, err):
            await contact_import.undo(uow_factory, err)  # nothing to undo: ends the claim
            return None

        def saved(done: int) -> None:
            if done % SAVE_CHUNK == 0 or done == len(checked.contacts):
                progress.saved(done)

        await contact_import.write(
            uow_factory, checked.contacts, series=checked.series, saved=saved, err=err
        )
    except BaseException:
        await contact_import.undo(uow_factory, err)
        raise
    return len(checked.contacts), checked.new


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


_IMPORTERS = {
    importing.SALESPEOPLE: _salespeople,
    importing.GROUPS: _groups,
    importing.TEMPLATES: _templates,
}
