"""The schema, as SQLAlchemy Core tables. The alembic migrations create it; this mirrors them.

There are no foreign keys: references are checked where the domain needs them (e.g.
`SegmentRepository.invalid_lines`), and bulk writes of 100k rows stay free of per-row checks.
Types are chosen to mean the same on SQLite and PostgreSQL: money is Numeric(18, 2), dates
are Date, times are Time, timestamps are aware UTC (`UtcDateTime`). Enums are stored as their
string values. The SQLite FTS5 table `contact_search` is not listed here: it is created (with
its triggers) by the migration only, see `storage.search`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Time,
    false,
    text,
    true,
)

from storage.types import UtcDateTime

CODE = 20  # Code[20] in Business Central
NAME = 100
DESCRIPTION = 100
USER_ID = 50

Money = Numeric(18, 2)
SEARCH_NAME = String().with_variant(String(collation="C"), "postgresql")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _code(name: str) -> Column[str]:
    return Column(name, String(CODE), nullable=False, server_default="")


def _text(name: str) -> Column[str]:
    return Column(name, String, nullable=False, server_default="")


def _flag(name: str) -> Column[bool]:
    return Column(name, Boolean, nullable=False, server_default=false())


def _interaction_columns(*, description_length: int | None = DESCRIPTION) -> list[Column[Any]]:
    """The columns of domain.model.Interaction, named after its fields, in each of the four
    tables that hold one (draft, interaction_log_entry, segment_header, segment_line): a
    field added there is one column added here and one migration."""
    return [
        _code("template_code"),
        Column("description", String(description_length), nullable=False, server_default=""),
        Column("cost", Money, nullable=False, server_default="0"),
        Column("duration", Integer, nullable=False, server_default="0"),
        Column("information_flow", String(10), nullable=False, server_default=""),
        Column("initiated_by", String(10), nullable=False, server_default=""),
    ]


def _contact_interaction_columns(
    *, description_length: int | None = DESCRIPTION
) -> list[Column[Any]]:
    """The columns of domain.model.ContactInteraction: the two tables of drafts and entries."""
    return [
        *_interaction_columns(description_length=description_length),
        _code("contact_no"),
        _code("contact_company_no"),
        Column("date", Date, nullable=False),
        Column("time", Time, nullable=False),
        _code("salesperson_code"),
        _code("group_code"),
        Column("evaluation", String(20), nullable=False, server_default=""),
        _flag("attempt_failed"),
        _code("campaign_no"),
        Column("attachment_kind", String(10), nullable=True),
        Column("attachment_file_id", String, nullable=True),
        Column("latitude", Float, nullable=True),
        Column("longitude", Float, nullable=True),
    ]


salesperson = Table(
    "salesperson",
    metadata,
    Column("code", String(CODE), primary_key=True),
    Column("name", String(NAME), nullable=False, server_default=""),
    _text("email"),
    _flag("blocked"),
)

app_user = Table(
    "app_user",
    metadata,
    Column("telegram_id", BigInteger, primary_key=True, autoincrement=False),
    _code("salesperson_code"),
    _flag("is_admin"),
    # The language the user chose with /language; empty: their Telegram app's.
    Column("language_code", String(10), nullable=False, server_default=""),
    Column("agenda", Boolean, nullable=False, server_default=true()),
)

# `id` is a surrogate key only for SQLite's FTS5 index, whose rows must be tied to a rowid that
# VACUUM cannot renumber (an INTEGER PRIMARY KEY); the contact's key everywhere else is `no`.
contact = Table(
    "contact",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("no", String(CODE), nullable=False, unique=True),
    Column("name", String(NAME), nullable=False, server_default=""),
    # Bytewise order on both databases (SQLite's BINARY, "C" on PostgreSQL), so that the
    # prefix range and ORDER BY of the search read the btree below in order.
    Column("search_name", SEARCH_NAME, nullable=False, server_default=""),
    Column("type", String(10), nullable=False, server_default="company"),
    _code("company_no"),
    _code("salesperson_code"),
    Column("language_code", String(10), nullable=False, server_default=""),
    _text("email"),
    _text("phone"),
    _text("mobile_phone"),
    _text("city"),
    _text("post_code"),
    _text("country"),
    Column("business_relations", Text, nullable=False, server_default=""),
    _flag("exclude_from_segment"),
    _flag("privacy_blocked"),
    # domain.text.phone_key of phone and mobile_phone: a shared phone contact is looked up.
    _text("phone_key"),
    _text("mobile_phone_key"),
    Index("ix_contact_company_no", "company_no"),
    # Exact and prefix search, in result order: a range of search_name read in index order.
    Index("ix_contact_search_name", "search_name", "name", "no"),
    Index("ix_contact_phone_key", "phone_key"),
    Index("ix_contact_mobile_phone_key", "mobile_phone_key"),
)

# Substring search on PostgreSQL (pg_trgm); SQLite uses the FTS5 table instead.
TRIGRAM_INDEX = "ix_contact_search_name_trgm"
Index(
    TRIGRAM_INDEX,
    contact.c.search_name,
    postgresql_using="gin",
    postgresql_ops={"search_name": "gin_trgm_ops"},
).ddl_if(dialect="postgresql")

interaction_group = Table(
    "interaction_group",
    metadata,
    Column("code", String(CODE), primary_key=True),
    Column("description", String(DESCRIPTION), nullable=False, server_default=""),
    Column("description_cs", String(DESCRIPTION), nullable=False, server_default=""),
)

interaction_template = Table(
    "interaction_template",
    metadata,
    Column("code", String(CODE), primary_key=True),
    _code("group_code"),
    Column("description", String(DESCRIPTION), nullable=False, server_default=""),
    Column("unit_cost", Money, nullable=False, server_default="0"),
    Column("unit_duration", Integer, nullable=False, server_default="0"),
    Column("information_flow", String(10), nullable=False, server_default=""),
    Column("initiated_by", String(10), nullable=False, server_default=""),
    _code("campaign_no"),
    _code("correspondence_type"),
    _code("next_template_code"),
    Column("next_in_days", Integer, nullable=True),
    Column("description_cs", String(DESCRIPTION), nullable=False, server_default=""),
)

interaction_log_entry = Table(
    "interaction_log_entry",
    metadata,
    Column("entry_no", Integer, primary_key=True, autoincrement=False),
    *_contact_interaction_columns(),
    Column("user_id", String(USER_ID), nullable=False, server_default=""),
    _code("segment_no"),
    Column("logged_segment_entry_no", Integer, nullable=True),
    _flag("canceled"),
    _flag("postponed"),
    Index("ix_interaction_log_entry_contact_no_date", "contact_no", "date"),
    # A salesperson's postponed entries newest first, a page at a time (read backwards).
    Index(
        "ix_interaction_log_entry_postponed",
        "salesperson_code",
        "postponed",
        "date",
        "time",
        "entry_no",
    ),
    Index("ix_interaction_log_entry_logged_segment_entry_no", "logged_segment_entry_no"),
    # The scheduler's postponed reminders: the few postponed entries of everyone, oldest
    # first, without reading the log.
    Index(
        "ix_interaction_log_entry_postponed_date",
        "date",
        "time",
        "entry_no",
        sqlite_where=text("postponed = 1"),
        postgresql_where=text("postponed = true"),
    ),
    Index("ix_interaction_log_entry_contact_company_no", "contact_company_no"),
    # Covers the /stats charts' sums (storage/repositories/activity.py): a date range read
    # from the index alone.
    Index(
        "ix_interaction_log_entry_activity",
        "date",
        "salesperson_code",
        "group_code",
        "canceled",
        "postponed",
        "attempt_failed",
        "cost",
        "duration",
    ),
)

# Entries per salesperson and template (domain.usage), kept in step with the log in the
# transactions that write it, so that offering templates never counts the log.
template_usage = Table(
    "template_usage",
    metadata,
    Column("salesperson_code", String(CODE), nullable=False),
    Column("template_code", String(CODE), nullable=False),
    Column("entries", Integer, nullable=False),
    PrimaryKeyConstraint("salesperson_code", "template_code"),
)

segment_header = Table(
    "segment_header",
    metadata,
    Column("no", String(CODE), primary_key=True),
    *_interaction_columns(),
    _code("salesperson_code"),
    Column("date", Date, nullable=True),
    _code("campaign_no"),
)

segment_line = Table(
    "segment_line",
    metadata,
    Column("segment_no", String(CODE), nullable=False),
    Column("line_no", Integer, nullable=False, autoincrement=False),
    _code("contact_no"),
    _code("contact_company_no"),
    *_interaction_columns(),
    _code("salesperson_code"),
    Column("date", Date, nullable=True),
    _flag("template_overridden"),
    PrimaryKeyConstraint("segment_no", "line_no"),
    Index("ix_segment_line_segment_no_contact_no", "segment_no", "contact_no"),
)

logged_segment = Table(
    "logged_segment",
    metadata,
    Column("entry_no", Integer, primary_key=True, autoincrement=False),
    _code("segment_no"),
    Column("description", String(DESCRIPTION), nullable=False, server_default=""),
    Column("creation_date", Date, nullable=False),
    Column("user_id", String(USER_ID), nullable=False, server_default=""),
    _flag("canceled"),
    Index("ix_logged_segment_segment_no", "segment_no"),
)

number_series = Table(
    "number_series",
    metadata,
    Column("code", String(CODE), primary_key=True),
    Column("prefix", String(CODE), nullable=False, server_default=""),
    Column("width", Integer, nullable=False),
    Column("next_no", Integer, nullable=False, server_default="1"),
)

marketing_setup = Table(
    "marketing_setup",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("contact_nos", String(CODE), nullable=False, server_default=""),
    Column("segment_nos", String(CODE), nullable=False, server_default=""),
    Column("todo_nos", String(CODE), nullable=False, server_default="TODO"),
    _code("default_salesperson_code"),
    Column("default_language_code", String(10), nullable=False, server_default="en"),
    CheckConstraint("id = 1", name="single_row"),
)

# AUTOINCREMENT on SQLite: an id once used never comes back (as with PostgreSQL's
# sequence). The chat state keeps draft ids (the open one, the one a to-do's "Log now"
# started): a freed id reused by the next draft would pass for the one that went.
draft = Table(
    "draft",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False),
    # Unbounded: the description may be typed longer than Text[100] before it is checked.
    *_contact_interaction_columns(description_length=None),
    Column("entry_no", Integer, nullable=True),
    Index("ix_draft_user_id", "user_id"),
    sqlite_autoincrement=True,
)

counter = Table(
    "counter",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("next_value", Integer, nullable=False),
)

# Names of the rows in `counter`, seeded by the initial migration.
ENTRY_COUNTER = "interaction_log_entry"
LOGGED_SEGMENT_COUNTER = "logged_segment"
COUNTERS = (ENTRY_COUNTER, LOGGED_SEGMENT_COUNTER)

chat_state = Table(
    "chat_state",
    metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("payload", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("updated_at", UtcDateTime, nullable=False),
    # The reply to the user's latest update, until it was sent: if the process dies first,
    # Telegram's redelivery of that update re-sends it.
    Column("pending_update_id", BigInteger, nullable=True),
    Column("pending_reply", Text, nullable=True),
)

processed_update = Table(
    "processed_update",
    metadata,
    Column("bot_id", BigInteger, nullable=False, autoincrement=False),
    Column("update_id", BigInteger, nullable=False, autoincrement=False),
    Column("processed_at", UtcDateTime, nullable=False),
    # The update as fetched, while it waits to be handled; NULL once handled.
    Column("payload", Text, nullable=True),
    PrimaryKeyConstraint("bot_id", "update_id"),
    Index("ix_processed_update_processed_at", "processed_at"),
)

# Updates that could not be read or handled: confirmed to Telegram and recorded as handled
# (so that nothing repeats them), and kept here with their error for an administrator
# (`interlog updates failed`).
failed_update = Table(
    "failed_update",
    metadata,
    Column("bot_id", BigInteger, nullable=False, autoincrement=False),
    Column("update_id", BigInteger, nullable=False, autoincrement=False),
    Column("failed_at", UtcDateTime, nullable=False),
    Column("error", Text, nullable=False),
    Column("payload", Text, nullable=False),
    PrimaryKeyConstraint("bot_id", "update_id"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_try_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("last_error", Text, nullable=False, server_default=""),
    # The message's buttons (JSON rows of [label, callback data]), for reminders.
    Column("keyboard", Text, nullable=True),
    # A photo or document to make when sending (JSON; the text is its caption): the weekly
    # digest's chart.
    Column("attachment", Text, nullable=True),
    Index("ix_outbox_sent_at_next_try_at", "sent_at", "next_try_at"),
)

# BC's To-do. `remind_at` is local wall time (as entries' date and time are), so a
# reminder follows the salespeople's clock across daylight-saving changes.
todo = Table(
    "todo",
    metadata,
    Column("no", String(CODE), primary_key=True),
    _code("contact_no"),
    _code("salesperson_code"),
    Column("type", String(20), nullable=False, server_default="other"),
    _code("template_code"),
    Column("date", Date, nullable=False),
    Column("time", Time, nullable=True),
    Column("description", String(DESCRIPTION), nullable=False, server_default=""),
    Column("status", String(10), nullable=False, server_default="open"),
    Column("created_by_entry_no", Integer, nullable=True),
    Column("closed_by_entry_no", Integer, nullable=True),
    Column("remind_at", DateTime(timezone=False), nullable=True),
    _flag("reminded"),
    # /todo and the agenda: a salesperson's open to-dos by date.
    Index("ix_todo_salesperson_code_status_date", "salesperson_code", "status", "date"),
    # The scheduler: open to-dos not yet reminded, by when the reminder is due.
    Index("ix_todo_status_reminded_remind_at", "status", "reminded", "remind_at"),
    Index("ix_todo_created_by_entry_no", "created_by_entry_no"),
    Index("ix_todo_contact_no", "contact_no"),
)

# What the scheduler did once and must not do again, across restarts and instances: the
# row is inserted in the transaction that queues the message, and its key is unique.
schedule_mark = Table(
    "schedule_mark",
    metadata,
    Column("kind", String(20), nullable=False),
    Column("key", String(80), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("kind", "key"),
)

# A contact import written in chunks keeps here how each contact it touches was before
# (NULL: it did not exist), so that an import that fails or is killed can be undone. The
# row with the empty number names the import while it runs (see cli/csv_import.py).
import_journal = Table(
    "import_journal",
    metadata,
    Column("contact_no", String(CODE), primary_key=True),
    Column("before", Text, nullable=True),
)
