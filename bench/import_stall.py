"""Figure: the bot's reply p99 while `interlog import contacts` writes 100,000 contacts into
the same SQLite database.

SQLite lets one transaction write at a time, and every update the bot handles writes. The
import writes its contacts in chunks of their own short transactions (cli/
contact_import.py); one transaction for the whole file held the lock for seconds, and the
bot stood still meanwhile. Simulated salespeople do /interact at a steady pace (as in the
throughput benchmark's paced phase), first for a few seconds without an import (for
comparison, 5 s), then for as long as the import runs; the figure is the p99 of the replies
that were asked for while it ran.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import time
from typing import Any

from bench.context import Bench
from bench.report import Figure, percentile
from bench.telegram import (
    TEAM_CHAT,
    ReplyWatch,
    bot_environment,
    interlog_command,
    start_process,
    stop_process,
)
from bench.throughput import FIRST_USER, LIMIT, SEARCHES, _bot_flow, register_users
from sandbox.bot_api import FakeTelegram, FakeUser
from tests.cli.bench_import import write_file

P99_MS = 200.0
USERS = 20
PAUSE = 0.5  # seconds a salesperson thinks between steps, on average


async def _paced(
    watch: ReplyWatch, users: list[FakeUser], *, until: asyncio.Future[Any]
) -> list[float]:
    """Latencies of the replies asked for before `until` is done (at least one
    interaction each)."""
    latencies: list[float] = []

    async def salesperson(index: int, user: FakeUser) -> None:
        rng = random.Random(index)
        n = index
        while True:
            await asyncio.sleep(rng.expovariate(1 / PAUSE))
            times = await _bot_flow(watch, user, SEARCHES[n % len(SEARCHES)], PAUSE)
            latencies.extend(times)
            n += 1
            if until.done():
                break

    await asyncio.gather(*(salesperson(i, u) for i, u in enumerate(users)))
    return latencies


async def measure(bench: Bench) -> tuple[list[float], list[float], float, int]:
    """Latencies (s) without and during the import, the import's seconds, its rows."""
    rows = bench.options.sized(100_000, 20_000)
    source = await bench.workspace.contacts_db("sqlite", bench.options.bot_contacts)
    db = bench.workspace.copy_sqlite(source, "import_stall")
    await register_users(db, USERS)
    path = bench.workspace.folder / "import_stall.csv"
    write_file(path, rows)
    token = f"{700_000_000 + len(bench.memo)}:bench-token"
    bench.memo[("bot-token", token)] = True
    async with FakeTelegram(token, timeout=LIMIT) as fake:
        fake.group(chat_id=TEAM_CHAT, title="Sales team")
        watch = ReplyWatch(fake)
        people = [fake.user(user_id=FIRST_USER + n, first_name=f"U{n}") for n in range(USERS)]
        env = bot_environment(fake, db.url, MESSAGES_PER_SECOND="0")
        log = bench.workspace.folder / "import_stall_bot.log"
        process = start_process(interlog_command(), env, log)
        try:
            await watch.roundtrip(people[0], lambda: people[0].send("/start"), "message", 60)
            loop = asyncio.get_running_loop()
            quiet_over: asyncio.Future[None] = loop.create_future()
            loop.call_later(bench.options.phase(5.0, 3.0), quiet_over.set_result, None)
            quiet = await _paced(watch, people, until=quiet_over)
            importer = await asyncio.create_subprocess_exec(
                interlog_command()[0],
                "import",
                "contacts",
                str(path),
                env={**os.environ, "DATABASE_URL": db.url},
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            started = time.perf_counter()
            finished = asyncio.ensure_future(importer.wait())
            during = await _paced(watch, people, until=finished)
            seconds = time.perf_counter() - started
            if finished.result() != 0:
                raise RuntimeError(f"the import failed ({finished.result()})")
        finally:
            with contextlib.suppress(Exception):
                await stop_process(process)
    return quiet, during, seconds, rows


async def run(bench: Bench) -> None:
    quiet, during, seconds, rows = await measure(bench)
    ms = [t * 1000 for t in during]
    quiet_ms = [t * 1000 for t in quiet]
    note = (
        f"{len(ms):,} replies while the import ran ({seconds:.1f} s), max {max(ms):.0f} ms; "
        f"without an import p99 {percentile(quiet_ms, 99):.0f} ms over {len(quiet_ms):,}"
    )
    bench.add(
        Figure.at_most(
            f"bot reply p99 during a {rows:,}-contact import (SQLite)",
            percentile(ms, 99),
            "ms",
            P99_MS,
            note=note,
        )
    )
