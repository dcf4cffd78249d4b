"""Figure 3: contact search through domain.services.contacts.search_contacts (a page of 9,
as the bot asks for), per kind of query, on SQLite and PostgreSQL; and what the search
indexes cost to build and to keep."""

from __future__ import annotations

import time

from bench import data
from bench.context import Bench
from bench.databases import Database
from bench.report import Figure, percentile
from domain.access import OPERATOR
from domain.services.contacts import search_contacts
from storage import SqlUnitOfWork, make_engine

PAGE = 9
P95_MS = 5.0


def _rare() -> tuple[str, ...]:
    """Surnames near the end of each family's Zipf ranking: a few dozen contacts each in a
    million (none at tiny sizes), so no prefix of the index fills the page."""
    families = (
        data.ALL_CZ_SURNAMES, data.ALL_RU_SURNAMES, data.ALL_PL_SURNAMES, data.ALL_DE_SURNAMES,
    )  # fmt: skip
    picked = []
    for surnames in families:
        for n, name in enumerate(surnames[-1:-25:-8]):
            male, _, female = name.partition(":")
            picked.append(female if female and n % 2 else male)
    return tuple(picked)


QUERIES: dict[str, tuple[str, ...]] = {
    "prefix": (
        "jan", "kateřina", "Jana Nov", "łukasz", "Сергей", "alza", "strojírny brno",
        "J", "ma", "Petr Kr",
    ),
    "substring": (
        "novák", "ková", "ová", "dvořák", "brno", "иванова", "wiśniewsk", "müller",
        "s.r.o.", "ek", "ejf",
    ),
    "diacritics-blind": (
        "dvorak", "RUZICKOVA", "sarka", "kovar", "zolkiewski", "jurgen", "muller",
        "stepanek", "cermakova", "zelezarny", "prerov",
    ),
    "no match": ("xyzzy", "qqq", "novákx", "zzzz", "jan xx", "ъъъ", "q", "wy", "ováz"),
    "rare surname": _rare(),
    # Each trigram common (a first name, a common surname's), the whole in no name: a man's
    # first name with a woman's surname.
    "zero-hit typo, common trigrams": (
        "jan novakova", "petr svobodova", "pavel dvorakova", "tomas novotna", "jiri horakova",
        "martin cerna", "hana kucera",
    ),
    "single letter": ("a", "n", "ž", "и", "k"),
    # Each typed word starts a word of the name, in any order ("dv" finds "Eva Dvořáková").
    "word start": (
        "dv", "nov ja", "sv pe", "kr ja", "ja nov", "dvo ev", "иван серг", "mül", "kow p",
        "nov jana", "s r o",
    ),
    # Common word starts that no name has together: the longest word's range read whole.
    "word start, no match": ("nov zz", "novakova qx", "ja xq", "svobodova yy", "p kowalskaz"),
}  # fmt: skip


async def latencies(db: Database, rounds: int) -> dict[str, list[float]]:
    """Milliseconds per query kind: every query once to warm up, then `rounds` times each,
    each search in a unit of work of its own (opened before the clock starts)."""
    engine = make_engine(db.url)
    samples: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    try:
        for round_no in range(rounds + 1):
            for kind, queries in QUERIES.items():
                for query in queries:
                    async with SqlUnitOfWork(engine) as uow:
                        started = time.perf_counter()
                        await search_contacts(uow, user=OPERATOR, query=query, limit=PAGE)
                        elapsed = (time.perf_counter() - started) * 1000
                    if round_no:
                        samples[kind].append(elapsed)
    finally:
        await engine.dispose()
    return samples


async def measure(bench: Bench, kind: str, contacts: int) -> dict[str, list[float]]:
    key = ("search", kind, contacts)
    if key not in bench.memo:
        db = await bench.workspace.contacts_db(kind, contacts)
        rounds = 5 if bench.options.quick else 20
        bench.memo[key] = await latencies(db, rounds)
    result: dict[str, list[float]] = bench.memo[key]
    return result


def backend(kind: str) -> str:
    return "SQLite" if kind == "sqlite" else "PostgreSQL"


def figures(kind: str, contacts: int, samples: dict[str, list[float]]) -> list[Figure]:
    label = f"{backend(kind)}, {contacts:,} contacts"
    result = []
    for query_kind, values in samples.items():
        result.append(Figure(f"search {query_kind} p50, {label}", percentile(values, 50), "ms"))
        result.append(
            Figure.at_most(
                f"search {query_kind} p95, {label}", percentile(values, 95), "ms", P95_MS
            )
        )
    return result


async def index_figures(bench: Bench, kind: str, contacts: int) -> list[Figure]:
    db = await bench.workspace.contacts_db(kind, contacts)
    assert db.index is not None
    label = f"{backend(kind)}, {contacts:,} contacts"
    return [
        Figure(f"search index build, {label}", db.index.seconds, "s"),
        Figure(f"search index size, {label}", db.index.bytes / 2**20, "MiB"),
        Figure(f"database size, {label}", db.index.database_bytes / 2**20, "MiB"),
    ]


async def run(bench: Bench) -> None:
    contacts = bench.options.search_contacts
    for kind in ("sqlite", "postgresql"):
        for figure in figures(kind, contacts, await measure(bench, kind, contacts)):
            bench.add(figure)
        for figure in await index_figures(bench, kind, contacts):
            bench.add(figure)
