"""Contact name search: the dialect-specific use of the search indexes.

Names are matched on `contact.search_name` (domain.text.normalize of the name), which sorts
bytewise on both databases (SQLite's BINARY; the "C" collation of the column on PostgreSQL).
A search asks for the first `window` results (offset + limit of the page) of two tiers:
- Exact and prefix matches: a range `q <= search_name < q || U+10FFFF` read in order from the
  btree (search_name, name, no) and stopped after `window` rows; exact matches come first
  since `q` sorts before every longer name starting with it.
- Word-start matches (domain.text.search_rank 1): every typed word starts a word of the
  name, in any order. `contact_word` holds each contact's words (domain.text.name_words),
  kept by triggers on `contact` (migration 0013) with its key (word, contact_id): the
  typed word whose range finds matches soonest (`search_lookups.word_order`) is a range of
  it, read in order and stopped after WORD_CANDIDATES rows; each other typed word is a
  probe of the index (contact_id, word).
  For several typed words SQLite asks its FTS5 word index instead (`contact_search_words`,
  migration 0017, prefix indexes of 1 to 6 characters; `search_lookups.word_match`): the
  contacts with every typed word's start, merged in C in contact order and stopped after
  WORD_CANDIDATES, each typed word then checked by a probe of (contact_id, word). Ranked
  by name among those found.
- Before the substring tier asks its index, each later part of the text ("novakova" of
  "jan novakova") is checked to start some word of some name
  (`search_lookups.start_words`): when one does not, nothing contains the text.
- Other substring matches (queries of 3 characters and more): at most CANDIDATES contacts
  that contain `q` (SQLite FTS5 `contact_search`, trigram tokenizer, rowid = contact.id;
  PostgreSQL: the table or its pg_trgm GIN index, the way `storage.search_plan` chooses),
  ranked by name. When more contacts than that contain `q`, the ranking is among the
  CANDIDATES found first (in table order: the oldest contacts, mostly), so that the cost
  stays bounded on a million contacts: type more of the name to narrow.
The repository runs the prefix tier alone first (`prefix_statement`): when it fills the
page, the other tiers are not looked up at all.
Results: exact, then prefix, then word-start, then substring matches; within each, by the
normalised name (case- and accent-insensitive alphabetical), then the name, then the number.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    column,
    exists,
    func,
    literal,
    literal_column,
    not_,
    select,
    table,
    union_all,
)

from domain.text import MAX_SEARCH_WORDS, SUBSTRING_MIN, search_words
from storage.tables import contact

TRIGRAM = SUBSTRING_MIN  # the index looks up trigrams: shorter texts find no substring
CANDIDATES = 100
# Word-start matches are found in the order of the matching word, already a sensible one;
# ranking fewer of them by name keeps the probes of the other typed words few (a probe is
# microseconds on PostgreSQL), and pages stable over the first four pages of nine.
WORD_CANDIDATES = 40
LAST_CHAR = "\U0010ffff"


class Way(enum.Enum):
    """How the substring tier finds its candidates on PostgreSQL (`storage.search_plan`);
    SQLite always asks its FTS5 index, which stops at the LIMIT."""

    INDEX = "index"  # the whole pattern through the trigram index, as the planner sees fit
    SCAN = "scan"  # the table in order
    TRIGRAM = "trigram"  # the index for one rare trigram, the whole text checked on its rows


# The FTS5 table created by the migration (SQLite only).
contact_search = table("contact_search", column("rowid"), column("search_name"))
# Each contact's words (domain.text.name_words), kept by the triggers of migration 0013;
# like contact_search, not in storage.tables: the database fills it, nothing copies it.
contact_word = table("contact_word", column("word", String), column("contact_id", Integer))
# SQLite: the FTS5 index of the names' words with prefix indexes (migration 0017), rowid =
# contact.id; the database fills it too.
contact_search_words = table("contact_search_words", column("rowid", Integer))
WORD_PREFIXES = 6
"""The longest typed word the word index has a list of its own for (its prefix indexes):
a longer one is looked up as the whole words that start with it (`word_match`)."""
EXPANDED = 30
"""Whole words a longer typed word is looked up as, at most; beyond, as its first
WORD_PREFIXES characters (more candidates, each checked)."""


def casefolded(dialect: str, expr: ColumnElement[str]) -> ColumnElement[str]:
    """`expr` case-folded for case-insensitive comparison: lower() on PostgreSQL, the
    `casefold` function (Python's str.casefold) the engine registers on SQLite."""
    return func.lower(expr) if dialect == "postgresql" else func.casefold(expr)


def fts_phrase(q: str) -> str:
    """An FTS5 query matching `q` as a substring (a quoted trigram phrase)."""
    return '"' + q.replace('"', '""') + '"'


def like_pattern(q: str) -> str:
    """`%q%` for LIKE ... ESCAPE '/', pattern characters in `q` taken literally."""
    return "%" + q.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def _by_name(source: Any) -> tuple[ColumnElement[Any], ...]:
    return (source.c.search_name, source.c.name, source.c.no)


_Q = bindparam("search_q", type_=String)
_END = bindparam("search_end", type_=String)
_MATCH = bindparam("search_match", type_=String)
_WINDOW = bindparam("search_window", type_=Integer)
_CAP = bindparam("search_cap", type_=Integer)
_WORD_CAP = bindparam("search_word_cap", type_=Integer)
_TRIGRAM = bindparam("search_trigram", type_=String)
_WORD_MATCH = bindparam("search_word_match", type_=String)
TYPED_WORDS = [bindparam(f"search_word{n}", type_=String) for n in range(MAX_SEARCH_WORDS)]
TYPED_WORD_ENDS = [bindparam(f"search_word{n}_end", type_=String) for n in range(MAX_SEARCH_WORDS)]


def word_values(words: Sequence[str]) -> dict[str, str]:
    """The values of TYPED_WORDS and TYPED_WORD_ENDS: each word's range of contact_word."""
    values = {}
    for n, word in enumerate(words):
        values[f"search_word{n}"] = word
        values[f"search_word{n}_end"] = word + LAST_CHAR
    return values


def search_parameters(
    dialect: str,
    q: str,
    window: int,
    *,
    trigram: str = "",
    words: list[str] | None = None,
    word_match: str = "",
) -> dict[str, Any]:
    """The values of the bind parameters of `search_statement` for the search `q`;
    `trigram`: the one to look up for Way.TRIGRAM; `words`: domain.text.search_words of
    `q` in the order to look them up (`word_order`), as they come when None; `word_match`
    (SQLite): the word index's query for the typed words (`word_match`)."""
    values: dict[str, Any] = {"search_q": q, "search_end": q + LAST_CHAR, "search_window": window}
    typed = search_words(q) if words is None else words
    values.update(word_values(typed))
    if typed:
        values["search_word_cap"] = max(WORD_CANDIDATES, window)
    values["search_word_match"] = word_match
    if len(q) >= TRIGRAM:
        values["search_match"] = fts_phrase(q) if dialect == "sqlite" else like_pattern(q)
        values["search_cap"] = max(CANDIDATES, window)
        values["search_trigram"] = like_pattern(trigram)
    return values


def _found_by(way: Way) -> tuple[ColumnElement[bool], ...]:
    """PostgreSQL: the condition that finds contacts containing `q` the `way` asked for."""
    name = contact.c.search_name
    if way is Way.INDEX:
        return (name.like(_MATCH, escape="/"),)
    # strpos, which no index serves, keeps the planner from the whole pattern's trigrams.
    contains = func.strpos(name, _Q) > 0
    return (contains,) if way is Way.SCAN else (name.like(_TRIGRAM, escape="/"), contains)


def _substring_tier(dialect: str, gate: ColumnElement[bool], way: Way) -> Select[Any]:
    """Contacts containing `q` but not starting with it, at most `window`, by name, among
    the first `cap` found (by FTS5 on SQLite, the `way` asked for on PostgreSQL); nothing
    is looked up (`gate` false) when the prefix tier filled the window already."""
    columns = (contact.c.id, contact.c.search_name, contact.c.name, contact.c.no)
    if dialect == "sqlite":
        # The gate as the FTS5 subquery's LIMIT (0 when closed): SQLite fills the IN list
        # before it looks at the outer WHERE, and a long phrase costs milliseconds.
        found = (
            select(contact_search.c.rowid)
            .where(literal_column("contact_search").op("MATCH")(_MATCH))
            .limit(case((gate, _CAP), else_=0))
        )
        candidates = select(*columns).where(contact.c.id.in_(found)).subquery("candidate")
        after_start = func.instr(candidates.c.search_name, _Q) > 1
    else:
        candidates = select(*columns).where(gate, *_found_by(way)).limit(_CAP).subquery("candidate")
        after_start = func.strpos(candidates.c.search_name, _Q) > 1
    ranked = (
        select(candidates.c.id)
        .where(after_start)
        .order_by(*_by_name(candidates))
        .limit(_WINDOW)
        .subquery("substring_match")
    )
    return select(ranked.c.id, literal(2).label("tier"))


def _word_tier(
    dialect: str, gate: ColumnElement[bool], words: int, *, indexed: bool = False
) -> Select[Any]:
    """Contacts not starting with `q` each of whose `words` typed words starts a word of
    their name: at most `window`, by name, among the first `cap` found along the range of
    the first typed word in contact_word (the one that finds matches soonest, `word_order`);
    each other typed word is one probe of (contact_id, word). `indexed` (SQLite): found
    instead in contact order by the word index (`word_match`), each typed word then checked
    by a probe. Nothing is looked up when `gate` is false."""
    other = contact_word.alias("other_word")

    def probe(n: int, contact_id: ColumnElement[Any]) -> ColumnElement[bool]:
        return exists().where(
            other.c.contact_id == contact_id,
            other.c.word >= TYPED_WORDS[n],
            other.c.word < TYPED_WORD_ENDS[n],
        )

    if indexed:
        index = contact_search_words
        found = (
            select(index.c.rowid.label("contact_id"))
            .where(
                literal_column("contact_search_words").op("MATCH")(_WORD_MATCH),
                *(probe(n, index.c.rowid) for n in range(words)),
            )
            .order_by(index.c.rowid)
            .limit(case((gate, _WORD_CAP), else_=0))
        )
    else:
        # In key order: the range read from the primary key as it is stored, and the same
        # candidates whichever plan the database prefers.
        found = (
            select(contact_word.c.contact_id)
            .where(
                contact_word.c.word >= TYPED_WORDS[0],
                contact_word.c.word < TYPED_WORD_ENDS[0],
                *(probe(n, contact_word.c.contact_id) for n in range(1, words)),
            )
            .order_by(contact_word.c.word, contact_word.c.contact_id)
        )
        if dialect == "sqlite":
            found = found.limit(case((gate, _WORD_CAP), else_=0))
        else:
            found = found.where(gate).limit(_WORD_CAP)
    ids = found.subquery("word_candidate")
    name = contact.c.search_name
    # A name with two words starting alike ("jan janda" for "ja") is found twice.
    return (
        select(contact.c.id)
        .join_from(ids, contact, contact.c.id == ids.c.contact_id)
        .where(not_(and_(name >= _Q, name < _END)))
        .group_by(*_by_name(contact), contact.c.id)
        .order_by(*_by_name(contact))
        .limit(_WINDOW)
    )


def prefix_statement(stmt: Select[Any]) -> Select[Any]:
    """`stmt` (a select over `contact`) restricted to the prefix tier alone (exact and prefix
    matches, by name), with the bind parameters of `search_parameters`; the caller adds its
    LIMIT and OFFSET. When it returns a whole page, that page is the search's: every result
    in the window is a prefix match, and the other tiers need not be looked up at all."""
    name = contact.c.search_name
    return stmt.where(name >= _Q, name < _END).order_by(*_by_name(contact))


def search_statement(
    dialect: str,
    stmt: Select[Any],
    *,
    substring: Way | None,
    words: int = 0,
    indexed_words: bool = False,
) -> Select[Any]:
    """`stmt` (a select over `contact`) restricted to the first `window` results of a name
    search and ordered by rank, with the bind parameters of `search_parameters`; the caller
    adds its LIMIT and OFFSET within the window. `substring`: how to find substring matches,
    None when the query is too short for them; `words`: how many typed words must start
    words of the name (domain.text.search_words), 0 for no word-start tier; `indexed_words`
    (SQLite): found through the word index. Built once and reused: building it costs more
    than running it."""
    name = contact.c.search_name
    prefix = (
        select(contact.c.id)
        .where(name >= _Q, name < _END)
        .order_by(*_by_name(contact))
        .limit(_WINDOW)
        .cte("prefix_match")
    )
    tiers = [select(prefix.c.id, literal(0).label("tier"))]
    found: ColumnElement[Any] = select(func.count()).select_from(prefix).scalar_subquery()
    if words:
        word_match = _word_tier(dialect, found < _WINDOW, words, indexed=indexed_words).cte(
            "word_match"
        )
        tiers.append(select(word_match.c.id, literal(1).label("tier")))
        found = found + select(func.count()).select_from(word_match).scalar_subquery()
    if substring is not None:
        tiers.append(_substring_tier(dialect, found < _WINDOW, substring))
    if len(tiers) == 1:
        ranked = tiers[0].subquery("ranked")
    else:
        # A substring match may be a word-start match too: it ranks as the better one.
        every = union_all(*tiers).subquery("every_tier")
        ranked = (
            select(every.c.id, func.min(every.c.tier).label("tier"))
            .group_by(every.c.id)
            .subquery("ranked")
        )
    return stmt.join(ranked, ranked.c.id == contact.c.id).order_by(
        ranked.c.tier, *_by_name(contact)
    )


def apply_search(
    dialect: str,
    stmt: Select[Any],
    q: str,
    *,
    window: int = CANDIDATES,
    way: Way = Way.INDEX,
    trigram: str = "",
) -> Select[Any]:
    """`search_statement` with the values for the search `q` bound."""
    substring = way if len(q) >= TRIGRAM else None
    statement = search_statement(dialect, stmt, substring=substring, words=len(search_words(q)))
    return statement.params(search_parameters(dialect, q, window, trigram=trigram))
