"""What an import says: how far it is (Stage, Progress), what it notes beside its result
(Notice, Notify), and its result (ImportResult); and the file's rows, read a chunk at a
time. Shared by domain/services/imports.py and domain/services/contact_import.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice
from typing import Any

from domain.csv_rows import NumberedRow, Problem
from domain.csv_source import Source, read_rows


class Stage(StrEnum):
    READING = "reading"  # done: rows read; total unknown (0)
    CHECKING = "checking"  # done of total rows
    SAVING = "saving"  # done of total records


Progress = Callable[[Stage, int, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something said beside the result; `key` names the message (import.notice.*)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


Notify = Callable[[Notice], None]


@dataclass(slots=True)
class ImportResult:
    kind: str
    imported: int = 0
    new: int = 0
    rows: int = 0
    """Data rows in the file, bad ones included."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def updated(self) -> int:
        return self.imported - self.new

    @property
    def bad_rows(self) -> int:
        return len({p.line for p in self.problems})


def file_rows(source: Source) -> Iterator[NumberedRow | Problem]:
    with source() as stream:
        yield from read_rows(stream).rows


def chunks(items: Iterator[NumberedRow | Problem], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk
