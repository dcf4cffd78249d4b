"""PostgreSQL: how to find the contacts that contain a search text (the substring tier of
`storage.search`), chosen per text from the column statistics ANALYZE keeps.

The trigram GIN index returns every contact that has all of the text's trigrams before
LIMIT can stop it, and the cost of merging their lists grows with the most common one:
"ruzickova" shares "ova" with 27% of Czech contacts, so 3.5 ms at 1M contacts although only
0.4% match. There are cheaper ways, and which one depends on the text:
- SCAN: read the table until CANDIDATES contacts match; cheap when the text is common.
- TRIGRAM: read the index for the text's rarest trigram only, and check the whole text on
  the rows it gives; cheap when one trigram is rare ("zic": 1% of contacts).
- INDEX: the whole pattern through the index, the planner's choice; for a rare text of
  common trigrams ("jan xx"), or when there are no statistics yet. It looks up every
  trigram of the text: a long text costs milliseconds more.
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
# of a trigram's list in the index, a row the index points to, fetched and checked, and
# one trigram of the whole pattern looked up in the index (each of a long text's costs).
SCANNED_ROW = 0.12
INDEX_ENTRY = 0.11
FETCHED_ROW = 3.0
PATTERN_TRIGRAM = 30.0
# Merging the whole pattern's lists costs about this many entries per entry of the rarest.
MERGED = 3.0
REFRESH_SECONDS = 600.0
# Until ANALYZE has sampled the contacts (a first import), look again sooner.
RETRY_SECONDS = 60.0

# The table the search reads (the first `contact` on the search path), its rows now (the
# planner's estimate: rows per page when last analysed, times the pages now), and what
# ANALYZE sampled of its names.
_STATISTICS = text(
    "SELECT CASE WHEN c.relpages > 0 THEN c.reltuples / c.relpages"
    " * (pg_relation_size(c.oid) / current_setting('block_size')::float8)"
    " ELSE c.reltuples END AS rows,"
    " s.null_frac, s.most_common_vals::text::text[] AS common,"
    " s.most_common_freqs AS frequencies, s.histogram_bounds::text::text[] AS histogram"
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname"
    " AND s.attname = 'search_name'"
    " WHERE c.oid = to_regclass('contact')"
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
            for trigram in word_trigrams(name):
                self._by_trigram.setdefault(trigram, []).append((name, share))

    def frequency(self, part: str) -> float:
        """Estimated share of contacts whose search name contains `part`."""
        trigrams = word_trigrams(part)
        names = (
            min((self._by_trigram.get(t, []) for t in trigrams), key=len)
            if trigrams
            else self._weighted
        )
        return sum(share for name, share in names if part in name)


def word_trigrams(q: str) -> list[str]:
    """The trigrams of `q` made of letters and digits (of any script)."""
    found = {q[i : i + TRIGRAM] for i in range(len(q) - TRIGRAM + 1)}
    return sorted(t for t in found if t.isalnum())


def rare_trigrams(q: str) -> list[str]:
    """The trigrams of `q` the index can look up alone: ASCII letters and digits only, which
    pg_trgm counts as word characters whatever the database's locale."""
    return [t for t in word_trigrams(q) if t.isascii()]


def choose(statistics: NameStatistics | None, q: str, *, candidates: int) -> tuple[Way, str]:
    """The cheapest way to find the first `candidates` contacts containing `q`, and the
    trigram to look up for Way.TRIGRAM (else "")."""
    if statistics is None or statistics.rows <= 0:
        return Way.INDEX, ""
    rows = statistics.rows
    matches = rows * statistics.frequency(q)
    # A scan reads rows until enough match; all of them when none does.
    scanned = min(rows, candidates * rows / matches) if matches > 0 else rows
    options = [(scanned * SCANNED_ROW, Way.SCAN, "")]
    entries = {t: rows * statistics.frequency(t) for t in word_trigrams(q)}
    rarest = min(entries.values(), default=matches)
    whole = len(q) * PATTERN_TRIGRAM + rarest * INDEX_ENTRY * MERGED
    options.append((whole + min(candidates, matches) * FETCHED_ROW, Way.INDEX, ""))
    for trigram in rare_trigrams(q):
        # Its rows are fetched until enough match; all of them when none does.
        listed = entries[trigram]
        fetched = min(listed, candidates * listed / matches) if matches > 0 else listed
        cost = listed * INDEX_ENTRY + fetched * FETCHED_ROW
        options.append((cost, Way.TRIGRAM, trigram))
    _, way, trigram = min(options, key=lambda option: option[0])
    return way, trigram


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
        if cached is not None:
            read_at, statistics = cached
            if now - read_at < (REFRESH_SECONDS if statistics is not None else RETRY_SECONDS):
                return statistics
        statistics = await read_statistics(conn)
        self._read[engine] = (now, statistics)
        return statistics
