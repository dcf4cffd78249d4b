"""Flat with data: the bot of the throughput figure on a CRM that has lived for years (as
many log entries as contacts, one salesperson holding half of them, a logged segment of a
tenth of them among those), against the same contacts with 1,000 entries: saturated
throughput, reply p99 at the same paced load, and the statements of a step timed alone;
and the reply p99 at Telegram's own pace (30 updates a second over all the users) against
the echo bot's (on the bot's transport) at the same pace.

The log is built by SQL once per size and schema revision and kept in a cache folder
(INTERLOG_BENCH_CACHE, default ~/.cache/interlog-bench): a 1M/1M database takes minutes to
build, and every later run copies it."""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path

from bench import data
from bench.context import Bench
from bench.databases import Database, connect_sqlite, remove_sqlite, sqlite_url
from bench.report import Figure, percentile
from bench.throughput import Run, _session, register_users
from storage import SqlUnitOfWork, make_engine
from storage.schema import head_revision

MAX_RATIO = 1.2
TELEGRAM_RATE = 30.0  # updates a second: about what Telegram lets a bot send
MAX_TELEGRAM_RATIO = 5.0  # the reply p99 at that pace, against the echo bot's
SMALL_LOG = 1_000
HEAVY = "JN"  # the salesperson holding half of the log; a quarter of the users act as JN
SEGMENT_SHARE = 10  # a logged segment of a tenth of the log, all of it HEAVY's
STATEMENT_CALLS = 200
VERSION = 1  # of the log built here: change it when the build changes


def cache_folder() -> Path:
    default = Path.home() / ".cache" / "interlog-bench"
    return Path(os.environ.get("INTERLOG_BENCH_CACHE") or default)


