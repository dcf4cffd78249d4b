"""Entities of Relationship Management, named after their Business Central counterparts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from typing import Any

from domain.text import normalize, phone_key


class ContactType(StrEnum):
    COMPANY = "company"
    PERSON = "person"


class InformationFlow(StrEnum):
    BLANK = ""
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class InitiatedBy(StrEnum):
    BLANK = ""
    US = "us"
    THEM = "them"


class Evaluation(StrEnum):
    BLANK = ""
    VERY_POSITIVE = "very_positive"
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    VERY_NEGATIVE = "very_negative"


class AttachmentKind(StrEnum):
    VOICE = "voice"
    PHOTO = "photo"
    DOCUMENT = "document"


DESCRIPTION_MAX = 100  # Text[100] in Business Central
CODE_MAX = 20
NAME_MAX = 100


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: AttachmentKind
    file_id: str


@dataclass(frozen=True, slots=True)
class Location:
    latitude: float
    longitude: float


@dataclass(slots=True)
class Salesperson:
    code: str
    name: str
    email: str = ""
    blocked: bool = False


@dataclass(slots=True)
class Contact:
    no: str
    name: str
    type: ContactType = ContactType.COMPANY
    company_no: str = ""
    salesperson_code: str = ""
    language_code: str = ""
    email: str = ""
    phone: str = ""
    mobile_phone: str = ""
    city: str = ""
    post_code: str = ""
    country: str = ""
    business_relations: frozenset[str] = frozenset()
    exclude_from_segment: bool = False
    privacy_blocked: bool = False
    company_name: str = ""  # denormalised for display; empty for companies

    def __post_init__(self) -> None:
        # A company points to itself, as in Business Central.
        if self.type is ContactType.COMPANY and not self.company_no:
            self.company_no = self.no

    @property
    def search_name(self) -> str:
        return normalize(self.name)

    @property
    def phone_keys(self) -> tuple[str, str]:
        """domain.text.phone_key of the phone and the mobile phone number."""
        return phone_key(self.phone), phone_key(self.mobile_phone)


@dataclass(slots=True)
class InteractionGroup:
    code: str
    description: str = ""
    # Its description in Czech (BC's Interaction Tmpl. Language); empty: `description`.
    description_cs: str = ""


@dataclass(slots=True)
class InteractionTemplate:
    code: str
    group_code: str
    description: str = ""
    unit_cost: Decimal = Decimal(0)
    unit_duration: int = 0
    information_flow: InformationFlow = InformationFlow.BLANK
    initiated_by: InitiatedBy = InitiatedBy.BLANK
    campaign_no: str = ""
    correspondence_type: str = ""
    # The step that usually follows (Odoo's chained activities): "Log and schedule next"
    # offers a to-do with this template so many days after the entry.
    next_template_code: str = ""
    next_in_days: int | None = None
    # Its description in Czech (BC's Interaction Tmpl. Language); empty: `description`.
    description_cs: str = ""


@dataclass(slots=True, kw_only=True)
class Interaction:
    """What an interaction is, wherever it is held: a draft being filled in, a log entry, a
    segment (for all its lines) and a segment line all have these fields, with one meaning.
    A field added here is on all four; storage declares their columns once
    (storage/tables.py `_interaction_columns`) and maps them by name, and the rules copy them
    as a set (domain.segment_rules, domain.services.interactions).

    Not here: the salesperson and the date (on a line, empty means "the header's"), the
    campaign (a line's is its header's), and what only drafts and entries have."""

    template_code: str = ""
    description: str = ""
    cost: Decimal = Decimal(0)  # "Unit Cost (LCY)" on a segment and its lines in BC
    duration: int = 0  # "Unit Duration (Min.)" there
    information_flow: InformationFlow = InformationFlow.BLANK
    initiated_by: InitiatedBy = InitiatedBy.BLANK


@dataclass(slots=True, kw_only=True)
class ContactInteraction(Interaction):
    """An interaction with one contact, whether still a draft or logged: what a draft and a
    log entry share (a field only they have goes here)."""

    contact_no: str
    contact_company_no: str
    date: dt.date
    time: dt.time
    salesperson_code: str
    group_code: str = ""
    evaluation: Evaluation = Evaluation.BLANK
    attempt_failed: bool = False
    campaign_no: str = ""
    attachment: Attachment | None = None
    location: Location | None = None


INTERACTION_FIELDS = tuple(f.name for f in fields(Interaction))
CONTACT_INTERACTION_FIELDS = tuple(f.name for f in fields(ContactInteraction))


def interaction_of(item: Interaction) -> dict[str, Any]:
    """The Interaction fields of `item`, as keyword arguments for another holder of them."""
    return {name: getattr(item, name) for name in INTERACTION_FIELDS}


def contact_interaction_of(item: ContactInteraction) -> dict[str, Any]:
    """The ContactInteraction fields of a draft or an entry, as keyword arguments."""
    return {name: getattr(item, name) for name in CONTACT_INTERACTION_FIELDS}


@dataclass(slots=True)
class InteractionLogEntry(ContactInteraction):
    """One logged (or postponed) interaction. `entry_no` is None until it is stored."""

    entry_no: int | None
    user_id: str
    segment_no: str = ""
    logged_segment_entry_no: int | None = None
    canceled: bool = False
    postponed: bool = False


@dataclass(slots=True)
class Draft(ContactInteraction):
    """The interaction a user is filling in; `entry_no` is set when it resumes a postponed one."""

    id: int | None
    user_id: int
    entry_no: int | None = None


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A notification written with the change it reports, sent after commit."""

    id: int | None
    chat_id: int
    text: str
    attempts: int = 0
    # Rows of (label, callback data): a reminder's buttons.
    buttons: tuple[tuple[tuple[str, str], ...], ...] | None = None
    # A photo or document made when it is sent (the bot's SendFile without its chat):
    # what to make, not the bytes. The text is then its caption.
    attachment: dict[str, Any] | None = None


