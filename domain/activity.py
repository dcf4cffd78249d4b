"""Activity over a period, for the charts: which entries count, how they are summed per bar
and key (interaction group or salesperson), and how days are gathered into bars.

`activity_cells` is the specification storage computes in one pass over the entries (a
GROUP BY per day and key, summed again per bar); the in-memory fakes call it. A chart's
period and the one before it are read together (`with_previous`, `split_previous`).
Entries count as in contact statistics (domain.statistics): postponed and canceled ones
never do. An entry is successful when its attempt did not fail (the card's "Successful"),
as the date of the last interaction counts only those."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from domain.model import InteractionLogEntry
from domain.statistics import counts_in_statistics


class Period(StrEnum):
    WEEK = "week"  # the 7 days ending today, a bar per day
    MONTH = "month"  # the 4 weeks ending today, a bar per week
    QUARTER = "quarter"  # the 13 weeks ending today, a bar per week
    YEAR = "year"  # the 12 months ending with this one, a bar per month


class Key(StrEnum):
    """What the bars of a chart are split by."""

    GROUP = "group"
    SALESPERSON = "salesperson"


@dataclass(frozen=True, slots=True)
class Cell:
    """The counted entries of one bar and one key; `date` is the bar's first day."""

    date: dt.date
    key: str
    interactions: int = 0
    cost: Decimal = Decimal(0)
    duration: int = 0
    successful: int = 0
    attempts_failed: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """Days from `first` to `last` (both included), cut into bars starting at `starts`."""

    first: dt.date
    last: dt.date
    starts: tuple[dt.date, ...]

    def previous(self) -> Span:
        """The span of the same length right before this one (its bars are not needed)."""
        length = self.last - self.first + dt.timedelta(days=1)
        return Span(self.first - length, self.first - dt.timedelta(days=1), ())

    def bar_of(self, day: dt.date) -> int:
        """The index of the bar `day` falls in (the last start not after it)."""
        index = 0
        for i, start in enumerate(self.starts):
            if start <= day:
                index = i
        return index


@dataclass(frozen=True, slots=True)
class Totals:
    interactions: int = 0
    cost: Decimal = Decimal(0)
    duration: int = 0
    successful: int = 0
    attempts_failed: int = 0

    @property
    def successful_percent(self) -> int | None:
        """The share of successful interactions in whole percent; None without any."""
        if not self.interactions:
            return None
        return round(100 * self.successful / self.interactions)


@dataclass(frozen=True, slots=True)
class Chart:
    """Bars (one per span start) of stacked counts per key: `series[key][bar]`. For a team
    chart `groups` are the salespeople, each a group of bars, and `series` has one key."""

    span: Span
    series: dict[str, list[int]] = field(default_factory=dict)
    groups: dict[str, list[int]] = field(default_factory=dict)


def span_of(period: Period, today: dt.date) -> Span:
    if period is Period.WEEK:
        first = today - dt.timedelta(days=6)
        return Span(first, today, tuple(first + dt.timedelta(days=i) for i in range(7)))
    if period is Period.YEAR:
        months = [_month_back(today.replace(day=1), n) for n in range(11, -1, -1)]
        return Span(months[0], today, tuple(months))
    weeks = 4 if period is Period.MONTH else 13
    first = today - dt.timedelta(days=7 * weeks - 1)
    return Span(first, today, tuple(first + dt.timedelta(days=7 * i) for i in range(weeks)))


def _month_back(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def activity_cells(
    entries: Iterable[InteractionLogEntry],
    *,
    key: Key,
    starts: Sequence[dt.date],
    last: dt.date,
) -> list[Cell]:
    """The counted entries from `starts[0]` to `last` summed per bar and key, ordered by
    both: a bar holds the days from its start (one of the ascending `starts`) to the next."""
    counts: dict[tuple[dt.date, str], list[int]] = {}
    costs: dict[tuple[dt.date, str], Decimal] = defaultdict(Decimal)
    for e in entries:
        if not counts_in_statistics(e) or not starts[0] <= e.date <= last:
            continue
        bar = max(start for start in starts if start <= e.date)
        where = (bar, e.group_code if key is Key.GROUP else e.salesperson_code)
        n = counts.setdefault(where, [0, 0, 0, 0])
        n[0] += 1
        n[1] += e.duration
        n[2 if not e.attempt_failed else 3] += 1
        costs[where] += e.cost
    return [
        Cell(day, name, n[0], costs[(day, name)], n[1], n[2], n[3])
        for (day, name), n in sorted(counts.items())
    ]


def with_previous(span: Span) -> tuple[dt.date, ...]:
    """The bar starts of `span` after one bar holding all of its previous span: both read in
    one pass, and split again by `split_previous`."""
    return (span.previous().first, *span.starts)


def split_previous(cells: Iterable[Cell], span: Span) -> tuple[list[Cell], list[Cell]]:
    """Cells of `with_previous(span)`'s bars as (the span's, the previous span's)."""
    current: list[Cell] = []
    previous: list[Cell] = []
    for cell in cells:
        (current if cell.date >= span.first else previous).append(cell)
    return current, previous


def totals(cells: Iterable[Cell]) -> Totals:
    cells = list(cells)
    return Totals(
        interactions=sum(c.interactions for c in cells),
        cost=sum((c.cost for c in cells), Decimal(0)),
        duration=sum(c.duration for c in cells),
        successful=sum(c.successful for c in cells),
        attempts_failed=sum(c.attempts_failed for c in cells),
    )


def stacked(cells: Iterable[Cell], span: Span) -> Chart:
    """Bars per span start, stacked by key (the keys in order of their name)."""
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(span.starts))
    for cell in cells:
        series[cell.key][span.bar_of(cell.date)] += cell.interactions
    return Chart(span, series=dict(sorted(series.items())))


def grouped(cells: Iterable[Cell], span: Span, *, members: Sequence[str]) -> Chart:
    """A group of bars per member (every one shown, those without entries too)."""
    groups: dict[str, list[int]] = {m: [0] * len(span.starts) for m in members}
    for cell in cells:
        bars = groups.setdefault(cell.key, [0] * len(span.starts))
        bars[span.bar_of(cell.date)] += cell.interactions
    return Chart(span, groups=groups)
