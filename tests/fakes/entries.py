"""The interaction log, with the lines of a logged segment."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from domain.model import (
    ContactStatistics,
    InitiatedBy,
    InteractionLogEntry,
)
from tests.fakes.data import _Repo


class FakeEntries(_Repo):
    fail_after: int | None = None  # inject a failure part-way through a bulk insert

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

    async def postponed(self, salesperson_code: str) -> list[InteractionLogEntry]:
        return [
            copy.copy(e)
            for e in self.d.entries.values()
            if e.postponed and e.salesperson_code == salesperson_code
        ]

    async def history(
        self, contact_nos: Sequence[str], *, limit: int, offset: int = 0
    ) -> list[InteractionLogEntry]:
        found = [e for e in self.d.entries.values() if e.contact_no in contact_nos]
        found = [e for e in found if not e.postponed]
        found.sort(key=lambda e: (e.date, e.time, e.entry_no or 0), reverse=True)
        return [copy.copy(e) for e in found[offset : offset + limit]]

    async def statistics(self, contact_nos: Sequence[str]) -> ContactStatistics:
        counted = [
            e
            for e in self.d.entries.values()
            if e.contact_no in contact_nos and not e.postponed and not e.canceled
        ]
        succeeded = [e.date for e in counted if not e.attempt_failed]
        attempted = [e.date for e in counted if e.initiated_by is InitiatedBy.US]
        return ContactStatistics(
            interactions=len(counted),
            cost=sum((e.cost for e in counted), Decimal(0)),
            duration=sum(e.duration for e in counted),
            last_date=max(succeeded, default=None),
            last_attempted=max(attempted, default=None),
        )

    async def add_from_segment(
        self,
        *,
        segment_no: str,
        logged_segment_entry_no: int,
        user_id: str,
        date: dt.date,
        time: dt.time,
    ) -> int:
        header = self.d.segments[segment_no]
        lines = sorted(
            (ln for (no, _), ln in self.d.lines.items() if no == segment_no),
            key=lambda ln: ln.line_no,
        )
        for index, line in enumerate(lines):
            if self.fail_after is not None and index == self.fail_after:
                raise RuntimeError("injected failure")
            template = self.d.templates[line.template_code]
            no = self.d.next("entry")
            self.d.entries[no] = InteractionLogEntry(
                entry_no=no,
                contact_no=line.contact_no,
                contact_company_no=line.contact_company_no,
                date=line.date or header.date or date,
                time=time,
                salesperson_code=line.salesperson_code or header.salesperson_code,
                user_id=user_id,
                template_code=line.template_code,
                group_code=template.group_code,
                description=line.description or header.description or template.description,
                information_flow=line.information_flow,
                initiated_by=line.initiated_by,
                cost=line.unit_cost,
                duration=line.unit_duration,
                segment_no=segment_no,
                logged_segment_entry_no=logged_segment_entry_no,
            )
        return len(lines)

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
