"""Initial schema: every table, the search indexes, the entry counters.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# Frozen copies of the column helpers in storage.tables: a migration must not change later.


def _code(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(20), nullable=False, server_default="")


def _str(name: str, length: int | None = None) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False, server_default="")


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _int(name: str, default: str = "0") -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False, server_default=default)


def _money(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Numeric(18, 2), nullable=False, server_default="0")


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _media() -> list[sa.Column[object]]:
    return [
        sa.Column("attachment_kind", sa.String(10), nullable=True),
        sa.Column("attachment_file_id", sa.String(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
    ]


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


# SQLite: an external-content trigram FTS5 table over contact.search_name, kept in sync by the
# triggers of the FTS5 documentation. Its rowid is contact.id, an INTEGER PRIMARY KEY, which
# (unlike an implicit rowid) VACUUM never renumbers.
_SQLITE_SEARCH = [
    """
    CREATE VIRTUAL TABLE contact_search USING fts5(
        search_name, content='contact', content_rowid='id', tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN
        INSERT INTO contact_search (rowid, search_name) VALUES (new.id, new.search_name);
    END
    """,
    """
    CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN
        INSERT INTO contact_search (contact_search, rowid, search_name)
        VALUES ('delete', old.id, old.search_name);
    END
    """,
    """
    CREATE TRIGGER contact_search_update AFTER UPDATE OF id, search_name ON contact
    WHEN old.search_name IS NOT new.search_name OR old.id IS NOT new.id BEGIN
        INSERT INTO contact_search (contact_search, rowid, search_name)
        VALUES ('delete', old.id, old.search_name);
        INSERT INTO contact_search (rowid, search_name) VALUES (new.id, new.search_name);
    END
    """,
]


def _create_postgres_search() -> None:
    """pg_trgm's GIN index; the operator class is qualified with the extension's schema, so the
    migration works whatever the search_path (e.g. a schema of its own, without public).

    A new extension goes into public where there is one, not into the first schema of the
    search_path: dropping that schema (CASCADE) would take the extension and with it the
    trigram index of every other schema of the database."""
    bind = op.get_bind()
    has_public = bind.exec_driver_sql(
        "SELECT 1 FROM pg_namespace WHERE nspname = 'public'"
    ).scalar_one_or_none()
    bind.exec_driver_sql(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm" + (" WITH SCHEMA public" if has_public else "")
    )
    schema = bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'pg_trgm'"
    ).scalar_one()
    opclass = f"{bind.dialect.identifier_preparer.quote_schema(schema)}.gin_trgm_ops"
    op.execute(
        f"CREATE INDEX ix_contact_search_name_trgm ON contact USING gin (search_name {opclass})"
    )


def upgrade() -> None:
    op.create_table(
        "salesperson",
        sa.Column("code", sa.String(20), nullable=False),
        _str("name", 100),
        _str("email"),
        _flag("blocked"),
        _pk("salesperson", "code"),
    )
    op.create_table(
        "app_user",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _code("salesperson_code"),
        _flag("is_admin"),
        sa.Column("language_code", sa.String(10), nullable=False, server_default="en"),
        _pk("app_user", "telegram_id"),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("no", sa.String(20), nullable=False),
        _str("name", 100),
        sa.Column(
            "search_name",
            sa.String().with_variant(sa.String(collation="C"), "postgresql"),
            nullable=False,
            server_default="",
        ),
        sa.Column("type", sa.String(10), nullable=False, server_default="company"),
        _code("company_no"),
        _code("salesperson_code"),
        _str("language_code", 10),
        _str("email"),
        _str("phone"),
        _str("mobile_phone"),
        _str("city"),
        _str("post_code"),
        _str("country"),
        sa.Column("business_relations", sa.Text(), nullable=False, server_default=""),
        _flag("exclude_from_segment"),
        _flag("privacy_blocked"),
        _pk("contact", "id"),
        sa.UniqueConstraint("no", name="uq_contact_no"),
    )
    op.create_index("ix_contact_company_no", "contact", ["company_no"])
    op.create_index("ix_contact_search_name", "contact", ["search_name", "name", "no"])
    op.create_table(
        "interaction_group",
        sa.Column("code", sa.String(20), nullable=False),
        _str("description", 100),
        _pk("interaction_group", "code"),
    )
    op.create_table(
        "interaction_template",
        sa.Column("code", sa.String(20), nullable=False),
        _code("group_code"),
        _str("description", 100),
        _money("unit_cost"),
        _int("unit_duration"),
        _str("information_flow", 10),
        _str("initiated_by", 10),
        _code("campaign_no"),
        _code("correspondence_type"),
        _pk("interaction_template", "code"),
    )
    op.create_table(
        "interaction_log_entry",
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        _code("contact_no"),
        _code("contact_company_no"),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=False),
        _code("salesperson_code"),
        _str("user_id", 50),
        _code("template_code"),
        _code("group_code"),
        _str("description", 100),
        _str("information_flow", 10),
        _str("initiated_by", 10),
        _money("cost"),
        _int("duration"),
        _str("evaluation", 20),
        _flag("attempt_failed"),
        _code("campaign_no"),
        _code("segment_no"),
        sa.Column("logged_segment_entry_no", sa.Integer(), nullable=True),
        _flag("canceled"),
        _flag("postponed"),
        *_media(),
        _pk("interaction_log_entry", "entry_no"),
    )
    for columns in (
        ["contact_no", "date"],
        ["salesperson_code", "postponed"],
        ["logged_segment_entry_no"],
        ["contact_company_no"],
    ):
        name = "ix_interaction_log_entry_" + "_".join(columns)
        op.create_index(name, "interaction_log_entry", columns)
    op.create_table(
        "segment_header",
        sa.Column("no", sa.String(20), nullable=False),
        _str("description", 100),
        _code("template_code"),
        _code("salesperson_code"),
        sa.Column("date", sa.Date(), nullable=True),
        _money("unit_cost"),
        _int("unit_duration"),
        _str("information_flow", 10),
        _str("initiated_by", 10),
        _code("campaign_no"),
        _pk("segment_header", "no"),
    )
    op.create_table(
        "segment_line",
        sa.Column("segment_no", sa.String(20), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        _code("contact_no"),
        _code("contact_company_no"),
        _code("template_code"),
        _str("description", 100),
        _money("unit_cost"),
        _int("unit_duration"),
        _str("information_flow", 10),
        _str("initiated_by", 10),
        _code("salesperson_code"),
        sa.Column("date", sa.Date(), nullable=True),
        _flag("template_overridden"),
        _pk("segment_line", "segment_no", "line_no"),
    )
    op.create_index(
        "ix_segment_line_segment_no_contact_no", "segment_line", ["segment_no", "contact_no"]
    )
    op.create_table(
        "logged_segment",
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        _code("segment_no"),
        _str("description", 100),
        sa.Column("creation_date", sa.Date(), nullable=False),
        _str("user_id", 50),
        _flag("canceled"),
        _pk("logged_segment", "entry_no"),
    )
    op.create_index("ix_logged_segment_segment_no", "logged_segment", ["segment_no"])
    op.create_table(
        "number_series",
        sa.Column("code", sa.String(20), nullable=False),
        _str("prefix", 20),
        sa.Column("width", sa.Integer(), nullable=False),
        _int("next_no", "1"),
        _pk("number_series", "code"),
    )
    op.create_table(
        "marketing_setup",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        _str("contact_nos", 20),
        _str("segment_nos", 20),
        _code("default_salesperson_code"),
        sa.Column("default_language_code", sa.String(10), nullable=False, server_default="en"),
        sa.CheckConstraint("id = 1", name="ck_marketing_setup_single_row"),
        _pk("marketing_setup", "id"),
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        _code("salesperson_code"),
        _code("contact_no"),
        _code("contact_company_no"),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=False),
        _code("template_code"),
        _code("group_code"),
        _str("description"),
        _str("information_flow", 10),
        _str("initiated_by", 10),
        _money("cost"),
        _int("duration"),
        _str("evaluation", 20),
        _flag("attempt_failed"),
        _code("campaign_no"),
        *_media(),
        sa.Column("entry_no", sa.Integer(), nullable=True),
        _pk("draft", "id"),
    )
    op.create_index("ix_draft_user_id", "draft", ["user_id"])
    counter = op.create_table(
        "counter",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        _pk("counter", "name"),
    )
    op.bulk_insert(
        counter,
        [
            {"name": "interaction_log_entry", "next_value": 1},
            {"name": "logged_segment", "next_value": 1},
        ],
    )
    op.create_table(
        "chat_state",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        _int("version"),
        _ts("updated_at"),
        # The reply to the user's latest update, until it was sent: if the process dies
        # first, Telegram's redelivery of that update re-sends it.
        sa.Column("pending_update_id", sa.BigInteger(), nullable=True),
        sa.Column("pending_reply", sa.Text(), nullable=True),
        _pk("chat_state", "user_id"),
    )
    op.create_table(
        "processed_update",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _ts("processed_at"),
        _pk("processed_update", "bot_id", "update_id"),
    )
    op.create_index("ix_processed_update_processed_at", "processed_update", ["processed_at"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _ts("created_at"),
        _ts("next_try_at"),
        _int("attempts"),
        _ts("sent_at", nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        _pk("outbox", "id"),
    )
    op.create_index("ix_outbox_sent_at_next_try_at", "outbox", ["sent_at", "next_try_at"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_SEARCH:
            op.execute(statement)
    elif dialect == "postgresql":
        _create_postgres_search()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("contact_search_insert", "contact_search_delete", "contact_search_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS contact_search")
    for table in (
        "outbox",
        "processed_update",
        "chat_state",
        "counter",
        "draft",
        "marketing_setup",
        "number_series",
        "logged_segment",
        "segment_line",
        "segment_header",
        "interaction_log_entry",
        "interaction_template",
        "interaction_group",
        "contact",
        "app_user",
        "salesperson",
    ):
        op.drop_table(table)
