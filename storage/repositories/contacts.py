"""Contacts: lookups, bulk saving, name search, segment criteria."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    FromClause,
    Row,
    Select,
    String,
    and_,
    bindparam,
    column,
    delete,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    table,
)
from sqlalchemy import insert as sa_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.criteria import company_number
from domain.import_undo import Use
from domain.model import Contact, ContactCriteria, ContactType
from domain.text import normalize, search_words
from storage.repositories.base import ReadOnce, Repository
from storage.search import (
    CANDIDATES,
    TRIGRAM,
    Way,
    casefolded,
    prefix_statement,
    search_parameters,
    search_statement,
)
from storage.search_lookups import start_words, word_match, word_order, word_starts
from storage.search_plan import StatisticsCache, choose
from storage.sql import inline, insert, json_rows, one_of, to_json, upsert
from storage.tables import contact as t
from storage.tables import draft, segment_line
from storage.tables import import_journal as _journal
from storage.tables import interaction_log_entry as entry

_company = t.alias("company")
_FROM = t.outerjoin(
    _company, and_(_company.c.no == t.c.company_no, t.c.type == ContactType.PERSON.value)
)
_DERIVED = ("id", "search_name", "phone_key", "mobile_phone_key")  # kept from the others
_COLUMNS = [c for c in t.c if c.name not in _DERIVED]
_WRITTEN = [c for c in t.c if c.name != "id"]
_WRITTEN_NAMES = [c.name for c in _WRITTEN]
BULK_CHUNK = 20_000
_STAGING = "contact_staging"
_staging = table(_STAGING, *(column(name) for name in _WRITTEN_NAMES), schema="temp")
# The search statement per (dialect, way to find substrings, typed words, through the word
# index), built once.
_SEARCHES: dict[tuple[str, Way | None, int, bool], Select[Any]] = {}
_STATISTICS = StatisticsCache()
# What refers to a contact, in the order of domain.import_undo.Use.
_REFERRING = ((Use.INTERACTIONS, entry), (Use.DRAFTS, draft), (Use.SEGMENT_LINES, segment_line))


def _select() -> Select[Any]:
    company_name = func.coalesce(_company.c.name, "").label("company_name")
    return select(*_COLUMNS, company_name).select_from(_FROM)


_BY_NO = inline(_select().where(t.c.no == bindparam("no")))
# The prefix tier alone (storage.search.prefix_statement), a page of it.
_PREFIX = (
    prefix_statement(_select()).limit(bindparam("page_limit")).offset(bindparam("page_offset"))
)


def _contact(row: Row[Any]) -> Contact:
    return Contact(
        no=row.no,
        name=row.name,
        type=ContactType(row.type),
        company_no=row.company_no,
        salesperson_code=row.salesperson_code,
        language_code=row.language_code,
        email=row.email,
        phone=row.phone,
        mobile_phone=row.mobile_phone,
        city=row.city,
        post_code=row.post_code,
        country=row.country,
        business_relations=frozenset(r for r in row.business_relations.split(";") if r),
        exclude_from_segment=bool(row.exclude_from_segment),
        privacy_blocked=bool(row.privacy_blocked),
        company_name=row.company_name,
    )


def _values(contact: Contact) -> dict[str, Any]:
    return {
        "no": contact.no,
        "name": contact.name,
        "search_name": contact.search_name,
        "type": contact.type.value,
        "company_no": contact.company_no,
        "salesperson_code": contact.salesperson_code,
        "language_code": contact.language_code,
        "email": contact.email,
        "phone": contact.phone,
        "mobile_phone": contact.mobile_phone,
        "city": contact.city,
        "post_code": contact.post_code,
        "country": contact.country,
        "business_relations": ";".join(sorted(contact.business_relations)),
        "exclude_from_segment": contact.exclude_from_segment,
        "privacy_blocked": contact.privacy_blocked,
        "phone_key": contact.phone_keys[0],
        "mobile_phone_key": contact.phone_keys[1],
    }


class SqlContactRepository(Repository):
    def __init__(self, conn: AsyncConnection) -> None:
        super().__init__(conn)
        self._read = ReadOnce[Contact]()

    async def get(self, no: str) -> Contact | None:
        return await self._read.get(no, lambda: self._load(no))

    async def _load(self, no: str) -> Contact | None:
        row = (await self._conn.execute(_BY_NO, {"no": no})).first()
        return _contact(row) if row else None

    async def save(self, contact: Contact) -> None:
        self._read.clear()
        values = _values(contact)
        stmt = upsert(self._dialect, t, keys=["no"], columns=_WRITTEN_NAMES)
        await self._conn.execute(stmt, values)

    async def save_many(self, contacts: Sequence[Contact]) -> None:
        """Inserts or updates many contacts: one INSERT ... SELECT ... ON CONFLICT per chunk,
        which leaves unchanged rows alone (re-imports are cheap)."""
        await self._save_values([_values(c) for c in contacts])

    async def _save_values(self, values: Sequence[dict[str, Any]]) -> None:
        if not values:
            return  # SQLite's staging table exists only once something was staged
        self._read.clear()
        updated = [name for name in _WRITTEN_NAMES if name != "no"]
        for start in range(0, len(values), BULK_CHUNK):
            source = await self._source(list(values[start : start + BULK_CHUNK]))
            base = insert(self._dialect, t)
            # "WHERE true" tells SQLite the ON CONFLICT belongs to the upsert, not to a join.
            rows = select(*(source.c[name] for name in _WRITTEN_NAMES)).where(literal(True))
            stmt = base.from_select(_WRITTEN_NAMES, rows).on_conflict_do_update(
                index_elements=["no"],
                set_={name: base.excluded[name] for name in updated},
                where=or_(*(t.c[name].is_distinct_from(base.excluded[name]) for name in updated)),
            )
            await self._conn.execute(stmt)
        if self._dialect == "sqlite":
            await self._conn.execute(delete(_staging))

    async def _source(self, rows: list[dict[str, Any]]) -> FromClause:
        """The rows as a FROM source. PostgreSQL: one JSON parameter. SQLite: a temporary
        table filled by executemany, since FTS5 triggers on `contact` flush the trigram index
        once per statement and 100k single-row statements would flush 100k times."""
        if self._dialect != "sqlite":
            return json_rows(self._dialect, rows, _WRITTEN)
        columns = ", ".join(_WRITTEN_NAMES)
        await self._conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING} ({columns})")
        await self._conn.execute(delete(_staging))
        await self._conn.execute(sa_insert(_staging), rows)
        return _staging

    async def import_owner(self) -> str | None:
        row = await self._conn.execute(select(_journal.c.before).where(_journal.c.contact_no == ""))
        return row.scalar()

    async def begin_import(self, owner: str) -> None:
        await self._conn.execute(sa_insert(_journal), {"contact_no": "", "before": owner})

    async def journal(self, nos: Sequence[str]) -> None:
        """Keeps how these contacts are now (None: absent), unless kept already."""
        if not nos:
            return
        found = await self._conn.execute(
            select(*_WRITTEN).where(one_of(self._dialect, t.c.no, nos))
        )
        before = {row.no: to_json(dict(row._mapping)) for row in found}
        stmt = insert(self._dialect, _journal).on_conflict_do_nothing(index_elements=["contact_no"])
        await self._conn.execute(stmt, [{"contact_no": no, "before": before.get(no)} for no in nos])

    async def finish_import(self) -> None:
        await self._conn.execute(delete(_journal).where(_journal.c.contact_no == ""))

    async def forget_journal(self, limit: int) -> int:
        kept = select(_journal.c.contact_no).where(_journal.c.contact_no != "").limit(limit)
        nos = list((await self._conn.execute(kept)).scalars())
        if nos:
            await self._conn.execute(
                delete(_journal).where(one_of(self._dialect, _journal.c.contact_no, nos))
            )
        return len(nos)

    async def undo_journal(self, limit: int) -> tuple[int, dict[str, Use]]:
        kept = select(_journal).where(_journal.c.contact_no != "").limit(limit)
        rows = (await self._conn.execute(kept)).all()
        self._read.clear()
        await self._save_values([json.loads(r.before) for r in rows if r.before is not None])
        added = [r.contact_no for r in rows if r.before is None]
        used = await self.uses(added)
        if absent := [no for no in added if no not in used]:
            await self._conn.execute(delete(t).where(one_of(self._dialect, t.c.no, absent)))
        nos = [r.contact_no for r in rows]
        if nos:
            await self._conn.execute(
                delete(_journal).where(one_of(self._dialect, _journal.c.contact_no, nos))
            )
        return len(rows), used

    async def uses(self, nos: Sequence[str]) -> dict[str, Use]:
        found: dict[str, Use] = {}
        for use, referring in _REFERRING:
            left = [no for no in nos if no not in found]
            for refers in (referring.c.contact_no, referring.c.contact_company_no):
                if not left:
                    break
                stmt = select(refers).distinct().where(one_of(self._dialect, refers, left))
                for no in (await self._conn.execute(stmt)).scalars():
                    found.setdefault(no, use)
        return found

    async def search(self, query: str, *, limit: int, offset: int = 0) -> list[Contact]:
        """Exact matches of the normalised name first, then prefix, then word-start, then
        substring matches (domain.text.search_rank)."""
        q = normalize(query)
        # The prefix matches alone first: a common start ("jan", "novak") fills the page
        # with them, and then nothing else is looked up (nor the typed words counted).
        page = {"page_limit": limit, "page_offset": offset}
        values = search_parameters(self._dialect, q, offset + limit, words=[])
        rows = (await self._conn.execute(_PREFIX, {**values, **page})).all()
        if len(rows) == limit:
            return [_contact(row) for row in rows]
        way: Way | None = None
        trigram = word_query = ""
        typed = search_words(q)
        if self._dialect == "sqlite" and len(typed) > 1:
            # The word index: the typed words' starts in contact order, merged in C. (One
            # typed word is one range of contact_word, every row of it a match: cheaper.)
            found = await word_match(self._conn, typed)
            if found == "":  # a typed word starts no word at all
                typed = []
            word_query = found or ""
        if len(q) >= TRIGRAM and await start_words(self._conn, word_starts(q)):
            way = Way.INDEX
            if self._dialect == "postgresql":
                statistics = await _STATISTICS.get(self._conn)
                way, trigram = choose(statistics, q, candidates=max(CANDIDATES, offset + limit))
        words = len(typed)
        indexed_words = bool(word_query)
        key = (self._dialect, way, words, indexed_words)
        stmt = _SEARCHES.get(key)
        if stmt is None:
            stmt = search_statement(
                self._dialect, _select(), substring=way, words=words, indexed_words=indexed_words
            )
            stmt = stmt.limit(bindparam("page_limit")).offset(bindparam("page_offset"))
            _SEARCHES[key] = stmt
        ordered = typed if indexed_words else await word_order(self._conn, typed)
        values = search_parameters(
            self._dialect,
            q,
            offset + limit,
            trigram=trigram,
            words=ordered,
            word_match=word_query,
        )
        found = await self._conn.execute(stmt, {**values, **page})
        return [_contact(row) for row in found]

    async def by_phone(self, key: str, *, limit: int) -> list[Contact]:
        """Through ix_contact_phone_key and ix_contact_mobile_phone_key."""
        if not key:
            return []
        stmt = (
            _select()
            .where(or_(t.c.phone_key == key, t.c.mobile_phone_key == key))
            .order_by(t.c.search_name, t.c.name, t.c.no)
            .limit(limit)
        )
        return [_contact(row) for row in await self._conn.execute(stmt)]

    async def matching(self, criteria: ContactCriteria) -> list[Contact]:
        """The contacts domain.criteria.matches, by number, in one query."""
        stmt = _select()
        for field, value in (
            (t.c.salesperson_code, criteria.salesperson_code),
            (t.c.post_code, criteria.post_code),
            (t.c.country, criteria.country),
            (t.c.company_no, criteria.company_no),
        ):
            if value:
                stmt = stmt.where(field == value)
        if criteria.city:  # case-insensitive, as users type it
            city = literal(criteria.city, String)
            stmt = stmt.where(
                casefolded(self._dialect, t.c.city) == casefolded(self._dialect, city)
            )
        if criteria.type is not None:
            stmt = stmt.where(t.c.type == criteria.type.value)
        if criteria.business_relation:
            relations = literal(";") + t.c.business_relations + literal(";")
            stmt = stmt.where(
                relations.contains(";" + criteria.business_relation + ";", autoescape=True)
            )
        if query := normalize(criteria.name_query):
            stmt = stmt.where(t.c.search_name.contains(query, autoescape=True))
        if criteria.company_query:  # domain.criteria.companies_named
            named = t.alias("named")
            by_name = normalize(criteria.company_query)
            same = named.c.no == company_number(criteria.company_query)
            if by_name:
                same = or_(same, named.c.search_name.contains(by_name, autoescape=True))
            stmt = stmt.where(
                t.c.company_no.in_(
                    select(named.c.no).where(named.c.type == ContactType.COMPANY.value, same)
                )
            )
        if criteria.has_template_code:
            stmt = stmt.where(
                exists().where(
                    entry.c.contact_no == t.c.no,
                    entry.c.template_code == criteria.has_template_code,
                    entry.c.postponed == false(),
                    entry.c.canceled == false(),
                )
            )
        if criteria.contact_nos:
            stmt = stmt.where(one_of(self._dialect, t.c.no, sorted(criteria.contact_nos)))
        rows = await self._conn.execute(stmt.order_by(t.c.no))
        return [_contact(row) for row in rows]

    async def persons_of(self, company_nos: Sequence[str]) -> list[Contact]:
        """domain.criteria.persons_of, in one query."""
        if not company_nos:
            return []
        stmt = _select().where(
            t.c.type == ContactType.PERSON.value, one_of(self._dialect, t.c.company_no, company_nos)
        )
        rows = await self._conn.execute(stmt.order_by(t.c.company_no, t.c.no))
        return [_contact(row) for row in rows]

    async def count(self) -> int:
        return int((await self._conn.execute(select(func.count()).select_from(t))).scalar_one())
