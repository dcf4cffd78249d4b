"""Figure 4: the whole bot (`interlog run`, SQLite) under simulated salespeople doing the
/interact flow (search text, tap contact, tap template, tap Log) through the fake Bot API
over HTTP, against a minimal echo bot through the same fake: on PTB's default transport
(httpx), and on the bot's own (aiohttp), the fair baseline that differs only in what the bot does.

Each simulated user waits for the bot's first reply to an update before sending the next.
- Throughput: every user acts again at once (saturation); updates answered per second.
- Latency: users think between steps (exponential pauses) so that the offered load is
  half the bot's measured throughput; time from injecting an update to the first reply.
The bot runs without its Telegram rate limit (MESSAGES_PER_SECOND=0): Telegram's limit of
about 30 messages a second is Telegram's, not a cost of the bot (its limit of 20 a minute
to the team's group stays: notifications trickle). This process, the fake and the
simulated users, collects no garbage while a phase is measured.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from bench.context import Bench
from bench.databases import Database
from bench.report import Figure, percentile
from bench.telegram import (
    TEAM_CHAT,
    ReplyWatch,
    bot_environment,
    cpu_seconds,
    first_button,
    interlog_command,
    start_process,
    stop_process,
)
from domain.model import User
from sandbox.bot_api import FakeTelegram, FakeUser
from storage import SqlUnitOfWork, make_engine

FIRST_USER = 20_001
SEARCHES = ("novák", "dvořák", "svobodová", "kowalsk", "müller", "иванов", "procházk", "černá")
MIN_RATIO = 0.7
MIN_FAIR_RATIO = 0.3  # against the echo bot on the bot's own transport
P99_MS = 30.0
LIMIT = 30.0


@dataclass(slots=True)
class Run:
    latencies: list[float] = field(default_factory=list)  # seconds
    started: float = 0.0
    finished: float = 0.0
    bot_cpu: float = 0.0
    fake_cpu: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / max(self.finished - self.started, 1e-9)


async def register_users(db: Database, users: int) -> None:
    engine = make_engine(db.url)
    try:
        async with SqlUnitOfWork(engine) as uow:
            for n in range(users):
                code = ("JN", "PK", "MV", "LD")[n % 4]
                await uow.users.save(User(telegram_id=FIRST_USER + n, salesperson_code=code))
            await uow.commit()
    finally:
        await engine.dispose()


async def _bot_flow(watch: ReplyWatch, user: FakeUser, query: str, pause: float) -> list[float]:
    """One interaction in four updates; the latency of each."""
    rng = random.Random(user.id * 7919 + len(user.messages))
    times = [await watch.roundtrip(user, lambda: user.send(f"/interact {query}"), "message", LIMIT)]
    for _ in range(3):
        if pause:
            await asyncio.sleep(rng.expovariate(1 / pause))
        message = user.last
        tap = partial(user.send_callback, message, first_button(message))
        times.append(await watch.roundtrip(user, tap, "edit", LIMIT))
    if "#" not in (user.last.text or ""):
        raise RuntimeError(f"the interaction was not logged: {user.last}")
    return times


async def _echo_flow(watch: ReplyWatch, user: FakeUser, query: str, pause: float) -> list[float]:
    """The same four updates to the echo bot (its replies carry no buttons to read)."""
    times = [await watch.roundtrip(user, lambda: user.send(f"/interact {query}"), "message", LIMIT)]
    for step in range(3):
        tap = partial(user.send_callback, user.last, f"t{step}")
        times.append(await watch.roundtrip(user, tap, "answer", LIMIT))
    return times


async def drive(
    watch: ReplyWatch, users: list[FakeUser], *, echo: bool, seconds: float, pause: float
) -> Run:
    flow = _echo_flow if echo else _bot_flow
    run = Run(started=time.perf_counter())
    deadline = run.started + seconds

    async def salesperson(index: int, user: FakeUser) -> None:
        rng = random.Random(index)
        n = index
        while True:  # at least one interaction each
            if pause:
                await asyncio.sleep(rng.expovariate(1 / pause))
            run.latencies.extend(await flow(watch, user, SEARCHES[n % len(SEARCHES)], pause))
            n += 1
            if time.perf_counter() >= deadline:
                break

    await asyncio.gather(*(salesperson(i, u) for i, u in enumerate(users)))
    run.finished = time.perf_counter()
    return run


async def _session(
    bench: Bench,
    db: Database | None,
    *,
    users: int,
    phases: list[tuple[str, float]],
    echo_transport: str = "httpx",
) -> dict[str, Run]:
    """Starts the fake and a bot (the echo bot on `echo_transport` when `db` is None), drives
    each phase (name, think time); returns the runs by phase name."""
    echo = db is None
    seconds = bench.options.throughput_seconds
    # A bot id of its own per session: update ids start at 1 again with every fake, and the
    # bot rightly ignores update ids it already handled.
    token = f"{700_000_000 + len(bench.memo)}:bench-token"
    bench.memo[("bot-token", token)] = True
    async with FakeTelegram(token, timeout=LIMIT) as fake:
        fake.group(chat_id=TEAM_CHAT, title="Sales team")
        watch = ReplyWatch(fake)
        people = [fake.user(user_id=FIRST_USER + n, first_name=f"U{n}") for n in range(users)]
        if echo:
            command = [sys.executable, "-m", "bench.echo_bot"]
            env = bot_environment(
                fake, "sqlite+aiosqlite:///unused.db", ECHO_TRANSPORT=echo_transport
            )
        else:
            assert db is not None
            command = interlog_command()
            env = bot_environment(fake, db.url, MESSAGES_PER_SECOND="0")
        log = bench.workspace.folder / (f"echo-{echo_transport}.log" if echo else "bot.log")
        process = start_process(command, env, log)
        try:
            await watch.roundtrip(people[0], lambda: people[0].send("/start"), "message", 60)
            # Warm up: every user once through the flow (connections, caches, plans).
            await drive(watch, people, echo=echo, seconds=0.0, pause=0.0)
            runs: dict[str, Run] = {}
            for name, pause in phases:
                with collector_paused():
                    bot_cpu, fake_cpu = cpu_seconds(process.pid), time.process_time()
                    run = await drive(watch, people, echo=echo, seconds=seconds, pause=pause)
                    run.bot_cpu = cpu_seconds(process.pid) - bot_cpu
                    run.fake_cpu = time.process_time() - fake_cpu
                runs[name] = run
            return runs
        except Exception as error:
            raise RuntimeError(f"{error!r}; the bot's output: {log}") from error
        finally:
            with contextlib.suppress(Exception):
                await stop_process(process)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection in this process (the fake and the simulated users) while a
    phase is measured: the fake keeps every message, and a full collection of that took
    35-80 ms, which showed up as the bot's latency."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def measure(bench: Bench) -> dict[str, Run]:
    key = ("throughput",)
    if key in bench.memo:
        result: dict[str, Run] = bench.memo[key]
        return result
    users = 20 if bench.options.quick else 50
    source = await bench.workspace.contacts_db("sqlite", bench.options.bot_contacts)
    db = bench.workspace.copy_sqlite(source, "throughput")
    await register_users(db, users)
    echo = await _session(bench, None, users=users, phases=[("echo", 0.0)])
    fair = await _session(
        bench, None, users=users, phases=[("echo_aiohttp", 0.0)], echo_transport="aiohttp"
    )
    bot = await _session(bench, db, users=users, phases=[("bot", 0.0)])
    # Paced: each of `users` acts every `users / (rate)` seconds on average.
    rate = bot["bot"].per_second / 2
    paced = await _session(bench, db, users=users, phases=[("paced", users / rate)])
    result = {**echo, **fair, **bot, **paced}
    bench.memo[key] = result
    return result


def figures(runs: dict[str, Run], contacts: int) -> list[Figure]:
    echo, fair, bot, paced = runs["echo"], runs["echo_aiohttp"], runs["bot"], runs["paced"]
    where = f"SQLite, {contacts:,} contacts"
    ms = [t * 1000 for t in paced.latencies]
    busy = [t * 1000 for t in bot.latencies]
    cpu = (
        f"CPU s per 1000 updates: bot {bot.bot_cpu / len(bot.latencies) * 1000:.1f}, "
        f"fake+users {bot.fake_cpu / len(bot.latencies) * 1000:.1f}; echo bot "
        f"{echo.bot_cpu / len(echo.latencies) * 1000:.1f}, "
        f"fake+users {echo.fake_cpu / len(echo.latencies) * 1000:.1f}; echo bot on aiohttp "
        f"{fair.bot_cpu / len(fair.latencies) * 1000:.1f}"
    )
    return [
        Figure.at_least(
            f"bot throughput /interact, {where}", bot.per_second, "updates/s", echo.per_second,
            min_ratio=MIN_RATIO, note=f"baseline: minimal PTB echo bot, same fake; {cpu}",
        ),
        Figure.at_least(
            f"bot throughput /interact, {where}, fair baseline", bot.per_second, "updates/s",
            fair.per_second, min_ratio=MIN_FAIR_RATIO,
            note="baseline: the same echo bot on the bot's own HTTP transport (aiohttp)",
        ),
        Figure(f"bot reply p50 at {paced.per_second:.0f} updates/s", percentile(ms, 50), "ms"),
        Figure.at_most(
            f"bot reply p99 at {paced.per_second:.0f} updates/s", percentile(ms, 99), "ms", P99_MS
        ),
        Figure(f"bot reply p50 saturated ({bot.per_second:.0f}/s)", percentile(busy, 50), "ms"),
        Figure(f"bot reply p99 saturated ({bot.per_second:.0f}/s)", percentile(busy, 99), "ms"),
    ]  # fmt: skip


async def run(bench: Bench) -> None:
    for figure in figures(await measure(bench), bench.options.bot_contacts):
        bench.add(figure)
