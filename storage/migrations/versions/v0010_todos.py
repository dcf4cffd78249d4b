"""To-dos and the scheduler: the todo table, what the scheduler did once (schedule_mark),
buttons on outbox messages, the morning agenda flag per user, the template's suggested
next step, and the "To-do Nos." number series (TD000001...).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "todo",
        sa.Column("no", sa.String(20), nullable=False),
        sa.Column("contact_no", sa.String(20), nullable=False, server_default=""),
        sa.Column("salesperson_code", sa.String(20), nullable=False, server_default=""),
        sa.Column("type", sa.String(20), nullable=False, server_default="other"),
        sa.Column("template_code", sa.String(20), nullable=False, server_default=""),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("time", sa.Time, nullable=True),
        sa.Column("description", sa.String(100), nullable=False, server_default=""),
        sa.Column("status", sa.String(10), nullable=False, server_default="open"),
        sa.Column("created_by_entry_no", sa.Integer, nullable=True),
        sa.Column("closed_by_entry_no", sa.Integer, nullable=True),
        sa.Column("remind_at", sa.DateTime(timezone=False), nullable=True),
        sa.Column("reminded", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("no", name="pk_todo"),
    )
    op.create_index(
        "ix_todo_salesperson_code_status_date", "todo", ["salesperson_code", "status", "date"]
    )
    op.create_index(
        "ix_todo_status_reminded_remind_at", "todo", ["status", "reminded", "remind_at"]
    )
    op.create_index("ix_todo_created_by_entry_no", "todo", ["created_by_entry_no"])
    op.create_index("ix_todo_contact_no", "todo", ["contact_no"])
    op.create_index(
        "ix_interaction_log_entry_postponed_date",
        "interaction_log_entry",
        ["date", "time", "entry_no"],
        sqlite_where=sa.text("postponed = 1"),
        postgresql_where=sa.text("postponed = true"),
    )
    op.create_table(
        "schedule_mark",
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name="pk_schedule_mark"),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("keyboard", sa.Text, nullable=True))
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("agenda", sa.Boolean, nullable=False, server_default=sa.true()))
    with op.batch_alter_table("interaction_template") as batch:
        batch.add_column(
            sa.Column("next_template_code", sa.String(20), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("next_in_days", sa.Integer, nullable=True))
    with op.batch_alter_table("marketing_setup") as batch:
        batch.add_column(
            sa.Column("todo_nos", sa.String(20), nullable=False, server_default="TODO")
        )
    series = sa.table(
        "number_series",
        sa.column("code", sa.String),
        sa.column("prefix", sa.String),
        sa.column("width", sa.Integer),
        sa.column("next_no", sa.Integer),
    )
    exists = op.get_bind().execute(sa.select(series.c.code).where(series.c.code == "TODO"))
    if exists.first() is None:
        op.bulk_insert(series, [{"code": "TODO", "prefix": "TD", "width": 6, "next_no": 1}])


def downgrade() -> None:
    op.execute("DELETE FROM number_series WHERE code = 'TODO'")
    with op.batch_alter_table("marketing_setup") as batch:
        batch.drop_column("todo_nos")
    with op.batch_alter_table("interaction_template") as batch:
        batch.drop_column("next_in_days")
        batch.drop_column("next_template_code")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("agenda")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("keyboard")
    op.drop_table("schedule_mark")
    op.drop_index("ix_interaction_log_entry_postponed_date", table_name="interaction_log_entry")
    op.drop_table("todo")
