"""How PostgreSQL finds substring matches: the choice from the column statistics, and the
same results whichever way is taken."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.text import normalize
from storage import SqlUnitOfWork, search_plan
from storage.repositories import contacts as contacts_module
from storage.search import CANDIDATES, Way, apply_search
from storage.search_plan import (
    NameStatistics,
    choose,
    rare_trigrams,
    read_statistics,
    word_trigrams,
)
from storage.tables import contact
from tests.storage.builders import company

UowFactory = Callable[[], SqlUnitOfWork]
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

# 1,000,000 contacts: "novakova" in 30% of them (common); "ruzickova" in 0.4% (rare), and
# so are four of its trigrams, while "zic" is in 1% and "ova" in 30.6%; "xyz" nowhere.
STATISTICS = NameStatistics(
    rows=1_000_000,
    weighted=[("jana novakova", 0.3), ("eva ruzickova", 0.004), ("zicova", 0.006)]
    + [(f"name {n:03}", 0.69 / 100) for n in range(100)],
)


def test_frequencies_add_up_the_sampled_names_that_contain_the_text() -> None:
    assert STATISTICS.frequency("novakova") == pytest.approx(0.3)
    assert STATISTICS.frequency("zic") == pytest.approx(0.01)
    assert STATISTICS.frequency("ova") == pytest.approx(0.31)
    assert STATISTICS.frequency("name 01") == pytest.approx(0.069)
    assert STATISTICS.frequency(" ") == pytest.approx(0.3 + 0.004 + 0.69)  # no trigram
    assert STATISTICS.frequency("xyz") == 0


def test_only_ascii_letters_and_digits_make_trigrams_the_index_looks_up_alone() -> None:
    assert rare_trigrams("s.r.o.") == []
    assert rare_trigrams("иванова") == []
    assert word_trigrams("иван") == ["ван", "ива"]  # counted, to cost the whole pattern
    assert rare_trigrams("jan xx") == ["jan"]
    assert rare_trigrams("abcd") == ["abc", "bcd"]


@pytest.mark.parametrize(
    ("q", "way", "trigram"),
    [
        ("novakova", Way.SCAN, ""),  # 100 matches within the first 333 rows
        ("ruzickova", Way.TRIGRAM, "cko"),  # 4,000 entries against 25,000 rows to read
        ("xyzzy", Way.TRIGRAM, "xyz"),  # nowhere: the index says so at once
        ("иванова", Way.INDEX, ""),  # not sampled, no ASCII trigram: the whole pattern
        ("jana x", Way.INDEX, ""),  # not sampled, and every row "jan" gives would be fetched
        ("name 0", Way.SCAN, ""),  # common text, no rare trigram: "nam" is in 69%
        # Long: the whole pattern would look up 448 trigrams, "aru" (where one "ruzickova"
        # meets the next) is nowhere.
        ("ruzickova" * 50, Way.TRIGRAM, "aru"),
    ],
)
def test_the_cheapest_way_is_chosen(q: str, way: Way, trigram: str) -> None:
    assert choose(STATISTICS, q, candidates=100) == (way, trigram)


def test_without_statistics_the_planner_decides() -> None:
    assert choose(None, "ruzickova", candidates=100) == (Way.INDEX, "")
    empty = NameStatistics(rows=0, weighted=[])
    assert choose(empty, "ruzickova", candidates=100) == (Way.INDEX, "")


NAMES = [
    *(f"Jana Nováková {n:03}" for n in range(150)),  # more matches than the candidates
    *(f"Eva Růžičková {n:02}" for n in range(40)),
    *(f"Firma {n:03} s.r.o." for n in range(60)),
    "Иванова Анна",
    "Zicová",
]


async def _analyzed(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.contacts.save_many([company(f"CT{n:04}", name) for n, name in enumerate(NAMES)])
        await uow.commit()
    async with uow_factory() as uow:
        await uow.connection.execute(text("ANALYZE contact"))
        await uow.commit()


async def _found(conn: AsyncConnection, q: str, way: Way) -> list[str]:
    trigram = rare_trigrams(q)[0] if way is Way.TRIGRAM else ""
    stmt = apply_search("postgresql", select(contact.c.no), q, way=way, trigram=trigram)
    return list((await conn.execute(stmt)).scalars())


@POSTGRES_ONLY
@pytest.mark.parametrize("query", ["nováková", "růžičková", "zic", "s.r.o.", "ová", "xyz"])
async def test_every_way_finds_the_same(uow_factory: UowFactory, query: str) -> None:
    await _analyzed(uow_factory)
    q = normalize(query)
    async with uow_factory() as uow:
        # Off, so that the indexes are used wherever they can be, even on a small table.
        await uow.connection.execute(text("SET LOCAL enable_seqscan = off"))
        by_index = await _found(uow.connection, q, Way.INDEX)
        by_scan = await _found(uow.connection, q, Way.SCAN)
        by_trigram = await _found(uow.connection, q, Way.TRIGRAM) if rare_trigrams(q) else None
    assert by_index == _expected(q)
    assert by_scan == by_index
    assert by_trigram in (None, by_index)


def _expected(q: str) -> list[str]:
    """The search's ranking: prefix matches, then substring matches among the first
    CANDIDATES contacts (in table order, which is NAMES' order) that contain `q`."""
    keyed = [(normalize(name), name, f"CT{n:04}") for n, name in enumerate(NAMES)]
    prefix = sorted(key for key in keyed if key[0].startswith(q))
    candidates = [key for key in keyed if q in key[0]][:CANDIDATES]
    inside = sorted(key for key in candidates if not key[0].startswith(q))
    return [no for _, _, no in (prefix + inside)[:CANDIDATES]]


async def _plan(conn: AsyncConnection, q: str, way: Way) -> str:
    trigram = rare_trigrams(q)[0] if way is Way.TRIGRAM else ""
    stmt = apply_search("postgresql", select(contact.c.no), q, way=way, trigram=trigram)
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    await conn.execute(text("SET LOCAL enable_seqscan = off"))
    return "\n".join(row[0] for row in await conn.exec_driver_sql("EXPLAIN " + sql))


@POSTGRES_ONLY
async def test_each_way_reaches_the_table_as_meant(uow_factory: UowFactory) -> None:
    await _analyzed(uow_factory)
    async with uow_factory() as uow:
        by_trigram = await _plan(uow.connection, "ruzickova", Way.TRIGRAM)
        by_scan = await _plan(uow.connection, "ruzickova", Way.SCAN)
    assert "ix_contact_search_name_trgm" in by_trigram and "'%cko%'" in by_trigram, by_trigram
    assert "ix_contact_search_name_trgm" not in by_scan, by_scan


@POSTGRES_ONLY
async def test_table_scans_start_at_the_beginning(uow_factory: UowFactory) -> None:
    """Not where other scans of a big table are (too big to show here): every way must
    find the same first matches, every time."""
    async with uow_factory() as uow:
        setting = await uow.connection.scalar(text("SHOW synchronize_seqscans"))
    assert setting == "off"


@POSTGRES_ONLY
async def test_statistics_are_read_from_what_analyze_sampled(uow_factory: UowFactory) -> None:
    await _analyzed(uow_factory)
    async with uow_factory() as uow:
        statistics = await read_statistics(uow.connection)
    assert statistics is not None
    assert statistics.rows == len(NAMES)
    assert statistics.frequency("novakova") == pytest.approx(150 / len(NAMES), abs=0.01)
    assert statistics.frequency("ruzickova") == pytest.approx(40 / len(NAMES), abs=0.01)
    assert statistics.frequency("xyz") == 0


@POSTGRES_ONLY
async def test_statistics_are_those_of_the_contact_table_searched(
    uow_factory: UowFactory,
) -> None:
    """Not of the first schema on the search path, which may hold no such table."""
    await _analyzed(uow_factory)
    async with uow_factory() as uow:  # rolled back, the schema with the rest
        conn = uow.connection
        schema = await conn.scalar(text("SELECT current_schema()"))
        await conn.execute(text("CREATE SCHEMA interlog_without_contacts"))
        await conn.execute(text(f'SET LOCAL search_path = interlog_without_contacts, "{schema}"'))
        statistics = await read_statistics(conn)
    assert statistics is not None and statistics.rows == len(NAMES)


@POSTGRES_ONLY
async def test_the_search_takes_the_way_the_statistics_choose(
    uow_factory: UowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[tuple[Way, str]] = []

    def recorded(statistics: NameStatistics | None, q: str, *, candidates: int) -> tuple[Way, str]:
        chosen.append(search_plan.choose(statistics, q, candidates=candidates))
        return chosen[-1]

    monkeypatch.setattr(contacts_module, "choose", recorded)
    await _analyzed(uow_factory)
    async with uow_factory() as uow:
        rare = [c.name for c in await uow.contacts.search("ruzickova", limit=3)]
        common = [c.name for c in await uow.contacts.search("ova", limit=2)]
        none = await uow.contacts.search("xyz", limit=2)
    assert rare == ["Eva Růžičková 00", "Eva Růžičková 01", "Eva Růžičková 02"]
    assert common == ["Jana Nováková 000", "Jana Nováková 001"]
    assert none == []
    # 252 contacts: reading them all is cheap, looking up a trigram nobody has is cheaper.
    assert chosen == [(Way.SCAN, ""), (Way.SCAN, ""), (Way.TRIGRAM, "xyz")]
