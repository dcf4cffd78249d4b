"""Interaction log entries as CSV, for `interlog export interactions` and the chat's
`/export`; to-dos, for `interlog export todos`."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from domain.model import InteractionLogEntry, Todo
from domain.text import looks_like_formula

HEADER = (
    "entry_no",
    "date",
    "time",
    "contact_no",
    "contact_name",
    "contact_company_no",
    "template_code",
    "group_code",
    "description",
    "cost",
    "duration",
    "information_flow",
    "initiated_by",
    "evaluation",
    "attempt_failed",
    "salesperson_code",
    "segment_no",
    "logged_segment_entry_no",
    "canceled",
    "postponed",
)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _text(value: str) -> str:
    """Text as a spreadsheet shows it: what it would take for a formula (a description
    typed as =HYPERLINK(...), a code stored before the import refused such codes) gets a
    leading apostrophe, so it stays text. Every text column goes through here."""
    return f"'{value}" if looks_like_formula(value) else value


def entry_row(entry: InteractionLogEntry, contact_name: str) -> list[str]:
    """One CSV row: ISO date, HH:MM time, cost with 2 decimals, booleans true/false."""
    return [
        str(entry.entry_no or ""),
        entry.date.isoformat(),
        entry.time.strftime("%H:%M"),
        _text(entry.contact_no),
        _text(contact_name),
        _text(entry.contact_company_no),
        _text(entry.template_code),
        _text(entry.group_code),
        _text(entry.description),
        f"{entry.cost:.2f}",
        str(entry.duration),
        entry.information_flow.value,
        entry.initiated_by.value,
        entry.evaluation.value,
        _flag(entry.attempt_failed),
        _text(entry.salesperson_code),
        _text(entry.segment_no),
        "" if entry.logged_segment_entry_no is None else str(entry.logged_segment_entry_no),
        _flag(entry.canceled),
        _flag(entry.postponed),
    ]


def write_entries(
    out: TextIO, entries: Iterable[tuple[InteractionLogEntry, str]], *, delimiter: str = ","
) -> int:
    """Writes the header and one row per entry; returns the number of entries."""
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    writer.writerow(HEADER)
    written = 0
    for entry, contact_name in entries:
        writer.writerow(entry_row(entry, contact_name))
        written += 1
    return written


# `interlog export todos`: fixed, documented in the README (scripts read it by name).
TODO_HEADER = (
    "no",
    "date",
    "time",
    "contact_no",
    "contact_name",
    "salesperson_code",
    "type",
    "template_code",
    "description",
    "status",
    "created_by_entry_no",
    "closed_by_entry_no",
)


def todo_row(todo: Todo, contact_name: str) -> list[str]:
    """ISO date, HH:MM time (empty for a to-do without one), the entries' numbers or empty."""
    return [
        _text(todo.no),
        todo.date.isoformat(),
        todo.time.strftime("%H:%M") if todo.time else "",
        _text(todo.contact_no),
        _text(contact_name),
        _text(todo.salesperson_code),
        todo.type.value,
        _text(todo.template_code),
        _text(todo.description),
        todo.status.value,
        "" if todo.created_by_entry_no is None else str(todo.created_by_entry_no),
        "" if todo.closed_by_entry_no is None else str(todo.closed_by_entry_no),
    ]


def write_todos(out: TextIO, todos: Iterable[tuple[Todo, str]], *, delimiter: str = ",") -> int:
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    writer.writerow(TODO_HEADER)
    written = 0
    for todo, contact_name in todos:
        writer.writerow(todo_row(todo, contact_name))
        written += 1
    return written
