"""What a search looks up before its statement (storage.search): which typed word's range
of contact_word to read (`word_order`, PostgreSQL), whether the later parts of the text each
start some word of some name (`start_words`), and the word index's query for several typed
words (`word_match`, SQLite). Each is a few probes of an index, not a read of the names."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, exists, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.text import MAX_SEARCH_WORDS, WORD_SEPARATORS
from storage.search import (
    EXPANDED,
    LAST_CHAR,
    TYPED_WORD_ENDS,
    TYPED_WORDS,
    WORD_CANDIDATES,
    WORD_PREFIXES,
    contact_word,
    word_values,
)

_TO_SPACE = str.maketrans(dict.fromkeys(WORD_SEPARATORS, " "))

PROBED = 1_000
"""Words of a typed word's range counted to choose the one to read: enough to tell a rare
word from a common one, cheap to count."""
SAMPLED = 100
"""Rows at the start of a typed word's range checked for the other typed words, to choose
the range to read: the one that finds its candidates soonest."""


_PROBED = bindparam("search_probed", type_=Integer)
_SAMPLED = bindparam("search_sampled", type_=Integer)


def _range(n: int, rows: Any) -> Any:
    return (
        select(contact_word.c.contact_id)
        .where(
            contact_word.c.word >= TYPED_WORDS[n],
            contact_word.c.word < TYPED_WORD_ENDS[n],
        )
        .order_by(contact_word.c.word, contact_word.c.contact_id)
        .limit(rows)
    )


def _sample(words: int) -> Select[Any]:
    """The rows of the first typed word's range (up to `probed`), and how many of its
    first `sampled` rows have the other typed words' starts too."""
    other = contact_word.alias("other_word")
    start = _range(0, _SAMPLED).subquery("start")
    hits = select(func.count()).where(
        *(
            exists().where(
                other.c.contact_id == start.c.contact_id,
                other.c.word >= TYPED_WORDS[n],
                other.c.word < TYPED_WORD_ENDS[n],
            )
            for n in range(1, words)
        )
    )
    rows = select(func.count()).select_from(_range(0, _PROBED).subquery("probe"))
    return select(
        rows.scalar_subquery().label("rows"),
        hits.select_from(start).scalar_subquery().label("hits"),
    )


_SAMPLES = {words: _sample(words) for words in range(2, MAX_SEARCH_WORDS + 1)}


async def word_order(
    conn: AsyncConnection, words: list[str], *, probed: int = PROBED, sampled: int = SAMPLED
) -> list[str]:
    """The typed words, the one whose range in contact_word finds the tier's candidates
    soonest first: the word-start tier reads that range and probes the others. A short
    range (under `probed` rows: "jan xx", the few words starting "xx", not the thousands
    starting "jan") costs its rows; a long one about WORD_CANDIDATES rows for each hit in
    its first `sampled` ("sv pe" from "sv": "svoboda petr", where the range of "pe" starts
    with "pecha", "pekar"... that have no "sv"), and when none hits, the most."""
    if len(words) < 2:
        return words
    cost = {}
    for n, word in enumerate(words):
        values: dict[str, Any] = {"search_probed": probed, "search_sampled": sampled}
        values.update(word_values([word, *words[:n], *words[n + 1 :]]))
        rows, hits = (await conn.execute(_SAMPLES[len(words)], values)).one()
        if rows < probed:
            cost[word] = float(rows)
        else:
            cost[word] = WORD_CANDIDATES * sampled / hits if hits else float("inf")
    return sorted(words, key=lambda word: cost[word])


def indexed(word: str) -> bool:
    """Whether the word index's tokenizer (FTS5 unicode61, whatever its Unicode version)
    takes `word` as one token: letters and digits of ASCII, Latin, Greek and Cyrillic only.
    Other words are left to the probes of contact_word."""
    return bool(word) and all(
        ch.isalnum() and (ch.isascii() or 0xC0 <= ord(ch) <= 0x24F or 0x370 <= ord(ch) <= 0x4FF)
        for ch in word
    )


def word_starts(q: str) -> list[str]:
    """The parts of `q` that follow a separator: a name that contains `q` has a word that
    starts with each ("jan novakova": a word starting "novakova")."""
    return [part for part in q.translate(_TO_SPACE).split(" ")[1:] if part]


async def start_words(conn: AsyncConnection, starts: list[str]) -> bool:
    """Whether each of `starts` starts some word of some name: one probe of contact_word's
    key each ("novakova qx": no name has a word starting "qx", so none contains the text,
    and the substring tier need not ask its index, whose common trigrams cost)."""
    starts = sorted(set(starts), key=lambda word: (-len(word), word))[:MAX_SEARCH_WORDS]
    if not starts:
        return True
    probes = [
        exists().where(
            contact_word.c.word >= TYPED_WORDS[n],
            contact_word.c.word < TYPED_WORD_ENDS[n],
        )
        for n in range(len(starts))
    ]
    found = await conn.execute(select(and_(*probes)), word_values(starts))
    return bool(found.scalar_one())


# The distinct words of contact_word starting with a text, a probe of its key each.
_VOCABULARY = text(
    "WITH RECURSIVE found(word) AS ("
    " SELECT (SELECT min(word) FROM contact_word WHERE word >= :word AND word < :word_end)"
    " UNION ALL SELECT (SELECT min(word) FROM contact_word"
    " WHERE word > found.word AND word < :word_end) FROM found WHERE found.word IS NOT NULL)"
    " SELECT word FROM found WHERE word IS NOT NULL LIMIT :most"
)


async def word_match(conn: AsyncConnection, words: list[str]) -> str | None:
    """SQLite: the word index's query for the contacts that have, for each of `words`, a
    word starting with it: a superset (a token of the index may start inside one of the
    name's words), so the caller checks each row. Only `indexed` words are asked for: None
    when there is none; "" when one of them starts no word of any name."""
    terms = []
    for word in words:
        if not indexed(word):
            continue
        if len(word) <= WORD_PREFIXES:
            terms.append(f'"{word}"*')
        else:
            # A prefix longer than the prefix indexes is slow to look up as one: the few
            # whole words that start with it are fast.
            found = await conn.execute(
                _VOCABULARY, {"word": word, "word_end": word + LAST_CHAR, "most": EXPANDED + 1}
            )
            starting = list(found.scalars())
            if not starting:
                return ""
            if len(starting) > EXPANDED or not all(indexed(w) for w in starting):
                terms.append(f'"{word[:WORD_PREFIXES]}"*')
            else:
                terms.append("(" + " OR ".join(f'"{w}"' for w in starting) + ")")
    return " AND ".join(terms) if terms else None
