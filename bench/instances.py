"""Figure 6: the bot as one and as two `interlog run` processes in webhook mode on one
PostgreSQL database, behind a round-robin proxy, under the simulated salespeople of the
throughput benchmark (saturated: each acts again at once): updates answered per second
and the reply p99 of each, and the ratio of two to one."""

from __future__ import annotations

import contextlib
import itertools
import socket

import aiohttp
from aiohttp import web

from bench.context import Bench
from bench.databases import Database, load_postgres_contacts, seed
from bench.report import Figure, percentile
from bench.telegram import (
    TEAM_CHAT,
    ReplyWatch,
    bot_environment,
    interlog_command,
    start_process,
    stop_process,
)
from bench.throughput import FIRST_USER, LIMIT, Run, collector_paused, drive, register_users
from bot.transport.webhook import PATH, SECRET_HEADER
from sandbox.bot_api import FakeTelegram

MIN_RATIO = 1.6  # two processes on two cores
_SECRET = "bench-webhook-secret-of-at-least-32-characters"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RoundRobin:
    """The reverse proxy: each update Telegram posts goes to the next instance in turn."""

    def __init__(self, ports: list[int]) -> None:
        self._targets = itertools.cycle([f"http://127.0.0.1:{p}{PATH}" for p in ports])
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = _free_port()

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(trust_env=False)
        server = web.Application()
        server.router.add_post(PATH, self._forward)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {
            "Content-Type": "application/json",
            SECRET_HEADER: request.headers.get(SECRET_HEADER, ""),
        }
        async with self._session.post(next(self._targets), data=body, headers=headers) as reply:
            return web.Response(status=reply.status, body=await reply.read())


async def _session(bench: Bench, db: Database, *, processes: int, users: int) -> Run:
    token = f"{710_000_000 + len(bench.memo)}:bench-token"
    bench.memo[("bot-token", token)] = True
    ports = [_free_port() for _ in range(processes)]
    proxy = RoundRobin(ports)
    await proxy.start()
    started = []
    try:
        async with FakeTelegram(token, timeout=LIMIT) as fake:
            fake.group(chat_id=TEAM_CHAT, title="Sales team")
            watch = ReplyWatch(fake)
            people = [fake.user(user_id=FIRST_USER + n, first_name=f"U{n}") for n in range(users)]
            for n, port in enumerate(ports):
                env = bot_environment(
                    fake,
                    db.url,
                    MESSAGES_PER_SECOND="0",
                    WEBHOOK_URL=f"http://127.0.0.1:{proxy.port}{PATH}",
                    WEBHOOK_SECRET=_SECRET,
                    WEBHOOK_PORT=str(port),
                )
                log = bench.workspace.folder / f"instance-{processes}-{n}.log"
                started.append(start_process(interlog_command(), env, log))
            # Each instance registers the proxy's address once it listens.
            await fake.wait_for(lambda: len(fake.calls_of("setWebhook")) >= processes, 60)
            await watch.roundtrip(people[0], lambda: people[0].send("/start"), "message", 60)
            await drive(watch, people, echo=False, seconds=0.0, pause=0.0)  # warm up
            with collector_paused():
                return await drive(
                    watch, people, echo=False, seconds=bench.options.throughput_seconds, pause=0.0
                )
    finally:
        for process in started:
            with contextlib.suppress(Exception):
                await stop_process(process)
        await proxy.stop()


async def _database(bench: Bench) -> Database:
    """A PostgreSQL schema of its own (the bot writes to it), with the bot's contacts."""
    count = bench.options.bot_contacts
    workspace = bench.workspace
    schema, url = await workspace.new_postgres("instances")
    await seed(url)
    rows = workspace.contact_rows(count)
    index = await load_postgres_contacts(workspace.postgres_url, schema, rows)
    return Database("postgresql", url, count, index, schema=schema)


async def run(bench: Bench) -> None:
    users = 20 if bench.options.quick else 50
    db = await _database(bench)
    await register_users(db, users)
    one = await _session(bench, db, processes=1, users=users)
    two = await _session(bench, db, processes=2, users=users)
    where = f"webhook, PostgreSQL, {db.contacts:,} contacts"
    for name, result in (("1 process", one), ("2 processes", two)):
        ms = [t * 1000 for t in result.latencies]
        bench.add(Figure(f"instances: reply p99 saturated, {name}", percentile(ms, 99), "ms"))
    bench.add(Figure(f"instances: throughput, 1 process, {where}", one.per_second, "updates/s"))
    bench.add(
        Figure.at_least(
            f"instances: throughput, 2 processes, {where}",
            two.per_second,
            "updates/s",
            one.per_second,
            min_ratio=MIN_RATIO,
            note="baseline: the same with 1 process; round-robin proxy per update",
        )
    )
