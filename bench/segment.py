"""Figures 1 and 2: logging a segment through the domain service, against a raw bulk insert
of the same interaction_log_entry rows into the same table (raw sqlite3 executemany in one
transaction; raw asyncpg copy_records_to_table): in a database with as many contacts as the
segment has lines, and the same segment in a realistic CRM, a database of 1M contacts (the
one the search benchmark uses, built once per run)."""

from __future__ import annotations

import datetime as dt
import time

import asyncpg

from bench.context import Bench
from bench.databases import ADMIN, Database, asyncpg_dsn, connect_sqlite, postgres_execute
from bench.report import Figure, median
from domain.model import InformationFlow, InitiatedBy
from domain.services.log_segment import log_segment
from storage import SqlUnitOfWork, make_engine

SEGMENT = "BENCH01"
NOW = dt.datetime(2026, 11, 30, 9, 15)
MAX_RATIO = 2.0
# In a database of 1M contacts: (without, with the follow-up); None: no target.
REALISTIC_MAX_RATIOS: dict[str, tuple[float | None, float]] = {
    "postgresql": (1.5, 2.0),
    "sqlite": (None, 1.2),
}
_CLEAR = (
    "interaction_log_entry",
    "template_usage",  # kept with the log
    "logged_segment",
    "segment_line",
    "segment_header",
)
_COUNTERS = (
    "UPDATE counter SET next_value = 1",
    "UPDATE number_series SET next_no = 1 WHERE code = 'SEGM'",
)


def _fill(lines: int) -> tuple[str, ...]:
    """A segment of `lines` lines, one per contact, on the CALL-OUT template."""
    return (
        "INSERT INTO segment_header (no, description, template_code, cost, duration,"
        " information_flow, initiated_by)"
        f" VALUES ('{SEGMENT}', 'Autumn price list', 'CALL-OUT', 2.5, 5,"
        f" '{InformationFlow.OUTBOUND.value}', '{InitiatedBy.US.value}')",
        "INSERT INTO segment_line (segment_no, line_no, contact_no, contact_company_no,"
        " template_code, cost, duration, information_flow, initiated_by)"
        f" SELECT '{SEGMENT}', id * 10000, no, company_no, 'CALL-OUT', 2.5, 5,"
        f" '{InformationFlow.OUTBOUND.value}', '{InitiatedBy.US.value}'"
        f" FROM contact WHERE id <= {lines}",
    )


async def _reset(db: Database, lines: int) -> None:
    """No entries, no segments but one of `lines` lines; statistics fresh (as autovacuum
    leaves them after an administrator built the segment) and a checkpoint just taken, so
    every timed run starts from the same state."""
    fill = _fill(lines) if lines else ()
    if db.kind == "sqlite":
        assert db.path is not None
        conn = connect_sqlite(db.path)
        try:
            conn.execute("BEGIN")
            for table in _CLEAR:
                conn.execute(f"DELETE FROM {table}")
            for statement in (*_COUNTERS, *fill):
                conn.execute(statement)
            conn.execute("COMMIT")
            conn.execute("ANALYZE segment_line")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        return
    await postgres_execute(
        db.url,
        db.schema,
        f"TRUNCATE {', '.join(_CLEAR)}",
        *_COUNTERS,
        *fill,
        "VACUUM ANALYZE segment_line",
        "CHECKPOINT",
    )


async def time_service(db: Database, lines: int, *, follow_up: bool) -> float:
    """Seconds for log_segment in a SqlUnitOfWork, commit included (pool warmed first)."""
    await _reset(db, lines)
    engine = make_engine(db.url)
    try:
        async with SqlUnitOfWork(engine) as uow:
            await uow.setup.get()
        started = time.perf_counter()
        async with SqlUnitOfWork(engine) as uow:
            event = await log_segment(uow, user=ADMIN, no=SEGMENT, follow_up=follow_up, now=NOW)
            await uow.commit()
        seconds = time.perf_counter() - started
    finally:
        await engine.dispose()
    if event.entries != lines:
        raise RuntimeError(f"logged {event.entries} entries, expected {lines}")
    return seconds


def _sqlite_rows(db: Database) -> tuple[str, list[tuple[object, ...]]]:
    """The INSERT of the entries the service wrote, and their rows as stored."""
    assert db.path is not None
    source = connect_sqlite(db.path)
    try:
        cursor = source.execute("SELECT * FROM interaction_log_entry ORDER BY entry_no")
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        source.close()
    insert = (
        f"INSERT INTO interaction_log_entry ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})"
    )
    return insert, rows


def _sqlite_baseline(target: Database, insert: str, rows: list[tuple[object, ...]]) -> float:
    """The same rows by raw sqlite3: executemany in one transaction, into an empty table of
    a database made by the same migration, with the application's pragmas."""
    assert target.path is not None
    conn = connect_sqlite(target.path)
    try:
        conn.execute("DELETE FROM interaction_log_entry")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(insert, rows)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