@dataclass(slots=True)
class SegmentLine(Interaction):
    segment_no: str
    line_no: int
    contact_no: str
    contact_company_no: str
    salesperson_code: str = ""
    date: dt.date | None = None
    template_overridden: bool = False


@dataclass(slots=True)
class Segment(Interaction):
    no: str
    salesperson_code: str = ""
    date: dt.date | None = None
    campaign_no: str = ""


@dataclass(frozen=True, slots=True)
class SegmentSummary:
    """What /logsegment previews: counts and totals without loading every line."""

    segment: Segment
    lines: int
    total_cost: Decimal
    total_duration: int
    lines_without_template: int


@dataclass(slots=True)
class LoggedSegment:
    entry_no: int
    segment_no: str
    description: str
    creation_date: dt.date
    user_id: str
    canceled: bool = False


@dataclass(slots=True)
class NumberSeries:
    code: str
    prefix: str
    width: int
    next_no: int = 1

    def take(self) -> str:
        number = f"{self.prefix}{self.next_no:0{self.width}d}"
        self.next_no += 1
        return number


@dataclass(slots=True)
class MarketingSetup:
    contact_nos: str = "CONT"
    segment_nos: str = "SEGM"
    todo_nos: str = "TODO"
    default_salesperson_code: str = ""
    default_language_code: str = "en"


@dataclass(slots=True)
class User:
    """A Telegram user allowed to use the bot, acting as one salesperson."""

    telegram_id: int
    salesperson_code: str
    is_admin: bool = False
    # Chosen with /language; empty until then (the chat follows the Telegram app's).
    language_code: str = ""
    agenda: bool = True  # the morning agenda (/agenda on|off)
    # The salesperson's blocked flag, read with the user (not stored with it): every
    # service refuses a blocked salesperson without reading them again.
    salesperson_blocked: bool = False


@dataclass(frozen=True, slots=True)
class ContactStatistics:
    interactions: int = 0
    cost: Decimal = Decimal(0)
    duration: int = 0
    last_date: dt.date | None = None
    last_attempted: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ContactCriteria:
    """Filters for adding contacts to or removing them from a segment; empty = any."""

    type: ContactType | None = None
    salesperson_code: str = ""
    city: str = ""
    post_code: str = ""
    country: str = ""
    business_relation: str = ""
    company_no: str = ""
    company_query: str = ""  # a company's number or part of its name: it and its persons
    name_query: str = ""
    has_template_code: str = ""
    contact_nos: frozenset[str] = field(default_factory=frozenset)


class TodoType(StrEnum):
    PHONE_CALL = "phone_call"
    MEETING = "meeting"
    VISIT = "visit"
    OTHER = "other"


class TodoStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELED = "canceled"


@dataclass(slots=True, kw_only=True)
class Todo:
    """BC's To-do: something a salesperson is to do with a contact on a date (at a time,
    when given), with the interaction template it will use; closed when done (linked to the
    entry that did it) or canceled. `remind_at` is the local wall time its reminder is due
    (the agenda time for a to-do without a time); `reminded` once it was sent."""

    no: str
    contact_no: str
    salesperson_code: str
    date: dt.date
    time: dt.time | None = None
    type: TodoType = TodoType.OTHER
    template_code: str = ""
    description: str = ""
    status: TodoStatus = TodoStatus.OPEN
    created_by_entry_no: int | None = None
    closed_by_entry_no: int | None = None
    remind_at: dt.datetime | None = None
    reminded: bool = False

    def overdue(self, now: dt.datetime) -> bool:
        if self.status is not TodoStatus.OPEN:
            return False
        if self.time is None:
            return self.date < now.date()
        return dt.datetime.combine(self.date, self.time) < now
