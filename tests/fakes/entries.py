"""The interaction log; what it derives (statistics, a logged segment's entries) comes from
the domain's rules."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from domain.activity import Cell, Key, activity_cells
from domain.followups import POSTPONED_MARK
from domain.model import ContactStatistics, InteractionLogEntry
from domain.segment_rules import entries_from_segment
from domain.statistics import contact_statistics
from tests.fakes.data import _Repo


class FakeEntries(_Repo):
    async def get(self, entry_no: int) -> InteractionLogEntry | None:
        return copy.copy(self.d.entries.get(entry_no))

    async def add(self, entry: InteractionLogEntry) -> int:
        no = self.d.next("entry")
        self.d.entries[no] = replace(entry, entry_no=no)
        return no

    async def update(self, entry: InteractionLogEntry) -> None:
        assert entry.entry_no in self.d.entries
        self.d.entries[entry.entry_no] = copy.copy(entry)

    async def delete(self, entry_no: int) -> None:
        del self.d.entries[entry_no]

    async def postponed(
        self, salesperson_code: str, *, limit: int | None = None, offset: int = 0
    ) -> list[InteractionLogEntry]:
        found = [
            e
            for e in self.d.entries.values()
            if e.postponed and e.salesperson_code == salesperson_code
        ]
        found.sort(key=lambda e: (e.date, e.time, e.entry_no or 0), reverse=True)
        end = None if limit is None else offset + limit
        return [copy.copy(e) for e in found[offset:end]]

    async def count_postponed(self, salesperson_code: str) -> int:
        return len(await self.postponed(salesperson_code))

    async def recent(self, salesperson_code: str, *, limit: int) -> list[tuple[str, str]]:
        found = [
            e
            for e in self.d.entries.values()
            if not e.postponed and e.salesperson_code == salesperson_code
        ]
        found.sort(key=lambda e: (e.date, e.time, e.entry_no or 0), reverse=True)
        return [(e.contact_no, e.template_code) for e in found[:limit]]

    async def most_active(
        self, *, first: dt.date, last: dt.date, limit: int
    ) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for e in self.d.entries.values():
            if first <= e.date <= last and not e.postponed and not e.canceled:
                counts[e.contact_no] = counts.get(e.contact_no, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]

    async def postponed_to_remind(
        self, before: dt.datetime, *, limit: int
    ) -> list[InteractionLogEntry]:
        claimed = {key for kind, key in self.d.marks if kind == POSTPONED_MARK}
        due = [
            e
            for e in self.d.entries.values()
            if e.postponed
            and dt.datetime.combine(e.date, e.time) < before
            and str(e.entry_no) not in claimed
        ]
        due.sort(key=lambda e: (e.date, e.time, e.entry_no or 0))
        return [copy.copy(e) for e in due[:limit]]

    async def history(
        self, contact_nos: Sequence[str], *, limit: int, offset: int = 0
    ) -> list[InteractionLogEntry]:
        found = [e for e in self.d.entries.values() if e.contact_no in contact_nos]
        found = [e for e in found if not e.postponed]
        found.sort(key=lambda e: (e.date, e.time, e.entry_no or 0), reverse=True)
        return [copy.copy(e) for e in found[offset : offset + limit]]

    async def statistics(self, contact_nos: Sequence[str]) -> ContactStatistics:
        return contact_statistics(e for e in self.d.entries.values() if e.contact_no in contact_nos)

    async def activity(
        self,
        *,
        key: Key,
        starts: Sequence[dt.date],
        last: dt.date,
        salesperson_code: str = "",
        contact_nos: Sequence[str] | None = None,
    ) -> list[Cell]:
        chosen = [
            e
            for e in self.d.entries.values()
            if (not salesperson_code or e.salesperson_code == salesperson_code)
            and (contact_nos is None or e.contact_no in contact_nos)
        ]
        return activity_cells(chosen, key=key, starts=starts, last=last)

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
        own = [ln for (no, _), ln in self.d.lines.items() if no == segment_no]
        if lines is not None and lines != len(own):
            raise RuntimeError(f"Segment {segment_no} changed while it was being logged")
        if not own:
            return 0
        entries = entries_from_segment(
            self.d.segments[segment_no],
            own,
            templates=self.d.templates,
            first_entry_no=self.d.next("entry", len(own)),
            logged_segment_entry_no=logged_segment_entry_no,
            user_id=user_id,
            date=date,
            time=time,
        )
        for entry in entries:
            assert entry.entry_no is not None
            self.d.entries[entry.entry_no] = entry
        return len(entries)

    async def set_canceled_by_logged_segment(
        self, logged_segment_entry_no: int, *, canceled: bool
    ) -> int:
        hits = [
            e
            for e in self.d.entries.values()
            if e.logged_segment_entry_no == logged_segment_entry_no
        ]
        for e in hits:
            e.canceled = canceled
        return len(hits)

    async def export(
        self,
        *,
        date_from: dt.date | None,
        date_to: dt.date | None,
        salesperson_code: str,
        include_postponed: bool,
    ) -> list[tuple[InteractionLogEntry, str]]:
        rows = []
        for no in sorted(self.d.entries):
            e = self.d.entries[no]
            if (date_from and e.date < date_from) or (date_to and e.date > date_to):
                continue
            if salesperson_code and e.salesperson_code != salesperson_code:
                continue
            if e.postponed and not include_postponed:
                continue
            contact = self.d.contacts.get(e.contact_no)
            rows.append((copy.copy(e), contact.name if contact else ""))
        return rows
