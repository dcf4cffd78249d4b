"""python -m bench [--quick] [--size N] [--seconds S] [BENCHMARK ...]: build the data, run
the benchmarks, print the table and write bench/results.json."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg

from bench import (
    charts,
    chat_import,
    flat,
    growth,
    import_file,
    import_stall,
    instances,
    search,
    segment,
    startup,
    throughput,
)
from bench.context import Bench, Options
from bench.databases import Workspace, asyncpg_dsn, postgres_base_url
from bench.report import RESULTS, machine, table, write

BENCHMARKS: dict[str, Callable[[Bench], Awaitable[None]]] = {
    "segment": segment.run,
    "search": search.run,
    "throughput": throughput.run,
    "instances": instances.run,
    "startup": startup.run,
    "growth": growth.run,
    "import": import_stall.run,
    "importfile": import_file.run,
    "flat": flat.run,
    "charts": charts.run,
    "chatimport": chat_import.run,
}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "benchmarks", nargs="*", choices=[*BENCHMARKS, []], metavar="BENCHMARK",
        help=f"some of: {', '.join(BENCHMARKS)} (default: all)",
    )  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument(
        "--size", type=int, help="main size of every benchmark (lines, contacts, entries)"
    )
    parser.add_argument(
        "--seconds", type=float, help="length of every timed phase of the bot under load"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="default: %(default)s")
    return parser.parse_args(argv)


async def _postgres_version(url: str) -> str:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


async def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    names = args.benchmarks or list(BENCHMARKS)
    options = Options(quick=args.quick, size=args.size, seconds=args.seconds, repeats=args.repeats)
    workspace = Workspace(postgres_base_url())
    bench = Bench(options, workspace)
    started = time.perf_counter()
    try:
        for name in names:
            print(f"{name} ...", flush=True)
            await BENCHMARKS[name](bench)
    finally:
        await workspace.close()
    seconds = time.perf_counter() - started
    meta = {
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "duration_s": round(seconds, 1),
        "benchmarks": names,
        "quick": args.quick,
        "size": args.size,
        "machine": machine(await _postgres_version(workspace.postgres_url)),
    }
    print()
    print(table(bench.figures))
    missed = [f.name for f in bench.figures if f.met is False]
    print(f"\n{len(bench.figures)} figures in {seconds:.0f} s; targets missed: {len(missed)}")
    if args.quick or args.size is not None or args.seconds is not None:
        # Fixed costs (a transaction, a warm-up, a short phase) weigh more at small sizes.
        print("(smaller than the full run: the targets are meant for the full sizes)")
    write(args.output, bench.figures, meta)
    print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
