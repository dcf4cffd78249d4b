"""Figure: a 100,000-row contact import sent to the bot as a CSV document captioned
`/import contacts`, on SQLite: how long from sending it to the bot's answer, how many times
the bot edited its progress into its one message meanwhile, and how many contacts the
database holds afterwards (all of them, or the import failed).

The bot runs as `interlog run` against the fake Telegram Bot API of the tests, which serves
the file through getFile and the file's URL as Telegram does. The tests import 3,000 rows
through the chat (tests/bot/test_chat_import.py): 100,000 took over 30 s of a test worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from sqlalchemy import func, select

from bench.context import Bench
from bench.databases import ADMIN, seed, sqlite_url
from bench.report import Figure
from bench.telegram import (
    ReplyWatch,
    bot_environment,
    interlog_command,
    start_process,
    stop_process,
)
from sandbox.bot_api import FakeTelegram
from storage import make_engine
from storage.tables import contact
from tests.cli.bench_import import write_file

LIMIT = 600.0  # seconds the whole import may take before the benchmark gives up


async def _contacts(url: str) -> int:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(select(func.count()).select_from(contact))).scalar_one())
    finally:
        await engine.dispose()


async def run(bench: Bench) -> None:
    rows = bench.options.sized(100_000, 5_000)
    path = await bench.workspace.new_sqlite("chat_import")
    url = sqlite_url(path)
    await seed(url)
    before = await _contacts(url)
    csv_path = bench.workspace.folder / "chat_import.csv"
    write_file(csv_path, rows)
    content = csv_path.read_bytes()
    token = f"{710_000_000 + len(bench.memo)}:bench-token"
    bench.memo[("bot-token", token)] = True
    async with FakeTelegram(token, timeout=LIMIT) as fake:
        watch = ReplyWatch(fake)
        admin = fake.user(user_id=ADMIN.telegram_id, first_name="Jan")
        env = bot_environment(fake, url, MESSAGES_PER_SECOND="0")
        process = start_process(
            interlog_command(), env, bench.workspace.folder / "chat_import_bot.log"
        )
        try:
            await watch.roundtrip(admin, lambda: admin.send("/start"), "message", 60)
            document = admin.document("contacts.csv", content, "text/csv", "/import contacts")
            # the bot's first message says it started; the next one, after the progress
            # edits into the first, is its answer
            started_at = time.perf_counter()
            said = watch.expect(admin, "message")
            admin.post(document)
            await asyncio.wait_for(said, 60)
            progress = admin.chat.messages[-1]
            answered = watch.expect(admin, "message")
            seconds = await asyncio.wait_for(answered, LIMIT) - started_at
            answer = admin.chat.messages[-1].text or ""
        finally:
            with contextlib.suppress(Exception):
                await stop_process(process)
    stored = await _contacts(url) - before
    note = f"{rows:,} rows, {len(content) / 2**20:.1f} MiB; the answer: {answer[:80]!r}"
    bench.add(
        Figure(f"chat import: {rows:,} contacts, SQLite, to the answer", seconds, "s", note=note)
    )
    bench.add(
        Figure(
            "chat import: progress edits into its one message",
            progress.edits,
            "edits",
            target="value >= 2",
            met=progress.edits >= 2,
            note=f"its text at the end: {(progress.text or '')[:60]!r}",
        )
    )
    bench.add(
        Figure(
            "chat import: contacts written",
            stored,
            "contacts",
            target=f"value == {rows}",
            met=stored == rows,
        )
    )
