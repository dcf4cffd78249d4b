"""Figures: `interlog import contacts FILE` on 100,000 and 1,000,000 contacts, its time
against a raw executemany of the same rows into the same (fresh, migrated) table, and the
import's peak resident memory, on SQLite and on PostgreSQL.

The import streams the file (domain/services/contact_import.py): its memory should not grow with
the file but by the set of contact numbers it keeps (about 100 bytes a contact). The
baseline inserts the rows the import would write (the search name computed beforehand,
outside the timing) with sqlite3's `executemany` in one transaction, or asyncpg's
`executemany` (not COPY); the import also checks every row, journals what it changes and
commits in chunks, and on SQLite pauses between chunks when the bot writes (none runs
here). Each side gets a fresh database with the benchmark's reference data.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg

from bench import data
from bench.context import FULL, Bench
from bench.databases import asyncpg_dsn, connect_sqlite, seed, sqlite_url
from bench.report import Figure
from bench.telegram import peak_rss_kib
from domain.importing import COLUMNS

RSS_MB = 300.0
MAX_RATIO = 2.0
_WRITTEN = [c for c in data.CONTACT_COLUMNS if c != "id"]
_CSV = {column: _WRITTEN.index(column) for column in COLUMNS["contacts"]}


def _rows(count: int) -> Iterator[tuple[object, ...]]:
    """The generated contacts as the import writes them (no id; no language: the file
    has none)."""
    for row in data.contacts(count):
        values = list(row[1:])
        values[_WRITTEN.index("language_code")] = ""
        yield tuple(values)


def write_file(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS["contacts"])
        for row in _rows(count):
            writer.writerow(
                str(row[i]).lower() if isinstance(row[i], bool) else row[i] for i in _CSV.values()
            )


def _import_command() -> list[str]:
    script = Path(sys.executable).with_name("interlog")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())"]


def _run_import(url: str, path: Path) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak RSS (MB) of `interlog import contacts PATH` (it must
    succeed). The peak is the process's own VmHWM, read while it runs: the rusage that
    wait4 reports counts the memory of this process at the fork as the child's."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*_import_command(), "import", "contacts", str(path)],
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    peak = [0]
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.1):
            with contextlib.suppress(OSError, RuntimeError):
                peak[0] = max(peak[0], peak_rss_kib(process.pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    error = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    stop.set()
    watcher.join()
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"the import failed ({process.returncode}): {error.decode()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, peak[0] / 1024


def _sqlite_baseline(path: Path, count: int) -> tuple[float, float]:
    """Seconds and CPU seconds (SQLite works in this thread)."""
    rows = list(_rows(count))
    conn = connect_sqlite(path)
    try:
        marks = ", ".join("?" for _ in _WRITTEN)
        sql = f"INSERT INTO contact ({', '.join(_WRITTEN)}) VALUES ({marks})"
        started, cpu = time.perf_counter(), time.thread_time()
        conn.execute("BEGIN")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")
        return time.perf_counter() - started, time.thread_time() - cpu
    finally:
        conn.close()


async def _postgres_baseline(base_url: str, schema: str, count: int) -> float:
    rows = list(_rows(count))
    conn = await asyncpg.connect(asyncpg_dsn(base_url), server_settings={"search_path": schema})
    try:
        marks = ", ".join(f"${n}" for n in range(1, len(_WRITTEN) + 1))
        sql = f"INSERT INTO contact ({', '.join(_WRITTEN)}) VALUES ({marks})"
        started = time.perf_counter()
        async with conn.transaction():
            await conn.executemany(sql, rows)
        return time.perf_counter() - started
    finally:
        await conn.close()


async def _measure(bench: Bench, kind: str, count: int, path: Path) -> None:
    workspace = bench.workspace
    name = f"import_{kind}_{count}"
    if kind == "sqlite":
        base = await workspace.new_sqlite(f"{name}_base")
        await seed(sqlite_url(base))
        baseline, baseline_cpu = await asyncio.to_thread(_sqlite_baseline, base, count)
        target = await workspace.new_sqlite(name)
        url = sqlite_url(target)
        label = "SQLite (baseline: raw sqlite3 executemany, one transaction)"
    else:
        schema, base_url = await workspace.new_postgres(f"i{count}b")
        await seed(base_url)
        baseline = await _postgres_baseline(workspace.postgres_url, schema, count)
        baseline_cpu = None  # the server's, mostly: not measured
        _schema, url = await workspace.new_postgres(f"i{count}")
        label = "PostgreSQL (baseline: asyncpg executemany, one transaction)"
    await seed(url)
    seconds, cpu, rss = await asyncio.to_thread(_run_import, url, path)
    note = f"CPU of the import {cpu:.1f} s"
    if baseline_cpu is not None:
        note += f", of the baseline {baseline_cpu:.1f} s (ratio {cpu / baseline_cpu:.2f})"
    bench.add(
        Figure.against(
            f"import {count:,} contacts, {label}",
            seconds,
            "s",
            baseline,
            max_ratio=MAX_RATIO,
            note=note,
        )
    )
    bench.add(
        Figure.at_most(
            f"peak RSS of `interlog import contacts`, {count:,} contacts, "
            f"{'SQLite' if kind == 'sqlite' else 'PostgreSQL'}",
            rss,
            "MB",
            RSS_MB,
        )
    )


async def run(bench: Bench) -> None:
    top = bench.options.sized(FULL, 20_000)
    # A tenth of the size too, to see how time and memory grow (not with --size alone).
    sizes = [top] if bench.options.size is not None else [top // 10, top]
    for count in sizes:
        path = bench.workspace.folder / f"import_{count}.csv"
        await asyncio.to_thread(write_file, path, count)
        for kind in ("sqlite", "postgresql"):
            await _measure(bench, kind, count, path)
        path.unlink()
