"""Word-start search on both databases: each typed word starts a word of the name, in any
order, diacritics- and case-blind, after prefix matches and before substring matches; the
word table the triggers keep agrees with domain.text.name_words, and the search with
domain.text.search_rank (what the in-memory fake runs)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from sqlalchemy import event, select

from domain.model import Contact
from domain.text import WORD_SEPARATORS, name_words, normalize, search_rank
from storage import SqlUnitOfWork
from storage.migrations.versions import v0013_contact_words
from storage.search import (
    apply_search,
    contact_word,
    search_parameters,
    search_statement,
)
from storage.search_lookups import word_match, word_order
from storage.tables import contact
from tests.storage.builders import company

UowFactory = Callable[[], SqlUnitOfWork]

NAMES = {
    "CT01": "Eva Dvořáková",
    "CT02": "Jan Novák",
    "CT03": "Novák Jan",
    "CT04": "Dvořák & Syn s.r.o.",
    "CT05": "Иванов Сергей",
    "CT06": "Straße Müller GmbH",
    "CT07": "Eva Nováková-Dvořáková",
    "CT08": "Advokát Janák",
    "CT09": "O'Brien-Smith",
}


async def _save(uow_factory: UowFactory, *contacts: Contact) -> None:
    async with uow_factory() as uow:
        await uow.contacts.save_many(contacts)
        await uow.commit()


@pytest.fixture
async def named(uow_factory: UowFactory) -> None:
    await _save(uow_factory, *(company(no, name) for no, name in NAMES.items()))


async def _search(uow_factory: UowFactory, query: str, limit: int = 50) -> list[str]:
    async with uow_factory() as uow:
        return [c.no for c in await uow.contacts.search(normalize(query), limit=limit)]


def test_the_migration_splits_words_as_the_domain_does() -> None:
    assert v0013_contact_words.SEPARATORS == WORD_SEPARATORS


@pytest.mark.usefixtures("named")
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("dv", ["CT04", "CT01", "CT07"]),  # the name's start first, then by name
        ("DV", ["CT04", "CT01", "CT07"]),
        ("dvořák", ["CT04", "CT01", "CT07"]),
        ("nov ja", ["CT02", "CT03"]),  # both word starts, by name
        ("ja nov", ["CT02", "CT03"]),  # "jan novak" starts with the text itself
        ("e d", ["CT01", "CT07"]),
        ("syn", ["CT04"]),
        ("s r o", ["CT04"]),
        ("сер", ["CT05"]),
        ("ив СЕР", ["CT05"]),
        ("strasse", ["CT06"]),
        ("straß", ["CT06"]),
        ("mul", ["CT06"]),
        ("MÜLLER", ["CT06"]),
        ("brien", ["CT09"]),
        ("smi o", ["CT09"]),
        ("jan x", []),
        ("vo", []),  # not a word's start, and too short for a substring
    ],
)
async def test_each_typed_word_starts_a_word(
    uow_factory: UowFactory, query: str, found: list[str]
) -> None:
    assert await _search(uow_factory, query) == found


@pytest.mark.usefixtures("named")
async def test_word_starts_rank_before_substrings(uow_factory: UowFactory) -> None:
    # "jan": prefix "jan novak"; word start "novak jan"; inside "advokat janak" as a word
    # start too; "dvorak" holds no "jan".
    assert await _search(uow_factory, "jan") == ["CT02", "CT08", "CT03"]
    # "vak": inside words only ("novak", "novakova"), by name.
    assert await _search(uow_factory, "vak") == ["CT07", "CT02", "CT03"]
    # "dvorak": the prefix, then word starts; substring "advokat" has no "dvorak".
    assert await _search(uow_factory, "dvorak") == ["CT04", "CT01", "CT07"]
    assert await _search(uow_factory, "vok") == ["CT08"]  # inside "advokat"


async def _statements(uow_factory: UowFactory, query: str, limit: int) -> list[str]:
    """The SQL a search runs, and that it found `limit` contacts."""
    seen: list[str] = []
    async with uow_factory() as uow:
        engine = uow.connection.sync_engine

        def record(_c: object, _cur: object, sql: str, *_: object) -> None:
            seen.append(sql)

        event.listen(engine, "before_cursor_execute", record)
        try:
            found = await uow.contacts.search(normalize(query), limit=limit)
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert len(found) == limit
    return seen


@pytest.mark.usefixtures("named")
async def test_a_page_of_prefix_matches_looks_up_nothing_else(uow_factory: UowFactory) -> None:
    # "eva": "eva dvorakova" and "eva novakova-dvorakova" start with it and fill a page of 2.
    (only,) = await _statements(uow_factory, "eva", limit=2)
    assert "contact_word" not in only and "contact_search" not in only
    # "dv" starts one name only: a page of 3 needs the word-start tier.
    assert any("contact_word" in sql for sql in await _statements(uow_factory, "dv", limit=3))


async def test_the_word_table_follows_saves_renames_and_deletes(uow_factory: UowFactory) -> None:
    await _save(uow_factory, company("CT1", "Jan Novák"), company("CT2", "Eva Dvořáková"))
    await _save(uow_factory, company("CT1", "Petr Svoboda"))  # renamed by an import
    async with uow_factory() as uow:
        await uow.contacts.save(company("CT2", "Eva Dvořáková-Malá", city="Brno"))
        await uow.commit()
    assert await _search(uow_factory, "nov") == []
    assert await _search(uow_factory, "svo pe") == ["CT1"]
    assert await _search(uow_factory, "ma") == ["CT2"]
    async with uow_factory() as uow:
        await uow.connection.execute(contact.delete().where(contact.c.no == "CT1"))
        await uow.commit()
    assert await _words(uow_factory) == {("dvorakova", "CT2"), ("eva", "CT2"), ("mala", "CT2")}


async def _words(uow_factory: UowFactory) -> set[tuple[str, str]]:
    async with uow_factory() as uow:
        rows = await uow.connection.execute(
            select(contact_word.c.word, contact.c.no).join_from(
                contact_word, contact, contact.c.id == contact_word.c.contact_id
            )
        )
        return {(row.word, row.no) for row in rows}


# "*" and "€" are in words for the domain but split them for SQLite's word index: such
# typed words are left to contact_word's probes.
_ALPHABET = "aábcčdeéíjknňoóprřsštuúvzžßü АБв*€" + WORD_SEPARATORS


async def test_storage_agrees_with_the_domain_on_generated_names(uow_factory: UowFactory) -> None:
    rng = random.Random(16)
    names = {
        f"G{n:03}": "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 14)))
        for n in range(90)  # fewer than CANDIDATES: every match is ranked, as the rule has it
    }
    await _save(uow_factory, *(company(no, name) for no, name in names.items()))
    expected_words = {
        (word, no) for no, name in names.items() for word in name_words(normalize(name))
    }
    assert await _words(uow_factory) == expected_words
    queries = {
        normalize(name)[i : i + rng.randint(1, 5)] for name in names.values() for i in (0, 2)
    }
    queries |= {
        " ".join(rng.sample(name_words(normalize(n)), 1))
        for n in names.values()
        if name_words(normalize(n))
    }
    queries |= {"a b", "ss u", "s", "аб в", "a*", "€ a", "a*b"}
    # Longer than the word index's prefixes: looked up as the whole words starting so.
    queries |= {
        w[:n]
        for n in (7, 8)
        for name in names.values()
        for w in name_words(normalize(name))
        if len(w) > n
    }
    for query in sorted({normalize(q) for q in queries} - {""}):
        ranked = sorted(
            (rank, normalize(name), name, no)
            for no, name in names.items()
            if (rank := search_rank(query, normalize(name))) is not None
        )
        assert await _search(uow_factory, query, limit=500) == [no for *_, no in ranked], query


async def test_the_word_tier_reads_through_the_word_indexes(uow_factory: UowFactory) -> None:
    await _save(uow_factory, *(company(f"C{n}", f"Name{n} Word{n}") for n in range(50)))
    async with uow_factory() as uow:
        conn = uow.connection
        stmt = apply_search(conn.dialect.name, select(contact.c.no), "wo na")
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        if conn.dialect.name == "postgresql":
            await conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = "\n".join(r[0] for r in await conn.exec_driver_sql("EXPLAIN " + sql))
            # On a table this small the probes may be hashed; the range is the key's.
            assert "pk_contact_word" in plan, plan
            assert "Seq Scan" not in plan, plan
        else:
            rows = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)
            plan = "\n".join(r[-1] for r in rows)
            assert "SEARCH contact_word USING PRIMARY KEY (word>? AND word<?)" in plan, plan
            assert "USING COVERING INDEX ix_contact_word_contact_id" in plan, plan
            assert "SCAN contact " not in plan and "SCAN contact_word" not in plan, plan


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_asks_the_word_index(uow_factory: UowFactory) -> None:
    await _save(uow_factory, *(company(f"C{n}", f"Name{n} Wordsmith{n}") for n in range(50)))
    async with uow_factory() as uow:
        conn = uow.connection
        # Up to WORD_PREFIXES characters a prefix of the index, longer the whole words.
        assert await word_match(conn, ["wo", "name1"]) == '"wo"* AND "name1"*'
        expanded = " OR ".join(f'"wordsmith{n}"' for n in ["4", *range(40, 50)])
        assert await word_match(conn, ["wordsmith4"]) == f"({expanded})"
        assert await word_match(conn, ["wordsmithx", "na"]) == ""  # starts no word
        assert await word_match(conn, ["a*b"]) is None  # two tokens for the index
        stmt = search_statement(
            "sqlite", select(contact.c.no), substring=None, words=2, indexed_words=True
        )
        values = search_parameters(
            "sqlite", "wo na", 9, words=["wo", "na"], word_match='"wo"* AND "na"*'
        )
        sql = stmt.params(values).compile(
            dialect=conn.dialect, compile_kwargs={"literal_binds": True}
        )
        plan = "\n".join(r[-1] for r in await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SCAN contact_search_words VIRTUAL TABLE" in plan, plan
        assert "USING COVERING INDEX ix_contact_word_contact_id" in plan, plan
        assert "SCAN contact " not in plan and "SCAN contact_word" not in plan, plan


async def test_the_range_read_is_the_one_that_finds_matches_soonest(
    uow_factory: UowFactory,
) -> None:
    # "pe" has the fewer words (10 against 14), but its range starts with names that have no
    # "sv"; the start of "sv" has "pe" in each: "sv" is read, whatever order they come in.
    names = (
        [f"Pecha{n} Novák" for n in range(6)]
        + [f"Svoboda Petr{n}" for n in range(4)]
        + [f"Svozil{n} Novák" for n in range(10)]
    )
    await _save(uow_factory, *(company(f"C{n}", name) for n, name in enumerate(names)))
    async with uow_factory() as uow:
        conn = uow.connection
        for words in (["pe", "sv"], ["sv", "pe"]):
            assert await word_order(conn, words, probed=4, sampled=4) == ["sv", "pe"]
        # Ranges of fewer than `probed` rows cost their rows: "pe" (10) before "no" (16).
        assert await word_order(conn, ["pe", "no"], probed=20, sampled=4) == ["pe", "no"]
        assert await word_order(conn, ["no", "pe"], probed=20, sampled=4) == ["pe", "no"]
