"""In-memory fakes of the storage ports, for domain tests (cosmicpython style, no mocks).

The fake unit of work snapshots its state on enter and restores it unless committed, so
tests of "nothing written on failure" mean the same here as on a real database."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import TracebackType
from typing import Self

from domain.model import (
    Contact,
    ContactCriteria,
    ContactStatistics,
    Draft,
    InitiatedBy,
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
    User,
)


@dataclass
class Data:
    salespeople: dict[str, Salesperson] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    groups: dict[str, InteractionGroup] = field(default_factory=dict)
    templates: dict[str, InteractionTemplate] = field(default_factory=dict)
    entries: dict[int, InteractionLogEntry] = field(default_factory=dict)
    segments: dict[str, Segment] = field(default_factory=dict)
    lines: dict[tuple[str, int], SegmentLine] = field(default_factory=dict)
    logged: dict[int, LoggedSegment] = field(default_factory=dict)
    setup: MarketingSetup = field(default_factory=MarketingSetup)
    series: dict[str, NumberSeries] = field(default_factory=dict)
    drafts: dict[int, Draft] = field(default_factory=dict)
    outbox: list[tuple[int, str]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def next(self, name: str, count: int = 1) -> int:
        first = self.counters.get(name, 1)
        self.counters[name] = first + count
        return first


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def d(self) -> Data:
        return self._uow.data


class FakeSalespeople(_Repo):
    async def get(self, code: str) -> Salesperson | None:
        return copy.copy(self.d.salespeople.get(code))

    async def save(self, salesperson: Salesperson) -> None:
        self.d.salespeople[salesperson.code] = copy.copy(salesperson)

    async def list(self) -> list[Salesperson]:
        return [copy.copy(s) for s in sorted(self.d.salespeople.values(), key=lambda s: s.code)]


class FakeUsers(_Repo):
    async def get(self, telegram_id: int) -> User | None:
        return copy.copy(self.d.users.get(telegram_id))

    async def save(self, user: User) -> None:
        self.d.users[user.telegram_id] = copy.copy(user)

    async def remove(self, telegram_id: int) -> bool:
        return self.d.users.pop(telegram_id, None) is not None

    async def list(self) -> list[User]:
        return [copy.copy(u) for u in self.d.users.values()]


class FakeContacts(_Repo):
    async def get(self, no: str) -> Contact | None:
        return copy.copy(self.d.contacts.get(no))

    async def save(self, contact: Contact) -> None:
        self.d.contacts[contact.no] = copy.copy(contact)

    async def save_many(self, contacts: Sequence[Contact]) -> None:
        for contact in contacts:
            await self.save(contact)

    async def search(self, query: str, *, limit: int, offset: int = 0) -> list[Contact]:
        def rank(c: Contact) -> tuple[int, str, str]:
            name = c.search_name
            order = 0 if name == query else 1 if name.startswith(query) else 2
            return (order, name, c.no)

        # Like the real indexes: under three characters only a prefix can be looked up.
        if len(query) < 3:
            found = [c for c in self.d.contacts.values() if c.search_name.startswith(query)]
        else:
            found = [c for c in self.d.contacts.values() if query in c.search_name]
        return [copy.copy(c) for c in sorted(found, key=rank)[offset : offset + limit]]

    async def matching(self, criteria: ContactCriteria) -> list[Contact]:
        return [
            copy.copy(c)
            for c in sorted(self.d.contacts.values(), key=lambda c: c.no)
            if self._matches(c, criteria)
        ]

    def _matches(self, c: Contact, k: ContactCriteria) -> bool:
        with_template = {
            e.contact_no
            for e in self.d.entries.values()
            if e.template_code == k.has_template_code and not e.postponed and not e.canceled
        }
        return all(
            (
                k.type is None or c.type is k.type,
                not k.salesperson_code or c.salesperson_code == k.salesperson_code,
                not k.city or c.city.casefold() == k.city.casefold(),
                not k.post_code or c.post_code == k.post_code,
                not k.country or c.country == k.country,
                not k.business_relation or k.business_relation in c.business_relations,
                not k.company_no or c.company_no == k.company_no,
                not k.name_query or k.name_query in c.search_name,
                not k.has_template_code or c.no in with_template,
                not k.contact_nos or c.no in k.contact_nos,
            )
        )

    async def persons_of(self, company_nos: Sequence[str]) -> list[Contact]:
        return [
            copy.copy(c)
            for c in self.d.contacts.values()
            if c.company_no in company_nos and c.no != c.company_no
        ]

    async def count(self) -> int:
        return len(self.d.contacts)


class FakeGroups(_Repo):
    async def get(self, code: str) -> InteractionGroup | None:
        return copy.copy(self.d.groups.get(code))

    async def save(self, group: InteractionGroup) -> None:
        self.d.groups[group.code] = copy.copy(group)

    async def list(self) -> list[InteractionGroup]:
        return [copy.copy(g) for g in sorted(self.d.groups.values(), key=lambda g: g.code)]


class FakeTemplates(_Repo):
    async def get(self, code: str) -> InteractionTemplate | None:
        return copy.copy(self.d.templates.get(code))

    async def save(self, template: InteractionTemplate) -> None:
        self.d.templates[template.code] = copy.copy(template)

    async def list(self) -> list[InteractionTemplate]:
        return [copy.copy(t) for t in sorted(self.d.templates.values(), key=lambda t: t.code)]

    async def usage(self, salesperson_code: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.d.entries.values():
            if e.salesperson_code == salesperson_code and not e.postponed:
                counts[e.template_code] = counts.get(e.template_code, 0) + 1
        return counts


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


class FakeSegments(_Repo):
    async def get(self, no: str) -> Segment | None:
        return copy.copy(self.d.segments.get(no))

    async def add(self, segment: Segment) -> None:
        assert segment.no not in self.d.segments
        self.d.segments[segment.no] = copy.copy(segment)

    async def update(self, segment: Segment) -> None:
        self.d.segments[segment.no] = copy.copy(segment)

    async def delete(self, no: str) -> None:
        del self.d.segments[no]
        for key in [k for k in self.d.lines if k[0] == no]:
            del self.d.lines[key]

    async def list(self) -> list[Segment]:
        return [copy.copy(s) for s in sorted(self.d.segments.values(), key=lambda s: s.no)]

    def _lines(self, no: str) -> list[SegmentLine]:
        return sorted((ln for k, ln in self.d.lines.items() if k[0] == no), key=lambda x: x.line_no)

    async def summary(self, no: str) -> SegmentSummary | None:
        segment = self.d.segments.get(no)
        if segment is None:
            return None
        lines = self._lines(no)
        return SegmentSummary(
            segment=copy.copy(segment),
            lines=len(lines),
            total_cost=sum((ln.unit_cost for ln in lines), Decimal(0)),
            total_duration=sum(ln.unit_duration for ln in lines),
            lines_without_template=sum(1 for ln in lines if not ln.template_code),
        )

    async def lines(
        self, no: str, *, limit: int | None = None, offset: int = 0
    ) -> list[SegmentLine]:
        lines = self._lines(no)[offset:]
        return [copy.copy(ln) for ln in (lines if limit is None else lines[:limit])]

    async def line(self, no: str, line_no: int) -> SegmentLine | None:
        return copy.copy(self.d.lines.get((no, line_no)))

    async def contact_nos(self, no: str) -> set[str]:
        return {ln.contact_no for ln in self._lines(no)}

    async def add_lines(self, lines: Sequence[SegmentLine]) -> None:
        for line in lines:
            self.d.lines[(line.segment_no, line.line_no)] = copy.copy(line)

    async def update_line(self, line: SegmentLine) -> None:
        self.d.lines[(line.segment_no, line.line_no)] = copy.copy(line)

    async def remove_lines(self, no: str, contact_nos: Sequence[str]) -> int:
        doomed = [
            k for k, ln in self.d.lines.items() if k[0] == no and ln.contact_no in contact_nos
        ]
        for key in doomed:
            del self.d.lines[key]
        return len(doomed)

    async def last_line_no(self, no: str) -> int:
        return max((ln.line_no for ln in self._lines(no)), default=0)

    async def follow_header_template(self, no: str, *, old_code: str, segment: Segment) -> int:
        followed = 0
        for line in self._lines(no):
            if line.template_code == old_code and not line.template_overridden:
                line.template_code = segment.template_code
                line.unit_cost = segment.unit_cost
                line.unit_duration = segment.unit_duration
                line.information_flow = segment.information_flow
                line.initiated_by = segment.initiated_by
                followed += 1
        return followed

    async def invalid_lines(self, no: str, *, limit: int) -> list[tuple[int, str]]:
        problems = []
        header = self.d.segments[no]
        for line in self._lines(no):
            if line.template_code not in self.d.templates:
                problems.append((line.line_no, "template"))
            elif line.contact_no not in self.d.contacts:
                problems.append((line.line_no, "contact"))
            elif (sp := line.salesperson_code or header.salesperson_code) and (
                sp not in self.d.salespeople
            ):
                problems.append((line.line_no, "salesperson"))
        return problems[:limit]

    async def copy_lines(self, *, source_no: str, target_no: str) -> int:
        lines = self._lines(source_no)
        for line in lines:
            self.d.lines[(target_no, line.line_no)] = SegmentLine(
                segment_no=target_no,
                line_no=line.line_no,
                contact_no=line.contact_no,
                contact_company_no=line.contact_company_no,
                salesperson_code=line.salesperson_code,
            )
        return len(lines)


class FakeLoggedSegments(_Repo):
    async def get(self, entry_no: int) -> LoggedSegment | None:
        return copy.copy(self.d.logged.get(entry_no))

    async def for_segment(self, segment_no: str) -> LoggedSegment | None:
        found = [ls for ls in self.d.logged.values() if ls.segment_no == segment_no]
        return copy.copy(found[-1]) if found else None

    async def add(self, logged: LoggedSegment) -> int:
        no = self.d.next("logged_segment")
        self.d.logged[no] = replace(logged, entry_no=no)
        return no

    async def update(self, logged: LoggedSegment) -> None:
        self.d.logged[logged.entry_no] = copy.copy(logged)

    async def list(self, *, limit: int, offset: int = 0) -> list[tuple[LoggedSegment, int]]:
        result = []
        for no in sorted(self.d.logged, reverse=True)[offset : offset + limit]:
            logged = self.d.logged[no]
            count = sum(
                1
                for e in self.d.entries.values()
                if e.logged_segment_entry_no == no and e.canceled == logged.canceled
            )
            result.append((copy.copy(logged), count))
        return result


class FakeSetup(_Repo):
    async def get(self) -> MarketingSetup:
        return copy.copy(self.d.setup)

    async def save(self, setup: MarketingSetup) -> None:
        self.d.setup = copy.copy(setup)

    async def series(self, code: str) -> NumberSeries | None:
        return copy.copy(self.d.series.get(code))

    async def save_series(self, series: NumberSeries) -> None:
        self.d.series[series.code] = copy.copy(series)


class FakeDrafts(_Repo):
    async def get(self, draft_id: int) -> Draft | None:
        return copy.copy(self.d.drafts.get(draft_id))

    async def add(self, draft: Draft) -> int:
        draft_id = self.d.next("draft")
        self.d.drafts[draft_id] = replace(draft, id=draft_id)
        return draft_id

    async def update(self, draft: Draft) -> None:
        assert draft.id in self.d.drafts
        self.d.drafts[draft.id] = copy.copy(draft)

    async def delete(self, draft_id: int) -> None:
        del self.d.drafts[draft_id]


class FakeOutbox(_Repo):
    async def add(self, *, chat_id: int, text: str) -> None:
        self.d.outbox.append((chat_id, text))


class FakeUnitOfWork:
    def __init__(self, data: Data) -> None:
        self.committed = data  # what a real database would hold
        self.data = data
        self.commits = 0
        self.salespeople = FakeSalespeople(self)
        self.users = FakeUsers(self)
        self.contacts = FakeContacts(self)
        self.groups = FakeGroups(self)
        self.templates = FakeTemplates(self)
        self.entries = FakeEntries(self)
        self.segments = FakeSegments(self)
        self.logged_segments = FakeLoggedSegments(self)
        self.setup = FakeSetup(self)
        self.drafts = FakeDrafts(self)
        self.outbox = FakeOutbox(self)

    async def __aenter__(self) -> Self:
        self.data = copy.deepcopy(self.committed)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        self.committed.__dict__.update(copy.deepcopy(self.data).__dict__)
        self.commits += 1

    async def rollback(self) -> None:
        self.data = copy.deepcopy(self.committed)
