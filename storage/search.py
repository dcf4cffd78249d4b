"""Contact name search: the dialect-specific use of the search indexes.

Names are matched on `contact.search_name` (domain.text.normalize of the name), which sorts
bytewise on both databases (SQLite's BINARY; the "C" collation of the column on PostgreSQL).
A search asks for the first `window` results (offset + limit of the page) of two tiers:
- Exact and prefix matches: a range `q <= search_name < q || U+10FFFF` read in order from the
  btree (search_name, name, no) and stopped after `window` rows; exact matches come first
  since `q` sorts before every longer name starting with it.
- Other substring matches (queries of 3 characters and more): at most CANDIDATES contacts
  that contain `q` (SQLite FTS5 `contact_search`, trigram tokenizer, rowid = contact.id;
  PostgreSQL: the table or its pg_trgm GIN index, the way `storage.search_plan` chooses),
  ranked by name. When more contacts than that contain `q`, the ranking is among the
  CANDIDATES found first (in table order: the oldest contacts, mostly), so that the cost
  stays bounded on a million contacts: type more of the name to narrow.
Results: exact, then prefix, then substring matches; within each, by the normalised name
(case- and accent-insensitive alphabetical), then the name, then the number.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    case,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    union_all,
)

from storage.tables import contact

TRIGRAM = 3
CANDIDATES = 100
_LAST_CHAR = "\U0010ffff"


class Way(enum.Enum):
    """How the substring tier finds its candidates on PostgreSQL (`storage.search_plan`);
    SQLite always asks its FTS5 index, which stops at the LIMIT."""

    INDEX = "index"  # the whole pattern through the trigram index, as the planner sees fit
    SCAN = "scan"  # the table in order
    TRIGRAM = "trigram"  # the index for one rare trigram, the whole text checked on its rows


# The FTS5 table created by the migration (SQLite only).
contact_search = table("contact_search", column("rowid"), column("search_name"))


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
_TRIGRAM = bindparam("search_trigram", type_=String)


def search_parameters(dialect: str, q: str, window: int, *, trigram: str = "") -> dict[str, Any]:
    """The values of the bind parameters of `search_statement` for the search `q`;
    `trigram`: the one to look up for Way.TRIGRAM."""
    values: dict[str, Any] = {"search_q": q, "search_end": q + _LAST_CHAR, "search_window": window}
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
    return select(ranked.c.id, literal(1).label("tier"))


def search_statement(dialect: str, stmt: Select[Any], *, substring: Way | None) -> Select[Any]:
    """`stmt` (a select over `contact`) restricted to the first `window` results of a name
    search and ordered by rank, with the bind parameters of `search_parameters`; the caller
    adds its LIMIT and OFFSET within the window. `substring`: how to find substring matches,
    None when the query is too short for them. Built once and reused: building it costs
    more than running it."""
    name = contact.c.search_name
    prefix = (
        select(contact.c.id)
        .where(name >= _Q, name < _END)
        .order_by(*_by_name(contact))
        .limit(_WINDOW)
        .cte("prefix_match")
    )
    tiers = [select(prefix.c.id, literal(0).label("tier"))]
    if substring is not None:
        gate = select(func.count()).select_from(prefix).scalar_subquery() < _WINDOW
        tiers.append(_substring_tier(dialect, gate, substring))
    ranked = (tiers[0] if len(tiers) == 1 else union_all(*tiers)).subquery("ranked")
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
    statement = search_statement(dialect, stmt, substring=way if len(q) >= TRIGRAM else None)
    return statement.params(search_parameters(dialect, q, window, trigram=trigram))
