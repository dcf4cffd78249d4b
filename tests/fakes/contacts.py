"""Contacts, with the search and the criteria of segments."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from domain.model import (
    Contact,
    ContactCriteria,
)
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
        def rank(c: Contact) -> tuple[int, str, str]:
            name = c.search_name
            order = 0 if name == query else 1 if name.startswith(query) else 2
            return (order, name, c.no)

        # Like the real indexes: under three characters only a prefix can be looked up.
        if len(query) < 3:
            found = [c for c in self.d.contacts.values() if c.search_name.startswith(query)]
        else:
            found = [c for c in self.d.contacts.values() if query in c.search_name]
        return [copy.copy(c) for c in sorted(found, key=rank)[offset : offset + limit]]

    async def matching(self, criteria: ContactCriteria) -> list[Contact]:
        return [
            copy.copy(c)
            for c in sorted(self.d.contacts.values(), key=lambda c: c.no)
            if self._matches(c, criteria)
        ]

    def _matches(self, c: Contact, k: ContactCriteria) -> bool:
        with_template = {
            e.contact_no
            for e in self.d.entries.values()
            if e.template_code == k.has_template_code and not e.postponed and not e.canceled
        }
        return all(
            (
                k.type is None or c.type is k.type,
                not k.salesperson_code or c.salesperson_code == k.salesperson_code,
                not k.city or c.city.casefold() == k.city.casefold(),
                not k.post_code or c.post_code == k.post_code,
                not k.country or c.country == k.country,
                not k.business_relation or k.business_relation in c.business_relations,
                not k.company_no or c.company_no == k.company_no,
                not k.name_query or k.name_query in c.search_name,
                not k.has_template_code or c.no in with_template,
                not k.contact_nos or c.no in k.contact_nos,
            )
        )

    async def persons_of(self, company_nos: Sequence[str]) -> list[Contact]:
        return [
            copy.copy(c)
            for c in self.d.contacts.values()
            if c.company_no in company_nos and c.no != c.company_no
        ]

    async def count(self) -> int:
        return len(self.d.contacts)
