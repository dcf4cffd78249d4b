"""Contact name search: the dialect-specific use of the search indexes.

Names are matched on `contact.search_name` (domain.text.normalize of the name).
- Prefix: a range `q <= search_name < q || U+10FFFF` on a btree index (plain on SQLite,
  `text_pattern_ops` on PostgreSQL, whose `~>=~`/`~<~` operators compare bytewise as SQLite
  does), usable by the planner even with bound parameters, unlike LIKE 'q%'.
- Substring (queries of 3 characters and more): SQLite FTS5 `contact_search` (trigram
  tokenizer, rowid = contact.id); PostgreSQL LIKE '%q%' on a pg_trgm GIN index.
Results: exact match first, then prefix matches, then other substring matches; within each, by
the normalised name (case- and accent-insensitive alphabetical), then the name, then the number.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, column, func, literal_column, table

from storage.tables import contact

TRIGRAM = 3
_LAST_CHAR = "\U0010ffff"

# The FTS5 table created by the migration (SQLite only).
contact_search = table("contact_search", column("rowid"), column("search_name"))


def has_prefix(dialect: str, q: str) -> ColumnElement[bool]:
    name = contact.c.search_name
    if dialect == "postgresql":
        return and_(name.op("~>=~")(q), name.op("~<~")(q + _LAST_CHAR))
    return and_(name >= q, name < q + _LAST_CHAR)


def contains(dialect: str, q: str) -> ColumnElement[bool]:
    """Substring match without the FTS join (PostgreSQL uses its trigram index for it)."""
    if dialect == "postgresql":
        return contact.c.search_name.contains(q, autoescape=True)
    return func.instr(contact.c.search_name, q) > 0


def casefolded(dialect: str, expr: ColumnElement[str]) -> ColumnElement[str]:
    """`expr` case-folded for case-insensitive comparison: lower() on PostgreSQL, the
    `casefold` function (Python's str.casefold) the engine registers on SQLite."""
    return func.lower(expr) if dialect == "postgresql" else func.casefold(expr)


def fts_phrase(q: str) -> str:
    """An FTS5 query matching `q` as a substring (a quoted trigram phrase)."""
    return '"' + q.replace('"', '""') + '"'


def apply_search(dialect: str, stmt: Select[Any], q: str) -> Select[Any]:
    """Filters and orders `stmt` (a select over `contact`) by the name search `q`."""
    prefix = has_prefix(dialect, q)
    if len(q) < TRIGRAM:
        rank = case((contact.c.search_name == q, 0), else_=1)
        stmt = stmt.where(prefix)
    else:
        rank = case((contact.c.search_name == q, 0), (prefix, 1), else_=2)
        if dialect == "sqlite":
            stmt = stmt.join(contact_search, contact_search.c.rowid == contact.c.id).where(
                literal_column("contact_search").op("MATCH")(fts_phrase(q))
            )
        stmt = stmt.where(contains(dialect, q))
    return stmt.order_by(rank, contact.c.search_name, contact.c.name, contact.c.no)
