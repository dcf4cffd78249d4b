"""Small portable SQL builders: upserts, bulk row sources and large IN lists.

Statements an update runs are built once and executed with parameters: building one with
SQLAlchemy's expression language costs about as much CPU as executing it."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Delete,
    FromClause,
    Select,
    String,
    Table,
    Text,
    any_,
    bindparam,
    cast,
    column,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.sql.selectable import HasPrefixes

from storage.sqlite_driver import INLINE

# Up to this many values an IN list is rendered as bound parameters; beyond it (SQLite caps
# the number of parameters) the values travel as one JSON array.
IN_LIST_LIMIT = 500


def insert(dialect: str, table: Table) -> sqlite.Insert | postgresql.Insert:
    """An INSERT that knows ON CONFLICT for the dialect at hand."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def upsert(
    dialect: str, table: Table, *, keys: Sequence[str], columns: Iterable[str]
) -> sqlite.Insert | postgresql.Insert:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET every other given column; execute it
    with the row as parameters."""
    return _upsert(dialect, table, tuple(keys), tuple(columns))


@functools.cache
def _upsert(
    dialect: str, table: Table, keys: tuple[str, ...], columns: tuple[str, ...]
) -> sqlite.Insert | postgresql.Insert:
    stmt = insert(dialect, table)
    updates = {name: stmt.excluded[name] for name in columns if name not in keys}
    return inline(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates))


S = TypeVar("S", bound=HasPrefixes)


def inline(stmt: S) -> S:
    """Marks a statement that reads or writes a few rows by key: on SQLite it runs without
    the hop to the driver's thread (storage/sqlite_driver.py)."""
    return stmt.prefix_with(INLINE, dialect="sqlite")


def _equal(table: Table, keys: tuple[str, ...]) -> list[ColumnElement[bool]]:
    # Parameters are named `key_<column>`: a column's own name is reserved for its value.
    return [table.c[name] == bindparam(f"key_{name}") for name in keys]


@functools.cache
def select_by(table: Table, *keys: str) -> Select[Any]:
    """SELECT * FROM table WHERE each key column = :key_<column>."""
    return inline(select(table).where(*_equal(table, keys)))


@functools.cache
def update_by(table: Table, *keys: str) -> Any:
    """UPDATE table SET (the other parameters) WHERE each key column = :key_<column>."""
    return inline(table.update().where(*_equal(table, keys)))


@functools.cache
def delete_by(table: Table, *keys: str) -> Delete:
    """DELETE FROM table WHERE each key column = :key_<column>."""
    return inline(table.delete().where(*_equal(table, keys)))


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"Cannot store {value!r} as JSON")


def to_json(value: object) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def json_rows(
    dialect: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[Column[Any]]
) -> FromClause:
    """A FROM source producing `rows` (one bound JSON parameter) with the given columns.

    Used for bulk writes as one statement: SQLite's FTS5 triggers flush the trigram index once
    per statement, so an executemany of 100k rows would flush 100k times.
    """
    payload = bindparam("json_rows", to_json(list(rows)), type_=Text)
    if dialect == "postgresql":
        record = func.jsonb_to_recordset(cast(payload, JSONB)).table_valued(
            *(column(c.name, c.type) for c in columns)
        )
        return record.render_derived(name="json_rows", with_types=True)
    each = func.json_each(payload).table_valued("value").alias("json_rows")
    return select(
        *(func.json_extract(each.c.value, f"$.{c.name}").label(c.name) for c in columns)
    ).subquery("json_rows")


def one_of(dialect: str, expr: ColumnElement[Any], values: Iterable[str]) -> ColumnElement[bool]:
    """`expr IN (values)` for any number of string values."""
    items = list(values)
    if dialect == "postgresql":
        return expr == any_(bindparam(None, items, type_=ARRAY(String)))
    if len(items) <= IN_LIST_LIMIT:
        return expr.in_(items)
    each = func.json_each(bindparam(None, to_json(items), type_=Text)).table_valued("value")
    return expr.in_(select(each.c.value))
