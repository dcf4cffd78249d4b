"""Every table of one database into another, empty one at the same schema (the move from
SQLite to PostgreSQL), in one transaction: a failure halfway leaves the target empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, Integer, delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.tables import metadata

# Rows the migrations themselves write (the counters, the "To-do Nos." series); the
# source's replace them.
_SEEDED = frozenset({"counter", "number_series"})
BATCH = 5_000

Progress = Callable[[str, int, int], None]  # table, rows copied so far, rows in all


class TargetNotEmpty(Exception):
    def __init__(self, tables: list[str]) -> None:
        super().__init__(f"the target database already has data in {', '.join(tables)}")
        self.tables = tables


async def row_counts(conn: AsyncConnection) -> dict[str, int]:
    """Rows in each of the application's tables."""
    counts = {}
    for table in metadata.sorted_tables:
        counts[table.name] = int(await conn.scalar(select(func.count()).select_from(table)) or 0)
    return counts


async def copy_tables(
    source: AsyncEngine, target: AsyncEngine, *, progress: Progress, batch: int = BATCH
) -> dict[str, int]:
    """Copies every table, parents before children; returns the rows copied per table.
    Raises TargetNotEmpty, before writing anything, if the target holds data."""
    # The source is read in one transaction too (on SQLite it holds the write lock): what
    # is copied is one consistent state, even if something still writes to it.
    async with source.begin() as src, target.begin() as dst:
        filled = [name for name, n in (await row_counts(dst)).items() if n and name not in _SEEDED]
        if filled:
            raise TargetNotEmpty(filled)
        counts = await row_counts(src)
        for table in metadata.sorted_tables:
            if table.name in _SEEDED:
                await dst.execute(delete(table))
            copied = 0
            progress(table.name, copied, counts[table.name])
            order = list(table.primary_key.columns)
            result = await src.stream(select(table).order_by(*order))
            async for rows in result.partitions(batch):
                await dst.execute(insert(table), [row._asdict() for row in rows])
                copied += len(rows)
                progress(table.name, copied, counts[table.name])
            if dst.dialect.name == "postgresql":
                await _continue_sequences(dst, table.name, order)
    return counts


async def _continue_sequences(conn: AsyncConnection, table: str, key: list[Column[Any]]) -> None:
    """Ids the database assigns (draft, outbox, contact) continue after the copied ones."""
    for column in key:
        name = column.name
        if not isinstance(column.type, Integer):
            continue
        sequence = await conn.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table, "column": name},
        )
        if sequence is not None:
            await conn.execute(
                text(
                    f'SELECT setval(:sequence, COALESCE((SELECT max("{name}") FROM "{table}"), 0)'
                    f" + 1, false)"
                ),
                {"sequence": sequence},
            )