def add_log(db: Database, entries: int) -> None:
    """`entries` log entries over the contacts, round-robin: the first half HEAVY's, the
    rest the other salespeople's; the first tenth from one logged segment (with its header,
    lines and logged segment row); then the template usage counted, as migration 0007
    does."""
    assert db.path is not None
    segment = entries // SEGMENT_SHARE
    conn = connect_sqlite(db.path)
    try:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO interaction_log_entry (entry_no, contact_no, contact_company_no, date,"
            " time, salesperson_code, user_id, template_code, group_code, description,"
            " information_flow, initiated_by, cost, duration, segment_no,"
            " logged_segment_entry_no)"
            " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :entries)"
            " SELECT i, c.no, c.company_no, date('2023-01-01', '+' || (i % 1000) || ' days'),"
            " '10:30:00.000000',"
            " CASE WHEN i <= :entries / 2 THEN :heavy"
            "  ELSE (CASE i % 3 WHEN 0 THEN 'PK' WHEN 1 THEN 'MV' ELSE 'LD' END) END,"
            " '9001', t.code, t.group_code, t.description, t.information_flow, t.initiated_by,"
            " t.unit_cost, t.unit_duration,"
            " CASE WHEN i <= :segment THEN 'S00001' ELSE '' END,"
            " CASE WHEN i <= :segment THEN 1 END"
            " FROM n JOIN contact c ON c.id = (i - 1) % :contacts + 1"
            " JOIN interaction_template t ON t.code ="
            "  (CASE i % 4 WHEN 0 THEN 'CALL-OUT' WHEN 1 THEN 'CALL-IN' WHEN 2 THEN 'VISIT'"
            "   ELSE 'EMAIL' END)",
            {"entries": entries, "heavy": HEAVY, "segment": segment, "contacts": db.contacts},
        )
        if segment:
            conn.execute(
                "INSERT INTO segment_header (no, description, salesperson_code, date,"
                " template_code) VALUES ('S00001', 'Spring fair', :heavy, '2023-03-01',"
                " 'CALL-OUT')",
                {"heavy": HEAVY},
            )
            conn.execute(
                "INSERT INTO segment_line (segment_no, line_no, contact_no, contact_company_no,"
                " template_code) SELECT 'S00001', entry_no * 10000, contact_no,"
                " contact_company_no, template_code FROM interaction_log_entry"
                " WHERE logged_segment_entry_no = 1"
            )
            conn.execute(
                "INSERT INTO logged_segment (entry_no, segment_no, description, creation_date,"
                " user_id) VALUES (1, 'S00001', 'Spring fair', '2023-03-01', '9001')"
            )
            conn.execute("UPDATE counter SET next_value = 2 WHERE name = 'logged_segment'")
        conn.execute("DELETE FROM template_usage")  # counted again, from the whole log
        conn.execute(
            "INSERT INTO template_usage (salesperson_code, template_code, entries)"
            " SELECT salesperson_code, template_code, count(*) FROM interaction_log_entry"
            " WHERE postponed = 0 GROUP BY salesperson_code, template_code"
        )
        conn.execute(
            "UPDATE counter SET next_value = :next WHERE name = 'interaction_log_entry'",
            {"next": entries + 1},
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


async def log_db(bench: Bench, contacts: int, entries: int, name: str) -> Database:
    """A copy of the database with `contacts` contacts and `entries` entries, from the
    cache if it was built before."""
    name = f"log-v{VERSION}.{data.VERSION}-r{head_revision()}-{contacts}-{entries}.db"
    cached = cache_folder() / name
    target = bench.workspace.folder / f"{name}.db"
    remove_sqlite(target)
    if not cached.exists():
        source = await bench.workspace.contacts_db("sqlite", contacts)
        db = bench.workspace.copy_sqlite(source, f"{name}-build")
        add_log(db, entries)
        assert db.path is not None
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        shutil.copyfile(db.path, partial)
        partial.replace(cached)  # whole or not at all, for the next run
        remove_sqlite(db.path)
    shutil.copyfile(cached, target)
    return Database("sqlite", sqlite_url(target), contacts, None, path=target)


async def statement_seconds(db: Database) -> float:
    """Median time of the statements a template step and a contact's page run that read
    the log (templates by use, the contact's history and statistics, the postponed list)."""
    engine = make_engine(db.url)
    times: list[float] = []
    try:
        async with SqlUnitOfWork(engine, read_only=True) as uow:
            for n in range(STATEMENT_CALLS):
                contact = f"CT{n % db.contacts + 1:08}"
                started = time.perf_counter()
                await uow.templates.usage(HEAVY)
                await uow.entries.history([contact], limit=5)
                await uow.entries.statistics([contact])
                await uow.entries.postponed(HEAVY)
                times.append(time.perf_counter() - started)
    finally:
        await engine.dispose()
    return statistics.median(times)


async def measure(bench: Bench) -> dict[str, float]:
    contacts = bench.options.bot_contacts
    users = 20 if bench.options.quick else 50
    big = await log_db(bench, contacts, contacts, "flat-big")
    small = await log_db(bench, contacts, min(SMALL_LOG, contacts), "flat-small")
    result = {"big_statements": await statement_seconds(big)}
    result["small_statements"] = await statement_seconds(small)
    runs: dict[str, Run] = {}
    for name, db in (("small", small), ("big", big)):
        await register_users(db, users)
        runs[name] = (await _session(bench, db, users=users, phases=[("bot", 0.0)]))["bot"]
    pause = users / (runs["small"].per_second / 2)  # half of the small log's throughput
    for name, db in (("small", small), ("big", big)):
        paced = (await _session(bench, db, users=users, phases=[("paced", pause)]))["paced"]
        result[f"{name}_per_second"] = runs[name].per_second
        result[f"{name}_p99_ms"] = percentile([t * 1000 for t in paced.latencies], 99)
        result[f"{name}_paced_per_second"] = paced.per_second
    telegram = users / TELEGRAM_RATE
    paced = (await _session(bench, big, users=users, phases=[("telegram", telegram)]))["telegram"]
    echo = (
        await _session(
            bench, None, users=users, phases=[("telegram", telegram)], echo_transport="aiohttp"
        )
    )["telegram"]
    result["big_telegram_p99_ms"] = percentile([t * 1000 for t in paced.latencies], 99)
    result["echo_telegram_p99_ms"] = percentile([t * 1000 for t in echo.latencies], 99)
    result["telegram_per_second"] = paced.per_second
    return result


async def run(bench: Bench) -> None:
    contacts = bench.options.bot_contacts
    m = await measure(bench)
    where = f"{contacts:,} contacts and {contacts:,} entries ({HEAVY} holding half)"
    baseline = f"baseline: the same with {min(SMALL_LOG, contacts):,} entries"
    bench.add(
        Figure.at_least(
            f"flat: bot throughput /interact, SQLite, {where}", m["big_per_second"],
            "updates/s", m["small_per_second"], min_ratio=1 / MAX_RATIO, note=baseline,
        )
    )  # fmt: skip
    bench.add(
        Figure.against(
            f"flat: bot reply p99 at {m['small_paced_per_second']:.0f} updates/s, same data",
            m["big_p99_ms"], "ms", m["small_p99_ms"], max_ratio=MAX_RATIO, note=baseline,
        )
    )  # fmt: skip
    bench.add(
        Figure.against(
            f"flat: bot reply p99 at Telegram's pace ({m['telegram_per_second']:.0f} updates/s"
            " over all users), same data",
            m["big_telegram_p99_ms"], "ms", m["echo_telegram_p99_ms"],
            max_ratio=MAX_TELEGRAM_RATIO,
            note="baseline: the echo bot (aiohttp) at the same pace, same run",
        )
    )  # fmt: skip
    bench.add(
        Figure.against(
            "flat: a step's statements on the log (templates by use, contact history page and"
            " statistics, postponed list), median",
            m["big_statements"] * 1e6, "µs", m["small_statements"] * 1e6,
            max_ratio=MAX_RATIO, note=baseline,
        )
    )  # fmt: skip
