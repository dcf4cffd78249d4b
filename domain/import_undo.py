"""Undoing an unfinished contact import: which contacts it added must stay, because
something refers to them already."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from domain.model import ContactInteraction, SegmentLine


class Use(StrEnum):
    """What keeps a contact an unfinished import added when the import is undone: removing
    it would leave these pointing at a contact that no longer exists (there are no foreign
    keys). In the order they are looked at; a contact is kept for the first that applies."""

    INTERACTIONS = "interactions"
    DRAFTS = "drafts"
    SEGMENT_LINES = "segment_lines"


def uses(
    nos: Iterable[str],
    *,
    entries: Iterable[ContactInteraction],
    drafts: Iterable[ContactInteraction],
    lines: Iterable[SegmentLine],
) -> dict[str, Use]:
    """Of the contacts `nos`, those an interaction log entry (canceled and postponed ones
    too), a draft or a segment line refers to, as its contact or as its contact's company,
    each with the first Use that does."""
    wanted = set(nos)
    found: dict[str, Use] = {}
    referring: tuple[tuple[Use, Iterable[ContactInteraction | SegmentLine]], ...] = (
        (Use.INTERACTIONS, entries),
        (Use.DRAFTS, drafts),
        (Use.SEGMENT_LINES, lines),
    )
    for use, items in referring:
        for item in items:
            for no in (item.contact_no, item.contact_company_no):
                if no in wanted and no not in found:
                    found[no] = use
    return found
