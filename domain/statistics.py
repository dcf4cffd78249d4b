"""Contact statistics, as a pure function: the specification storage computes in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from domain.model import ContactStatistics, InitiatedBy, InteractionLogEntry


def counts_in_statistics(entry: InteractionLogEntry) -> bool:
    """Postponed and canceled entries never count."""
    return not entry.postponed and not entry.canceled


def contact_statistics(entries: Iterable[InteractionLogEntry]) -> ContactStatistics:
    """Of the entries of a contact (a company's include its persons'): failed attempts count
    everywhere but in the date of the last interaction; `last_attempted` is the date of the
    last entry initiated by us."""
    counted = [e for e in entries if counts_in_statistics(e)]
    succeeded = [e.date for e in counted if not e.attempt_failed]
    attempted = [e.date for e in counted if e.initiated_by is InitiatedBy.US]
    return ContactStatistics(
        interactions=len(counted),
        cost=sum((e.cost for e in counted), Decimal(0)),
        duration=sum(e.duration for e in counted),
        last_date=max(succeeded, default=None),
        last_attempted=max(attempted, default=None),
    )
