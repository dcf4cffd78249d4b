"""Figure 5: `interlog run` as a subprocess against the fake, on a SQLite database with a
million contacts and a million interaction log entries: the time from starting the process
to its reply to the first update (queued before the start), and the peak resident set size
(VmHWM) while salespeople search, log interactions and page through contact histories."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time

from bench.context import Bench
from bench.databases import Database, connect_sqlite
from bench.report import Figure
from bench.telegram import (
    TEAM_CHAT,
    ReplyWatch,
    bot_environment,
    first_button,
    interlog_command,
    peak_rss_kib,
    start_process,
    stop_process,
)
from bench.throughput import FIRST_USER, SEARCHES, _bot_flow, register_users
from sandbox.bot_api import FakeTelegram, FakeUser

START_S = 1.5
RSS_MB = 150.0
USERS = 10
LIMIT = 60.0


def add_entries(db: Database, count: int) -> None:
    """`count` logged interactions, one per contact from the first, by SQL."""
    assert db.path is not None
    conn = connect_sqlite(db.path)
    try:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO interaction_log_entry (entry_no, contact_no, contact_company_no, date,"
            " time, salesperson_code, user_id, template_code, group_code, description,"
            " information_flow, initiated_by, cost, duration)"
            " SELECT id, no, company_no, date('2026-01-01', '+' || (id % 300) || ' days'),"
            " '10:30:00.000000', salesperson_code, '9001', 'CALL-OUT', 'PHONE', 'Outgoing call',"
            f" 'outbound', 'us', 2.5, 5 FROM contact WHERE id <= {count}"
        )
        conn.execute(
            f"UPDATE counter SET next_value = {count + 1} WHERE name = 'interaction_log_entry'"
        )
        conn.execute(  # kept with the log, as the bot keeps it
            "INSERT INTO template_usage (salesperson_code, template_code, entries)"
            " SELECT salesperson_code, template_code, count(*) FROM interaction_log_entry"
            " WHERE postponed = 0 GROUP BY salesperson_code, template_code"
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


async def _history(watch: ReplyWatch, user: FakeUser, query: str) -> None:
    """/log for a contact, then the next page of the history if there is one."""
    await watch.roundtrip(user, lambda: user.send(f"/log {query}"), "message", LIMIT)
    with contextlib.suppress(RuntimeError):
        message = user.last
        data = first_button(message)
        await watch.roundtrip(user, lambda: user.send_callback(message, data), "edit", LIMIT)


async def measure(bench: Bench) -> dict[str, float]:
    key = ("startup",)
    if key in bench.memo:
        return dict(bench.memo[key])
    rows = bench.options.memory_rows
    source = await bench.workspace.contacts_db("sqlite", rows)
    db = bench.workspace.copy_sqlite(source, "memory")
    add_entries(db, rows)
    await register_users(db, USERS)
    seconds = bench.options.memory_seconds
    async with FakeTelegram(f"{600_000_000 + rows % 1000}:bench-token", timeout=LIMIT) as fake:
        fake.group(chat_id=TEAM_CHAT, title="Sales team")
        watch = ReplyWatch(fake)
        people = [fake.user(user_id=FIRST_USER + n, first_name=f"U{n}") for n in range(USERS)]
        first = people[0]
        log = bench.workspace.folder / "memory.log"
        env = bot_environment(fake, db.url, MESSAGES_PER_SECOND="0")
        replied = watch.expect(first, "message")
        first.send("/start")
        started = time.perf_counter()
        process = start_process(interlog_command(), env, log)
        try:
            start = await asyncio.wait_for(replied, LIMIT) - started
            deadline = time.perf_counter() + seconds

            async def salesperson(n: int, user: FakeUser) -> None:
                rng = random.Random(n)
                while time.perf_counter() < deadline:
                    query = SEARCHES[rng.randrange(len(SEARCHES))]
                    await _bot_flow(watch, user, query, 0.0)
                    await _history(watch, user, query)

            await asyncio.gather(*(salesperson(n, u) for n, u in enumerate(people)))
            peak = peak_rss_kib(process.pid) / 1024
        except Exception as error:
            raise RuntimeError(f"{error!r}; the bot's output: {log}") from error
        finally:
            with contextlib.suppress(Exception):
                await stop_process(process)
    result = {"start": start, "peak_mb": peak}
    bench.memo[key] = result
    return dict(result)


async def run(bench: Bench) -> None:
    result = await measure(bench)
    rows = bench.options.memory_rows
    where = f"{rows:,} contacts + {rows:,} entries, SQLite"
    bench.add(Figure.at_most(f"start to first reply, {where}", result["start"], "s", START_S))
    bench.add(Figure.at_most(f"peak RSS of the bot, {where}", result["peak_mb"], "MB", RSS_MB))
