"""Reading CSV rows for import: every bad value becomes a problem with its line and column,
so that a file can be fixed in one go."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from domain.errors import ValidationFailed
from domain.model import CODE_MAX
from domain.parsing import parse_bool, parse_cost, parse_duration
from domain.text import clean_name, clean_text, looks_like_formula

EMAIL_MAX = 80  # Business Central's length of E-Mail

Row = Mapping[str, str]
NumberedRow = tuple[int, Row]
"""A data row with its line number in the file (the header is line 1)."""

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong at a line (and column) of a file: a message key (`problem.<key>` in
    the catalogue) and its parameters, worded in the reader's language by the adapter."""

    line: int
    column: str
    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Parsed(Generic[_T]):
    items: list[_T] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    numbered: dict[str, int] = field(default_factory=dict)
    """Contacts only: the numbers taken from the number series, with their lines."""

    @property
    def bad_lines(self) -> int:
        return len({p.line for p in self.problems})


def column_name(header: str) -> str:
    """ "Unit Cost" and " unit_cost " both name `unit_cost`."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def code_of(row: Row, column: str) -> str:
    """A code as stored: cleaned like a name, upper-case (as Business Central keeps them)."""
    return clean_name(row.get(column) or "").strip().upper()


def numbered(rows: Iterable[Row]) -> list[NumberedRow]:
    """Rows as read from a file without blank lines: the first data row is line 2."""
    return [(line, row) for line, row in enumerate(rows, start=2)]


class RowFields:
    """Reads one row's values, collecting a problem for every bad one."""

    def __init__(self, line: int, row: Row, problems: list[Problem]) -> None:
        self.line = line
        self._row = row
        self._problems = problems
        self._bad: set[str] = set()
        self.ok = True

    def problem(self, column: str, key: str, /, **params: object) -> None:
        self.ok = False
        self._bad.add(column)
        self._problems.append(Problem(self.line, column, key, params))

    def has(self, column: str) -> bool:
        """Whether the file has this (optional) column."""
        return column in self._row

    def fine(self, column: str) -> bool:
        """Whether the column's value has no problem (yet): worth checking further."""
        return column not in self._bad

    def raw(self, column: str) -> str:
        return clean_text(self._row.get(column) or "").strip()

    def text(self, column: str, *, max_len: int, required: bool = False) -> str:
        value = " ".join(self.raw(column).split())
        return self._checked(column, value, max_len=max_len, required=required)

    def name(self, column: str, *, max_len: int, required: bool = False) -> str:
        value = " ".join(clean_name(self.raw(column)).split())
        return self._checked(column, value, max_len=max_len, required=required)

    def _checked(self, column: str, value: str, *, max_len: int, required: bool) -> str:
        if required and not value:
            self.problem(column, "required")
        elif len(value) > max_len:
            self.problem(column, "too_long", length=len(value), max=max_len)
        return value

    def code(self, column: str, *, required: bool = False) -> str:
        value = code_of(self._row, column)
        if required and not value:
            self.problem(column, "required")
        elif len(value) > CODE_MAX:
            self.problem(column, "code_too_long", value=value[:30], max=CODE_MAX)
        else:
            self.check_not_formula(column, value)
        return value

    def check_not_formula(self, column: str, code: str) -> None:
        """Codes end up in exports opened in spreadsheets, and no code needs to begin so."""
        if looks_like_formula(code):
            self.problem(column, "formula", value=code[:30])

    def email(self, column: str) -> str:
        value = self.text(column, max_len=EMAIL_MAX)
        if value and (" " in value or value.count("@") != 1 or value.startswith("@")):
            self.problem(column, "email", value=value[:40])
        return value

    def parsed(self, column: str, parse: Callable[[str], _T], default: _T) -> _T:
        try:
            return parse(self.raw(column))
        except ValidationFailed as exc:
            self.problem(column, exc.key, **exc.params)
            return default

    def cost(self, column: str) -> Decimal:
        return self.parsed(column, lambda v: parse_cost(v) if v else Decimal(0), Decimal(0))

    def duration(self, column: str) -> int:
        return self.parsed(column, lambda v: parse_duration(v) if v else 0, 0)

    def flag(self, column: str) -> bool:
        return self.parsed(column, parse_bool, False)


class UniqueKeys:
    """Reports a key seen twice in one file, naming the line it was first seen on."""

    def __init__(self, column: str) -> None:
        self.column = column
        self.first: dict[str, int] = {}

    def check(self, fields: RowFields, key: str) -> None:
        if not key:
            return
        first = self.first.setdefault(key, fields.line)
        if first != fields.line:
            fields.problem(self.column, "duplicate", key=key, first=first)


def keyed_rows(
    rows: Iterable[NumberedRow], problems: list[Problem], column: str
) -> Iterator[tuple[RowFields, str]]:
    """Each row's fields with its key (a code, upper-case), a key seen twice reported."""
    keys = UniqueKeys(column)
    for line, row in rows:
        fields = RowFields(line, row, problems)
        key = fields.code(column, required=True)
        keys.check(fields, key)
        yield fields, key
