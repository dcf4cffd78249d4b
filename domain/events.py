"""What happened, for whoever needs to hear of it (the team chat, the user)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import Contact, InteractionLogEntry, InteractionTemplate, LoggedSegment, Segment


@dataclass(frozen=True, slots=True)
class InteractionLogged:
    entry: InteractionLogEntry
    contact: Contact
    template: InteractionTemplate
    resumed: bool


@dataclass(frozen=True, slots=True)
class InteractionPostponed:
    entry: InteractionLogEntry
    contact: Contact


@dataclass(frozen=True, slots=True)
class InteractionDiscarded:
    """An interaction being filled in was dropped; `entry_no` is the postponed entry it had
    resumed, which stays as it was."""

    contact: Contact
    entry_no: int | None


@dataclass(frozen=True, slots=True)
class SegmentLogged:
    logged: LoggedSegment
    segment: Segment
    template_description: str
    entries: int
    follow_up_no: str | None
