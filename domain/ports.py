"""What the services need from storage. storage/ implements these; tests use in-memory fakes."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from domain.activity import Cell, Key
from domain.import_undo import Use
from domain.model import (
    Contact,
    ContactCriteria,
    ContactStatistics,
    Draft,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    LoggedSegment,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    Segment,
    SegmentLine,
    SegmentSummary,
    Todo,
    User,
)
from domain.segment_rules import LineProblem


class SalespersonRepository(Protocol):
    async def get(self, code: str) -> Salesperson | None: ...
    async def save(self, salesperson: Salesperson) -> None: ...
    async def list(self) -> list[Salesperson]: ...


class UserRepository(Protocol):
    async def get(self, telegram_id: int) -> User | None: ...
    async def save(self, user: User) -> None: ...
    async def remove(self, telegram_id: int) -> bool: ...
    async def list(self) -> list[User]: ...


class ContactRepository(Protocol):
    async def get(self, no: str) -> Contact | None: ...
    async def save(self, contact: Contact) -> None: ...
    async def save_many(self, contacts: Sequence[Contact]) -> None: ...
    async def search(self, query: str, *, limit: int, offset: int = 0) -> list[Contact]:
        """`query` is already normalised; ranked by domain.text.search_rank: exact, then
        prefix, then word-start, then substring matches."""
        ...

    async def by_phone(self, key: str, *, limit: int) -> list[Contact]:
        """Contacts whose phone or mobile phone number has domain.text.phone_key `key`,
        by name."""
        ...

    async def matching(self, criteria: ContactCriteria) -> list[Contact]: ...
    async def persons_of(self, company_nos: Sequence[str]) -> list[Contact]: ...
    async def count(self) -> int: ...

    # An import written in chunks, each committed on its own, stays all-or-nothing by
    # journaling how every contact it touches was before: the import begins (naming its
    # owner), journals each chunk's contacts in the chunk's transaction, and finishes in
    # one short transaction; until then its journal can undo it.
    async def import_owner(self) -> str | None:
        """The owner of an unfinished import, if there is one."""
        ...

    async def begin_import(self, owner: str) -> None: ...
    async def journal(self, nos: Sequence[str]) -> None:
        """Keeps how these contacts are now (or that they do not exist), unless kept."""
        ...

    async def finish_import(self) -> None: ...
    async def forget_journal(self, limit: int) -> int:
        """Forgets up to `limit` journaled contacts of a finished import; how many."""
        ...

    async def undo_journal(self, limit: int) -> tuple[int, dict[str, Use]]:
        """Restores up to `limit` journaled contacts as they were, removing those the import
        added unless `uses` keeps them; how many were journaled, and those kept."""
        ...

    async def uses(self, nos: Sequence[str]) -> dict[str, Use]:
        """domain.import_undo.uses of these contacts, over everything stored."""
        ...


class GroupRepository(Protocol):
    async def get(self, code: str) -> InteractionGroup | None: ...
    async def save(self, group: InteractionGroup) -> None: ...
    async def list(self) -> list[InteractionGroup]: ...


class TemplateRepository(Protocol):
    async def get(self, code: str) -> InteractionTemplate | None: ...
    async def save(self, template: InteractionTemplate) -> None: ...
    async def list(self) -> list[InteractionTemplate]: ...
    async def usage(self, salesperson_code: str) -> dict[str, int]:
        """domain.usage.template_usage of this salesperson's entries."""
        ...


