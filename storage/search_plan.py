"""PostgreSQL: how to find the contacts that contain a search text (the substring tier of
`storage.search`), chosen per text from the column statistics ANALYZE keeps.

The trigram GIN index returns every contact that has all of the text's trigrams before
LIMIT can stop it, and the cost of merging their lists grows with the most common one:
"ruzickova" shares "ova" with 27% of Czech contacts, so 3.5 ms at 1M contacts although only
0.4% match. There are cheaper ways, and which one depends on the text:
- SCAN: read the table until CANDIDATES contacts match; cheap when the text is common.
- TRIGRAM: read the index for the text's rarest trigram only, and check the whole text on
  the rows it gives; cheap when one trigram is rare ("zic": 1% of contacts).
- INDEX: the whole pattern through the index, the planner's choice; when neither of the
  above is cheap (a rare text of common trigrams), or there are no statistics yet.
All three return the first CANDIDATES matches in table order, so the results are the same.
The frequencies are estimated the way the planner does it, from the most common names and
the histogram in pg_stats (migration 0003 makes it 1,000 names of each).
"""

from __future__ import annotations

import time
import weakref

from sqlalchemy import Engine, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.search import TRIGRAM, Way

# Microseconds, measured on 1M contacts: a row read and checked by a table scan, an entry
# of a trigram's list in the index, and a row the index points to, fetched and checked.
SCANNED_ROW = 0.12
INDEX_ENTRY = 0.11
FETCHED_ROW = 3.0
# Above this cost (about 4 ms) the whole pattern's trigrams narrow the search better than
# either cheap way does.
MAX_COST = 4_000.0
REFRESH_SECONDS = 600.0

_STATISTICS = text(
    "SELECT (SELECT reltuples FROM pg_class WHERE oid = to_regclass('contact')) AS rows,"
    " null_frac, most_common_vals::text::text[] AS common, most_common_freqs AS frequencies,"
    " histogram_bounds::text::text[] AS histogram"
    " FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'contact'"
    " AND attname = 'search_name'"
)


class NameStatistics:
    """What ANALYZE sampled of contact.search_name: the most common names with their
    frequencies, and the histogram's names, each standing for an equal share of the rest."""

    def __init__(self, *, rows: float, weighted: list[tuple[str, float]]) -> None:
        self.rows = rows
        self._weighted = weighted
        # The sampled names by trigram, so that an estimate looks at a few of them only.
        self._by_trigram: dict[str, list[tuple[str, float]]] = {}
        for name, share in weighted:
            for trigram in rare_trigrams(name):
                self._by_trigram.setdefault(trigram, []).append((name, share))

    def frequency(self, part: str) -> float:
        """Estimated share of contacts whose search name contains `part`."""
        trigrams = rare_trigrams(part)
        names = (
            min((self._by_trigram.get(t, []) for t in trigrams), key=len)
            if trigrams
            else self._weighted
        )
        return sum(share for name, share in names if part in name)


def rare_trigrams(q: str) -> list[str]:
    """The trigrams of `q` the index can look up alone: ASCII letters and digits only, which
    pg_trgm counts as word characters whatever the database's locale."""
    found = {q[i : i + TRIGRAM] for i in range(len(q) - TRIGRAM + 1)}
    return sorted(t for t in found if t.isascii() and t.isalnum())


def choose(statistics: NameStatistics | None, q: str, *, candidates: int) -> tuple[Way, str]:
    """The cheapest way to find the first `candidates` contacts containing `q`, and the
    trigram to look up for Way.TRIGRAM (else "")."""
    if statistics is None or statistics.rows <= 0:
        return Way.INDEX, ""
    rows = statistics.rows
    share = statistics.frequency(q)
    # Rows read until enough match; all of them when none does.
    scan = min(rows, candidates / share if share > 0 else rows) * SCANNED_ROW
    best = (scan, Way.SCAN, "")
    for trigram in rare_trigrams(q):
        entries = rows * statistics.frequency(trigram)
        fetched = min(entries, candidates * entries / (rows * share) if share > 0 else entries)
        cost = entries * INDEX_ENTRY + fetched * FETCHED_ROW
        best = min(best, (cost, Way.TRIGRAM, trigram), key=lambda option: option[0])
    cost, way, trigram = best
    return (Way.INDEX, "") if cost > MAX_COST else (way, trigram)


async def read_statistics(conn: AsyncConnection) -> NameStatistics | None:
    """None until ANALYZE has sampled the contacts."""
    row = (await conn.execute(_STATISTICS)).first()
    if row is None or row.rows is None:
        return None
    common = list(zip(row.common or (), row.frequencies or (), strict=True))
    histogram = row.histogram or []
    rest = max(0.0, 1.0 - row.null_frac - sum(share for _, share in common))
    weighted = common + [(name, rest / len(histogram)) for name in histogram]
    if not weighted:
        return None
    return NameStatistics(rows=float(row.rows), weighted=weighted)


class StatisticsCache:
    """The statistics of each database, read at most every REFRESH_SECONDS: ANALYZE (by
    autovacuum) changes them about as rarely, and reading them costs a few milliseconds."""

    def __init__(self) -> None:
        self._read: weakref.WeakKeyDictionary[Engine, tuple[float, NameStatistics | None]] = (
            weakref.WeakKeyDictionary()
        )

    async def get(self, conn: AsyncConnection) -> NameStatistics | None:
        engine = conn.sync_engine
        now = time.monotonic()
        cached = self._read.get(engine)
        if cached is not None and now - cached[0] < REFRESH_SECONDS:
            return cached[1]
        statistics = await read_statistics(conn)
        self._read[engine] = (now, statistics)
        return statistics
