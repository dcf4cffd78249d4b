"""Times `interlog import contacts` on 100,000 contacts (not a test: run it by hand).

    .venv/bin/python -m tests.cli.bench_import [ROWS] [DATABASE_URL]

Without a URL a fresh SQLite file in a temporary folder is used. Writes a CSV of companies
(one in ten rows) and their persons, some with an empty `no` (numbered from Contact Nos.),
imports it with the real console script, then imports it again (every row an update).
"""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from domain.importing import COLUMNS
from domain.model import MarketingSetup, NumberSeries, Salesperson
from storage import make_engine, make_uow_factory, upgrade

CITIES = ["Praha", "Brno", "Ostrava", "Plzeň", "Liberec", "Olomouc", "České Budějovice"]
FIRST = ["Jan", "Eva", "Petr", "Jana", "Tomáš", "Lucie", "Jiří", "Kateřina", "Václav", "Zdeňka"]
LAST = ["Novák", "Dvořáková", "Král", "Černý", "Procházková", "Svoboda", "Horák", "Veselá"]


def write_file(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS["contacts"])
        company = ""
        for i in range(rows):
            city = CITIES[i % len(CITIES)]
            if i % 10 == 0:
                company = f"C{i:07d}"
                values = [
                    company,
                    f"Firma {i} s.r.o.",
                    "company",
                    "",
                    "JN",
                    f"info{i}@example.cz",
                    "+420 111 222 333",
                    "",
                    city,
                    "110 00",
                    "CZ",
                    "customer;vendor",
                    "false",
                    "false",
                ]
            else:
                no = "" if i % 100 == 1 else f"P{i:07d}"
                name = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
                values = [
                    no,
                    name,
                    "person",
                    company,
                    "",
                    f"p{i}@example.cz",
                    "",
                    "+420 777 888 999",
                    city,
                    "110 00",
                    "CZ",
                    "",
                    str(i % 7 == 0),
                    "0",
                ]
            writer.writerow(values)


async def prepare(url: str) -> None:
    await upgrade(url)
    engine = make_engine(url)
    try:
        async with make_uow_factory(engine)() as uow:
            await uow.salespeople.save(Salesperson("JN", "Jana Nováková"))
            await uow.setup.save(MarketingSetup(contact_nos="CONT"))
            await uow.setup.save_series(NumberSeries("CONT", "CT", 6))
            await uow.commit()
    finally:
        await engine.dispose()


def run(url: str, path: Path) -> float:
    script = Path(sys.executable).parent / "interlog"
    started = time.perf_counter()
    subprocess.run(
        [str(script), "import", "contacts", str(path)],
        check=True,
        env={**os.environ, "DATABASE_URL": url},
    )
    return time.perf_counter() - started


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite+aiosqlite:///{folder}/bench.db"
        path = Path(folder) / "contacts.csv"
        write_file(path, rows)
        asyncio.run(prepare(url))
        for label in ("new", "update"):
            seconds = run(url, path)
            print(f"{label}: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
