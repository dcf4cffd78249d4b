"""Contacts, with the search; which contacts criteria match comes from the domain."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from domain.criteria import companies_named, matches, persons_of, with_template
from domain.import_undo import Use, uses
from domain.model import (
    Contact,
    ContactCriteria,
)
from domain.text import search_rank
from tests.fakes.data import _Repo


class FakeContacts(_Repo):
    async def get(self, no: str) -> Contact | None:
        return copy.copy(self.d.contacts.get(no))

    async def save(self, contact: Contact) -> None:
        self.d.contacts[contact.no] = copy.copy(contact)

    async def save_many(self, contacts: Sequence[Contact]) -> None:
        for contact in contacts:
            await self.save(contact)

    async def search(self, query: str, *, limit: int, offset: int = 0) -> list[Contact]:
        ranked = [
            (rank, c.search_name, c.no, c)
            for c in self.d.contacts.values()
            if (rank := search_rank(query, c.search_name)) is not None
        ]
        ranked.sort(key=lambda r: r[:3])
        return [copy.copy(r[3]) for r in ranked[offset : offset + limit]]

    async def by_phone(self, key: str, *, limit: int) -> list[Contact]:
        found = [c for c in self.d.contacts.values() if key and key in c.phone_keys]
        found.sort(key=lambda c: (c.search_name, c.name, c.no))
        return [copy.copy(c) for c in found[:limit]]

    async def matching(self, criteria: ContactCriteria) -> list[Contact]:
        templated = with_template(self.d.entries.values(), criteria.has_template_code)
        companies = companies_named(self.d.contacts.values(), criteria.company_query)
        return [
            copy.copy(c)
            for c in sorted(self.d.contacts.values(), key=lambda c: c.no)
            if matches(c, criteria, with_template=templated, companies=companies)
        ]

    async def persons_of(self, company_nos: Sequence[str]) -> list[Contact]:
        return [copy.copy(c) for c in persons_of(self.d.contacts.values(), company_nos)]

    async def count(self) -> int:
        return len(self.d.contacts)

    async def import_owner(self) -> str | None:
        return self.d.import_owner

    async def begin_import(self, owner: str) -> None:
        self.d.import_owner = owner

    async def journal(self, nos: Sequence[str]) -> None:
        for no in nos:
            self.d.import_journal.setdefault(no, copy.copy(self.d.contacts.get(no)))

    async def finish_import(self) -> None:
        self.d.import_owner = None

    async def forget_journal(self, limit: int) -> int:
        nos = list(self.d.import_journal)[:limit]
        for no in nos:
            del self.d.import_journal[no]
        return len(nos)

    async def undo_journal(self, limit: int) -> tuple[int, dict[str, Use]]:
        nos = list(self.d.import_journal)[:limit]
        used = await self.uses([no for no in nos if self.d.import_journal[no] is None])
        for no in nos:
            before = self.d.import_journal.pop(no)
            if before is not None:
                self.d.contacts[no] = before
            elif no not in used:
                self.d.contacts.pop(no, None)
        return len(nos), used

    async def uses(self, nos: Sequence[str]) -> dict[str, Use]:
        return uses(
            nos,
            entries=self.d.entries.values(),
            drafts=self.d.drafts.values(),
            lines=self.d.lines.values(),
        )