class EntryRepository(Protocol):
    async def get(self, entry_no: int) -> InteractionLogEntry | None: ...
    async def add(self, entry: InteractionLogEntry) -> int:
        """Stores a new entry under the next entry number and returns it."""
        ...

    async def update(self, entry: InteractionLogEntry) -> None: ...
    async def delete(self, entry_no: int) -> None: ...
    async def postponed(
        self, salesperson_code: str, *, limit: int | None = None, offset: int = 0
    ) -> list[InteractionLogEntry]:
        """Newest first (date, time, entry number)."""
        ...

    async def count_postponed(self, salesperson_code: str) -> int: ...
    async def recent(self, salesperson_code: str, *, limit: int) -> list[tuple[str, str]]:
        """(contact no, template code) of the salesperson's newest `limit` entries, newest
        first (date, time, entry number); postponed entries left out."""

    async def most_active(
        self, *, first: dt.date, last: dt.date, limit: int
    ) -> list[tuple[str, int]]:
        """(contact no, entries) of the contacts with the most entries between the dates,
        most first (then by number); postponed and canceled entries left out, as in the
        statistics."""
        ...

    async def postponed_to_remind(
        self, before: dt.datetime, *, limit: int
    ) -> list[InteractionLogEntry]:
        """Postponed entries of anyone dated (date and time) before `before` whose reminder
        was not claimed (schedule mark "postponed" with the entry number), oldest first."""
        ...

    async def history(
        self, contact_nos: Sequence[str], *, limit: int, offset: int = 0
    ) -> list[InteractionLogEntry]:
        """Newest first; postponed entries left out."""
        ...

    async def statistics(self, contact_nos: Sequence[str]) -> ContactStatistics:
        """domain.statistics.contact_statistics of these contacts' entries."""
        ...

    async def activity(
        self,
        *,
        key: Key,
        starts: Sequence[dt.date],
        last: dt.date,
        salesperson_code: str = "",
        contact_nos: Sequence[str] | None = None,
    ) -> list[Cell]:
        """domain.activity.activity_cells of the entries of one salesperson (all when
        empty) and of these contacts (all when None)."""
        ...

    async def add_from_segment(
        self,
        *,
        segment_no: str,
        logged_segment_entry_no: int,
        user_id: str,
        date: dt.date,
        time: dt.time,
        lines: int | None = None,
    ) -> int:
        """The entries domain.segment_rules.entries_from_segment derives from the segment's
        lines, numbered from the next entry number, set-based. Returns how many. `lines`: how
        many lines the caller counted in this transaction (not counted again); if the lines
        written differ, RuntimeError (the segment changed meanwhile)."""
        ...

    async def set_canceled_by_logged_segment(
        self, logged_segment_entry_no: int, *, canceled: bool
    ) -> int: ...
    async def export(
        self,
        *,
        date_from: dt.date | None,
        date_to: dt.date | None,
        salesperson_code: str,
        include_postponed: bool,
    ) -> list[tuple[InteractionLogEntry, str]]:
        """Entries in entry order with their contact's name."""
        ...


class SegmentRepository(Protocol):
    async def get(self, no: str, *, lock: bool = False) -> Segment | None:
        """With `lock`, the segment is held until the transaction ends: whoever edits or
        logs it meanwhile waits, then sees what this transaction left."""
        ...

    async def add(self, segment: Segment) -> None: ...
    async def update(self, segment: Segment) -> None: ...
    async def delete(self, no: str) -> None:
        """Removes the segment with its lines."""
        ...

    async def list(self) -> list[Segment]: ...
    async def summary(self, no: str) -> SegmentSummary | None: ...
    async def lines(
        self, no: str, *, limit: int | None = None, offset: int = 0
    ) -> builtins.list[SegmentLine]: ...
    async def line(self, no: str, line_no: int) -> SegmentLine | None: ...
    async def contact_nos(self, no: str) -> set[str]: ...
    async def add_lines(self, lines: Sequence[SegmentLine]) -> None: ...
    async def update_line(self, line: SegmentLine) -> None: ...
    async def remove_lines(self, no: str, contact_nos: Sequence[str]) -> int: ...
    async def last_line_no(self, no: str) -> int: ...
    async def follow_header_template(self, no: str, *, old_code: str, segment: Segment) -> int:
        """The lines that domain.segment_rules.follows_header take the header's template and
        values (follow_header); returns how many."""
        ...

    async def assign_lines(self, no: str, *, salesperson_code: str) -> int:
        """domain.segment_rules.assign_line on every line of the segment; how many."""
        ...

    async def invalid_lines(self, no: str, *, limit: int) -> builtins.list[tuple[int, LineProblem]]:
        """What domain.segment_rules.invalid_lines gives for the segment's lines."""
        ...

    async def copy_lines(self, *, source_no: str, target_no: str) -> int:
        """Adds domain.segment_rules.follow_up_lines of the source to the target, numbered
        after the target's last line; returns how many."""
        ...


