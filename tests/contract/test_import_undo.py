"""Undoing an unfinished import keeps the contacts it added that something refers to: the
same on the fakes, SQLite and PostgreSQL as domain.import_undo.uses says."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from domain.import_undo import Use, uses
from domain.model import Contact, ContactCriteria, Draft, InteractionLogEntry, Segment, SegmentLine
from tests.contract.conftest import UowFactory

DAY = dt.date(2026, 12, 1)
AT = dt.time(10, 30)


async def test_undo_keeps_the_added_contacts_something_refers_to(backend: UowFactory) -> None:
    async with backend() as uow:
        await uow.contacts.save(Contact("CT1", "Before"))
        await uow.contacts.begin_import("host:1")
        added = ["N1", "N2", "N3", "N4", "N5", "N6"]
        await uow.contacts.journal(["CT1", *added])
        await uow.contacts.save_many([Contact(no, f"Imported {no}") for no in ["CT1", *added]])
        entry = InteractionLogEntry(  # N5 is the company of N1
            entry_no=None,
            user_id="1001",
            contact_no="N1",
            contact_company_no="N5",
            date=DAY,
            time=AT,
            salesperson_code="JN",
            canceled=True,
        )
        await uow.entries.add(entry)
        postponed = replace(entry, contact_no="N6", contact_company_no="", postponed=True)
        await uow.entries.add(postponed)
        drafts = [_draft(no) for no in ("N1", "N2")]  # N1 is kept for its entry, the first
        for draft in drafts:
            await uow.drafts.add(draft)
        await uow.segments.add(Segment(no="SEG1"))
        line = SegmentLine(segment_no="SEG1", line_no=10000, contact_no="N3", contact_company_no="")
        await uow.segments.add_lines([line])

        expected = {
            "N1": Use.INTERACTIONS,
            "N5": Use.INTERACTIONS,
            "N6": Use.INTERACTIONS,
            "N2": Use.DRAFTS,
            "N3": Use.SEGMENT_LINES,
        }
        entries = [entry, postponed]
        assert uses(["CT1", *added], entries=entries, drafts=drafts, lines=[line]) == expected
        assert await uow.contacts.uses(["CT1", *added, "CT9"]) == expected

        assert await uow.contacts.undo_journal(100) == (7, expected)
        assert await uow.contacts.undo_journal(100) == (0, {})
        left = {c.no: c.name for c in await uow.contacts.matching(ContactCriteria())}
        kept = {no: f"Imported {no}" for no in expected}
        assert left == {"CT1": "Before", **kept}, "CT1 restored, N4 removed"
        assert await uow.contacts.import_owner() == "host:1"  # undo_journal leaves it


def _draft(no: str) -> Draft:
    return Draft(
        id=None,
        user_id=1001,
        contact_no=no,
        contact_company_no="",
        date=DAY,
        time=AT,
        salesperson_code="JN",
    )
