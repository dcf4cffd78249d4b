"""What the chat shows, assembled by the services from what they read anyway: a step gets
its card or list from one service call and reads nothing itself."""

from __future__ import annotations

from dataclasses import dataclass

from domain.events import InteractionPostponed
from domain.model import (
    Contact,
    Draft,
    InteractionLogEntry,
    InteractionTemplate,
    SegmentLine,
    SegmentSummary,
)


@dataclass(frozen=True, slots=True)
class DraftCard:
    """An interaction being filled in, with its contact and (once chosen) its template;
    `set_aside` is the interaction that was open before and was postponed to start this one."""

    draft: Draft
    contact: Contact
    template: InteractionTemplate | None
    set_aside: InteractionPostponed | None = None


@dataclass(frozen=True, slots=True)
class RecentChoice:
    """A (contact, template) pair the salesperson logged lately: one tap to its card."""

    contact: Contact
    template: InteractionTemplate


@dataclass(frozen=True, slots=True)
class PostponedItem:
    entry: InteractionLogEntry
    contact_name: str
    template_description: str

    @property
    def details(self) -> list[str]:
        """What tells this interaction apart beyond its date and contact: the template, and
        the description unless it only repeats the template's (as it does until edited).
        Nothing for a field not filled in yet."""
        template = self.template_description or self.entry.template_code
        description = self.entry.description
        shown = [template] if template else []
        if description and description.strip().casefold() != template.strip().casefold():
            shown.append(description)
        return shown


@dataclass(frozen=True, slots=True)
class PostponedPage:
    total: int
    page: int  # the page asked for, or the last one if the list shrank below it
    items: list[PostponedItem]


@dataclass(frozen=True, slots=True)
class SegmentCard:
    summary: SegmentSummary
    template_description: str
    salesperson_name: str = ""  # of the segment's salesperson, if it has one


@dataclass(frozen=True, slots=True)
class LineItem:
    line: SegmentLine
    contact_name: str