class LoggedSegmentRepository(Protocol):
    async def get(self, entry_no: int) -> LoggedSegment | None: ...
    async def for_segment(self, segment_no: str) -> LoggedSegment | None: ...
    async def add(self, logged: LoggedSegment) -> int:
        """Stores it under the next entry number and returns that number."""
        ...

    async def update(self, logged: LoggedSegment) -> None: ...
    async def list(self, *, limit: int, offset: int = 0) -> list[tuple[LoggedSegment, int]]:
        """Newest first, each with its number of entries."""
        ...


class SetupRepository(Protocol):
    async def get(self) -> MarketingSetup: ...
    async def save(self, setup: MarketingSetup) -> None: ...
    async def series(self, code: str) -> NumberSeries | None:
        """Locks the series row for the transaction where the database can."""
        ...

    async def save_series(self, series: NumberSeries) -> None: ...


class DraftRepository(Protocol):
    async def get(self, draft_id: int) -> Draft | None: ...
    async def add(self, draft: Draft) -> int: ...
    async def update(self, draft: Draft) -> None: ...
    async def delete(self, draft_id: int) -> None: ...


# Buttons of a message: rows of (label, callback data).
Buttons = Sequence[Sequence[tuple[str, str]]]


class OutboxRepository(Protocol):
    async def add(
        self,
        *,
        chat_id: int,
        text: str,
        buttons: Buttons | None = None,
        attachment: dict[str, Any] | None = None,
    ) -> None: ...


class TodoRepository(Protocol):
    async def get(self, no: str) -> Todo | None: ...
    async def add(self, todo: Todo) -> None: ...
    async def update(self, todo: Todo) -> None: ...
    async def open(
        self,
        *,
        salesperson_code: str = "",
        contact_no: str = "",
        due_by: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[Todo]:
        """Open to-dos of one salesperson (everyone's when empty), of one contact (any when
        empty), due on or before `due_by` (any when None): by date, time (none first on its
        day) and number, so the overdue ones come first."""
        ...

    async def count_open(self, *, salesperson_code: str = "") -> int: ...
    async def created_by(self, entry_no: int) -> Todo | None:
        """The to-do scheduled after this entry, if any."""
        ...

    async def due_reminders(self, now: dt.datetime, *, limit: int) -> builtins.list[Todo]:
        """Open to-dos not yet reminded whose `remind_at` is at or before `now`, oldest
        first."""
        ...

    async def mark_reminded(self, no: str) -> bool:
        """Marks the reminder sent unless it already was (by another instance, say); True
        if this call marked it."""
        ...

    async def overdue_counts(self, now: dt.datetime) -> dict[str, int]:
        """Open to-dos overdue at `now` (domain.model.Todo.overdue), per salesperson."""
        ...

    async def export(self) -> builtins.list[Todo]:
        """Every to-do, in number order."""
        ...


class ScheduleMarkRepository(Protocol):
    """What the scheduler has done once and must never do again (an agenda for a user and
    day, a postponed interaction's reminder, a digest): one row per kind and key."""

    async def claim(self, kind: str, key: str, now: dt.datetime) -> bool:
        """Records (kind, key) unless it is recorded; True if this call recorded it. Two
        transactions claiming the same one at once: the second waits for the first and
        gets False."""
        ...

    async def claimed(self, kind: str, keys: Sequence[str]) -> set[str]: ...


class UnitOfWork(Protocol):
    """One business operation: rolls back on exit unless `commit` was awaited.

    Repositories are read-only properties so that implementations may narrow their types."""

    @property
    def salespeople(self) -> SalespersonRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def contacts(self) -> ContactRepository: ...
    @property
    def groups(self) -> GroupRepository: ...
    @property
    def templates(self) -> TemplateRepository: ...
    @property
    def entries(self) -> EntryRepository: ...
    @property
    def segments(self) -> SegmentRepository: ...
    @property
    def logged_segments(self) -> LoggedSegmentRepository: ...
    @property
    def setup(self) -> SetupRepository: ...
    @property
    def drafts(self) -> DraftRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def todos(self) -> TodoRepository: ...
    @property
    def schedule_marks(self) -> ScheduleMarkRepository: ...

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class ImportOwners(Protocol):
    """Who runs a contact import: the name this process journals its import under, and
    whether the import of another name may still be running (its process alive), which
    only the operating system can tell (storage/import_owners.py)."""

    def this_process(self) -> str: ...
    def may_run(self, owner: str) -> bool:
        """False only when the owner's process is known to be gone: its import was killed,
        and what it wrote may be undone."""
        ...
