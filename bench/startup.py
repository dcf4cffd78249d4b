"""Figure 5: `interlog run` as a subprocess against the fake, on a SQLite database with a
million contacts and a million interaction log entries: the time from starting the process
to its reply to the first update (queued before the start), against the echo bot's (on the
bot's transport) started the same way, each `--repeats` times, interleaved; and the peak
resident set size (VmHWM) while salespeople search, log interactions and page through
contact histories."""

from __future__ import annotations

import asyncio
import contextlib
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.context import Bench
from bench.databases import Database, connect_sqlite
from bench.report import Figure, median
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
START_RATIO = 2.0  # against the echo bot's start
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


async def _first_reply(
    watch: ReplyWatch, user: FakeUser, command: list[str], env: dict[str, str], log: Path
) -> tuple[float, subprocess.Popen[bytes]]:
    """Seconds from starting `command` to its reply to a /start queued before."""
    replied = watch.expect(user, "message")
    user.send("/start")
    started = time.perf_counter()
    process = start_process(command, env, log)
    try:
        return await asyncio.wait_for(replied, LIMIT) - started, process
    except BaseException as error:
        await stop_process(process)
        raise RuntimeError(f"{error!r}; the output: {log}") from error


async def _echo_start(bench: Bench, attempt: int) -> float:
    token = f"{610_000_000 + attempt}:bench-token"
    async with FakeTelegram(token, timeout=LIMIT) as fake:
        user = fake.user(user_id=FIRST_USER, first_name="U0")
        env = bot_environment(fake, "sqlite+aiosqlite:///unused.db", ECHO_TRANSPORT="aiohttp")
        command = [sys.executable, "-m", "bench.echo_bot"]
        log = bench.workspace.folder / "echo-start.log"
        seconds, process = await _first_reply(ReplyWatch(fake), user, command, env, log)
        await stop_process(process)
        return seconds


async def _salespeople(watch: ReplyWatch, people: list[FakeUser], seconds: float) -> None:
    """Searching, logging and paging through histories for `seconds`."""
    deadline = time.perf_counter() + seconds

    async def salesperson(n: int, user: FakeUser) -> None:
        rng = random.Random(n)
        while time.perf_counter() < deadline:
            query = SEARCHES[rng.randrange(len(SEARCHES))]
            await _bot_flow(watch, user, query, 0.0)
            await _history(watch, user, query)

    await asyncio.gather(*(salesperson(n, u) for n, u in enumerate(people)))


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
    starts: list[float] = []
    echo_starts: list[float] = []
    peak = 0.0
    for attempt in range(max(bench.options.repeats, 1)):
        echo_starts.append(await _echo_start(bench, attempt))
        token = f"{600_000_000 + rows % 1000 + attempt}:bench-token"
        async with FakeTelegram(token, timeout=LIMIT) as fake:
            fake.group(chat_id=TEAM_CHAT, title="Sales team")
            watch = ReplyWatch(fake)
            people = [fake.user(user_id=FIRST_USER + n, first_name=f"U{n}") for n in range(USERS)]
            log = bench.workspace.folder / "memory.log"
            env = bot_environment(fake, db.url, MESSAGES_PER_SECOND="0")
            start, process = await _first_reply(watch, people[0], interlog_command(), env, log)
            starts.append(start)
            try:
                if attempt == 0:  # the memory under load, once
                    await _salespeople(watch, people, seconds)
                    peak = peak_rss_kib(process.pid) / 1024
            except Exception as error:
                raise RuntimeError(f"{error!r}; the bot's output: {log}") from error
            finally:
                with contextlib.suppress(Exception):
                    await stop_process(process)
    result = {
        "start": median(starts),
        "echo_start": median(echo_starts),
        "peak_mb": peak,
        "start_min": min(starts),
        "start_max": max(starts),
        "echo_min": min(echo_starts),
        "echo_max": max(echo_starts),
    }
    bench.memo[key] = result
    return dict(result)


async def run(bench: Bench) -> None:
    result = await measure(bench)
    rows = bench.options.memory_rows
    where = f"{rows:,} contacts + {rows:,} entries, SQLite"
    bench.add(Figure.at_most(f"start to first reply, {where}", result["start"], "s", START_S))
    bench.add(
        Figure.against(
            f"start to first reply against the echo bot's (aiohttp), {where}",
            result["start"],
            "s",
            result["echo_start"],
            max_ratio=START_RATIO,
            note=(
                f"median of {bench.options.repeats}: bot {result['start_min']:.2f}-"
                f"{result['start_max']:.2f} s, echo bot {result['echo_min']:.2f}-"
                f"{result['echo_max']:.2f} s"
            ),
        )
    )
    bench.add(Figure.at_most(f"peak RSS of the bot, {where}", result["peak_mb"], "MB", RSS_MB))
