"""Figure: `/stats team quarter` for a team of 50 salespeople, on SQLite: the activity query
(domain.services.statistics.team_activity, one pass over this period and the one before,
summed per bar) and drawing the PNG (bot.charts.render), each the median of the repeats;
the PNG's size; and how long the event loop stalls while charts are drawn the way the bot
draws them (in a worker thread), against drawing them on the loop itself. Other users'
replies wait as long as the loop stalls."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from bench.context import Bench
from bench.databases import sqlite_url
from bench.report import Figure, percentile
from bot import charts
from domain.activity import Period
from domain.model import InteractionLogEntry, Salesperson, User
from domain.services.statistics import Report, team_activity
from storage import SqlUnitOfWork, make_engine
from storage.repositories.interaction_columns import contact_interaction_values
from storage.tables import interaction_log_entry

TEAM = 50
TARGET_MS = 300.0
TARGET_KB = 150.0
TODAY = dt.date(2026, 11, 30)
ADMIN = User(telegram_id=1, salesperson_code="S00", is_admin=True)
GROUPS = ("PHONE", "MEETING", "EMAIL", "VISIT")


def _rows(count: int) -> list[dict[str, object]]:
    rng = random.Random(17)
    rows = []
    for n in range(1, count + 1):
        entry = InteractionLogEntry(
            entry_no=n,
            user_id="1",
            contact_no=f"CT{rng.randrange(10_000):06d}",
            contact_company_no="",
            date=TODAY - dt.timedelta(days=rng.randrange(182)),  # this quarter and the last
            time=dt.time(9, 0),
            salesperson_code=f"S{rng.randrange(TEAM):02d}",
            template_code="CALL",
            group_code=rng.choice(GROUPS),
            cost=Decimal("2.50"),
            duration=5,
            attempt_failed=rng.random() < 0.1,
            canceled=rng.random() < 0.02,
        )
        rows.append(
            {
                "entry_no": n,
                "user_id": entry.user_id,
                "segment_no": "",
                "logged_segment_entry_no": None,
                "canceled": entry.canceled,
                "postponed": False,
                **contact_interaction_values(entry),
            }
        )
    return rows


def _spec(report: Report) -> charts.ChartSpec:
    return {
        "title": "Tým · čtvrtletí · Команда",
        "labels": [start.isoformat() for start in report.chart.span.starts],
        "series": report.chart.series,
        "groups": report.chart.groups,
        "empty": "—",
    }


async def _loop_lag(spec: charts.ChartSpec, *, threaded: bool, charts_drawn: int) -> list[float]:
    """Delays (ms) of a 5 ms ticker on the loop while `charts_drawn` charts are drawn."""
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append((time.perf_counter() - started) * 1000 - 5)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.02)
    for _ in range(charts_drawn):
        if threaded:
            await asyncio.to_thread(charts.render, spec)
        else:
            charts.render(spec)
            await asyncio.sleep(0)
    done.set()
    await task
    return lags


async def run(bench: Bench) -> None:
    entries = bench.options.sized(100_000, 5_000)
    path = await bench.workspace.new_sqlite("charts")
    engine = make_engine(sqlite_url(path))
    try:
        async with SqlUnitOfWork(engine) as uow:
            for n in range(TEAM):
                await uow.salespeople.save(Salesperson(f"S{n:02d}", f"Salesperson {n}"))
            await uow.commit()
        async with engine.begin() as conn:
            await conn.execute(interaction_log_entry.insert(), _rows(entries))
        queries, renders, sizes = [], [], []
        for _ in range(bench.options.repeats + 1):  # the first warms up
            async with SqlUnitOfWork(engine) as uow:
                started = time.perf_counter()
                report = await team_activity(uow, user=ADMIN, period=Period.QUARTER, today=TODAY)
                queries.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            png = charts.render(_spec(report))
            renders.append((time.perf_counter() - started) * 1000)
            sizes.append(len(png) / 1024)
    finally:
        await engine.dispose()
    query, render = statistics.median(queries[1:]), statistics.median(renders[1:])
    note = f"{TEAM} salespeople, {entries:,} entries over two quarters"
    bench.add(Figure("charts: team quarter, activity query, SQLite", query, "ms", note=note))
    bench.add(Figure("charts: team quarter, drawing the PNG", render, "ms", note=note))
    bench.add(
        Figure.at_most("charts: team quarter, query + drawing", query + render, "ms", TARGET_MS)
    )
    bench.add(Figure.at_most("charts: team quarter, PNG size", max(sizes), "KiB", TARGET_KB))
    spec = _spec(report)
    drawn = max(bench.options.repeats, 2)
    for threaded, how in ((True, "in a worker thread (as the bot)"), (False, "on the loop")):
        lags = await _loop_lag(spec, threaded=threaded, charts_drawn=drawn)
        bench.add(
            Figure(
                f"charts: event-loop lag p99 while drawing {how}",
                percentile(lags, 99),
                "ms",
                note=f"{drawn} charts, a 5 ms ticker on the loop",
            )
        )
