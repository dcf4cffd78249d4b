"""How often a salesperson has used each interaction template: it orders the templates they
pick from. Storage keeps it as a counter maintained with the log (so a step never counts the
log); this is its specification, which the in-memory fakes run and the contract suite checks
storage against."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from domain.model import InteractionLogEntry


def counts_in_usage(entry: InteractionLogEntry) -> bool:
    """A postponed entry is not logged yet, so it does not count; a canceled one does: the
    salesperson still chose its template."""
    return not entry.postponed


def template_usage(entries: Iterable[InteractionLogEntry], salesperson_code: str) -> dict[str, int]:
    """Entries per template code of one salesperson; templates never used are left out."""
    return dict(
        Counter(
            e.template_code
            for e in entries
            if e.salesperson_code == salesperson_code and counts_in_usage(e)
        )
    )


def usage_change(
    before: InteractionLogEntry | None, after: InteractionLogEntry | None
) -> Counter[tuple[str, str]]:
    """What storing `after` in place of `before` (None: absent) changes in the counts, per
    (salesperson code, template code); changes that cancel out are left out."""
    change: Counter[tuple[str, str]] = Counter()
    if before is not None and counts_in_usage(before):
        change[(before.salesperson_code, before.template_code)] -= 1
    if after is not None and counts_in_usage(after):
        change[(after.salesperson_code, after.template_code)] += 1
    return Counter({key: n for key, n in change.items() if n})


RECENT_PAIRS = 6
"""How many (contact, template) pairs bare /interact offers."""
RECENT_WINDOW = 100
"""The newest entries the pairs are taken from: a bounded read, however long the log."""


def recent_pairs(
    newest_first: Iterable[tuple[str, str]], *, limit: int = RECENT_PAIRS
) -> list[tuple[str, str]]:
    """The first `limit` distinct (contact no, template code) pairs of a salesperson's
    entries (postponed ones left out: not logged yet), newest first, from the newest
    RECENT_WINDOW entries."""
    pairs: list[tuple[str, str]] = []
    for n, pair in enumerate(newest_first):
        if n >= RECENT_WINDOW or len(pairs) >= limit:
            break
        if pair not in pairs:
            pairs.append(pair)
    return pairs
