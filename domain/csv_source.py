"""Reading an import's CSV file as a stream of numbered rows, never all of it at once.

A file of a million contacts is read three times (domain/services/contact_import.py), each time
from the start, so the caller hands over a way to open it (`Source`) rather than the rows.
Bytes are decoded line by line, so that a byte that is not UTF-8 is reported on its own
line, and a row with more or fewer values than the header is a problem of that row.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, BinaryIO

from domain.csv_rows import NumberedRow, Problem, column_name
from domain.errors import ValidationFailed

Source = Callable[[], AbstractContextManager[BinaryIO]]
"""Opens the file for reading, from its first byte (called once per pass)."""

_BOM = b"\xef\xbb\xbf"


class CsvFileError(ValidationFailed):
    """The file cannot be read as CSV at all; `key` names the message (error.KEY)."""


@dataclass(frozen=True, slots=True)
class CsvRows:
    """The header as written (the empty cells Excel leaves after it dropped) and the rows:
    each a NumberedRow keyed by the normalised column names, or the Problem of a row
    whose number of values is not the header's."""

    header: list[str]
    rows: Iterator[NumberedRow | Problem]


def _lines(stream: BinaryIO, position: list[int]) -> Iterator[str]:
    """Decoded lines; position[0] is the number of the line last read (1 = the first)."""
    for raw in stream:
        position[0] += 1
        if position[0] == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CsvFileError("import_not_utf8", line=position[0], detail=exc.reason) from exc


def read_rows(stream: BinaryIO) -> CsvRows:
    """A UTF-8 CSV file (a BOM is accepted) with a header row, separated by commas or by
    semicolons (Excel in many European locales), whichever the header line has more of.
    Raises CsvFileError for a file that is not UTF-8, not CSV or has no header; reading
    `rows` may raise it too, on the line where it happens."""
    position = [0]
    lines = _lines(stream, position)
    first: list[str] = []
    for line in lines:
        first.append(line)
        if line.strip():
            break
    # The header's separator: the more frequent of the two on its line (a header cell
    # "E-mail, work" in a semicolon file stays one cell).
    delimiter = ";" if first and first[-1].count(";") > first[-1].count(",") else ","

    def chained() -> Iterator[str]:
        yield from first
        yield from lines

    reader = csv.reader(chained(), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        while header is not None and not any(h.strip() for h in header):
            header = next(reader, None)
    except csv.Error as exc:
        raise CsvFileError("import_not_csv", line=reader.line_num, detail=str(exc)) from exc
    if header is None:
        raise CsvFileError("import_empty_file")
    # Cells Excel leaves empty after the last column name no column.
    while header and not header[-1].strip():
        header = header[:-1]
    return CsvRows(header, _rows(reader, header))


def _rows(reader: Any, header: list[str]) -> Iterator[NumberedRow | Problem]:
    names = [column_name(h) for h in header]
    end = reader.line_num  # the last line of the last row read
    try:
        for values in reader:
            start, end = end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue  # blank line
            while len(values) > len(names) and not values[-1].strip():
                values = values[:-1]  # the trailing empty cells of those header cells
            if len(values) != len(names):
                yield Problem(start, "", "values", {"count": len(values), "columns": len(names)})
                continue
            yield start, dict(zip(names, values, strict=True))
    except csv.Error as exc:  # where the row began: an unclosed quote runs to the end
        raise CsvFileError("import_not_csv", line=end + 1, detail=str(exc)) from exc