async def _postgres_rows(bench: Bench, db: Database) -> tuple[list[str], list[tuple[object, ...]]]:
    source = await asyncpg.connect(asyncpg_dsn(bench.workspace.postgres_url))
    try:
        records = await source.fetch(
            f'SELECT * FROM "{db.schema}".interaction_log_entry ORDER BY entry_no'
        )
    finally:
        await source.close()
    return list(records[0].keys()), [tuple(r) for r in records]


async def _postgres_baseline(
    bench: Bench, schema: str, columns: list[str], rows: list[tuple[object, ...]]
) -> float:
    """The same rows by asyncpg's COPY into an empty table made by the same migration."""
    conn = await asyncpg.connect(asyncpg_dsn(bench.workspace.postgres_url))
    try:
        await conn.execute(f'TRUNCATE "{schema}".interaction_log_entry')
        await conn.execute("CHECKPOINT")
        started = time.perf_counter()
        await conn.copy_records_to_table(
            "interaction_log_entry", records=rows, columns=columns, schema_name=schema
        )
        return time.perf_counter() - started
    finally:
        await conn.close()


async def measure(
    bench: Bench, kind: str, lines: int, contacts: int | None = None
) -> dict[str, float]:
    """Median seconds {"plain", "follow_up", "baseline"} for a segment of `lines` lines in a
    database of `contacts` contacts (default: as many as lines; the segment takes the first
    `lines` of them). The three are interleaved, so that a busy moment of the machine hits
    all alike."""
    contacts = max(contacts or lines, lines)
    key = ("segment", kind, lines, contacts)
    if key in bench.memo:
        return dict(bench.memo[key])
    repeats = 1 if lines >= 1_000_000 else bench.options.repeats
    db = await bench.workspace.contacts_db(kind, contacts)
    plain: list[float] = []
    follow: list[float] = []
    baseline: list[float] = []
    for _ in range(repeats):
        plain.append(await time_service(db, lines, follow_up=False))
        if kind == "sqlite":
            target = await _baseline_sqlite_db(bench)
            insert, rows = _sqlite_rows(db)
            baseline.append(_sqlite_baseline(target, insert, rows))
        else:
            schema = await _baseline_postgres_schema(bench)
            columns, rows = await _postgres_rows(bench, db)
            baseline.append(await _postgres_baseline(bench, schema, columns, rows))
        del rows
        follow.append(await time_service(db, lines, follow_up=True))
    await _reset(db, 0)
    result = {"plain": median(plain), "follow_up": median(follow), "baseline": median(baseline)}
    bench.memo[key] = result
    return dict(result)


async def _baseline_sqlite_db(bench: Bench) -> Database:
    key = ("segment-baseline", "sqlite")
    if key not in bench.memo:
        path = await bench.workspace.new_sqlite("baseline")
        bench.memo[key] = Database("sqlite", "", 0, path=path)
    db: Database = bench.memo[key]
    return db


async def _baseline_postgres_schema(bench: Bench) -> str:
    key = ("segment-baseline", "postgresql")
    if key not in bench.memo:
        bench.memo[key], _ = await bench.workspace.new_postgres("baseline")
    schema: str = bench.memo[key]
    return schema


def figures(
    kind: str,
    lines: int,
    result: dict[str, float],
    *,
    contacts: int | None = None,
    max_ratios: tuple[float | None, float | None] = (MAX_RATIO, MAX_RATIO),
) -> list[Figure]:
    """The two figures (without, with the follow-up); `contacts` named when given."""
    label = "SQLite" if kind == "sqlite" else "PostgreSQL"
    what = "executemany" if kind == "sqlite" else "copy_records_to_table"
    note = f"baseline: raw {what} of the same rows"
    where = f" in {contacts:,} contacts" if contacts is not None else ""
    named = (
        (f"log segment {lines:,} lines{where}, {label}", result["plain"], max_ratios[0]),
        (f"log segment {lines:,} lines{where} + follow-up, {label}", result["follow_up"],
         max_ratios[1]),
    )  # fmt: skip
    shown = []
    for name, value, max_ratio in named:
        if max_ratio is None:
            ratio = value / result["baseline"] if result["baseline"] else float("inf")
            shown.append(Figure(name, value, "s", result["baseline"], ratio, note=note))
        else:
            shown.append(
                Figure.against(name, value, "s", result["baseline"], max_ratio=max_ratio, note=note)
            )
    return shown


async def run(bench: Bench) -> None:
    lines = bench.options.segment_lines
    contacts = bench.options.segment_contacts
    for kind in ("sqlite", "postgresql"):
        for figure in figures(kind, lines, await measure(bench, kind, lines)):
            bench.add(figure)
    for kind in ("sqlite", "postgresql"):
        result = await measure(bench, kind, lines, contacts)
        for figure in figures(
            kind, lines, result, contacts=contacts, max_ratios=REALISTIC_MAX_RATIOS[kind]
        ):
            bench.add(figure)
