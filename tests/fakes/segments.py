"""Segments with their lines, and logged segments; the rules come from the domain."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from domain.model import (
    LoggedSegment,
    Segment,
    SegmentLine,
    SegmentSummary,
)
from domain.segment_rules import (
    LineProblem,
    assign_line,
    follow_header,
    follow_up_lines,
    follows_header,
    invalid_lines,
)
from tests.fakes.data import _Repo


class FakeSegments(_Repo):
    async def get(self, no: str, *, lock: bool = False) -> Segment | None:
        return copy.copy(self.d.segments.get(no))  # one task at a time: nothing to lock

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
            total_cost=sum((ln.cost for ln in lines), Decimal(0)),
            total_duration=sum(ln.duration for ln in lines),
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
        following = [ln for ln in self._lines(no) if follows_header(ln, old_code=old_code)]
        for line in following:
            follow_header(line, segment=segment)
        return len(following)

    async def assign_lines(self, no: str, *, salesperson_code: str) -> int:
        lines = self._lines(no)
        for line in lines:
            assign_line(line, salesperson_code=salesperson_code)
        return len(lines)

    async def invalid_lines(self, no: str, *, limit: int) -> list[tuple[int, LineProblem]]:
        return invalid_lines(
            self._lines(no),
            header=self.d.segments.get(no),
            templates=self.d.templates,
            contacts=self.d.contacts,
            salespeople=self.d.salespeople,
            limit=limit,
        )

    async def copy_lines(self, *, source_no: str, target_no: str) -> int:
        lines = follow_up_lines(
            self._lines(source_no),
            target_no=target_no,
            after_line_no=await self.last_line_no(target_no),
        )
        await self.add_lines(lines)
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
