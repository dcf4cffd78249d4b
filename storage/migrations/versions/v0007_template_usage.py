"""template_usage: entries per salesperson and template, kept with the log.

Offering templates ordered by use counted the salesperson's entries on every step, in time
growing with the log; the counter is kept in the transactions that write entries instead.
The upgrade counts the log once (domain.usage: postponed entries do not count).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    usage = op.create_table(
        "template_usage",
        sa.Column("salesperson_code", sa.String(20), nullable=False),
        sa.Column("template_code", sa.String(20), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("salesperson_code", "template_code", name="pk_template_usage"),
    )
    entry = sa.table(
        "interaction_log_entry",
        sa.column("salesperson_code", sa.String),
        sa.column("template_code", sa.String),
        sa.column("postponed", sa.Boolean),
    )
    counted = (
        sa.select(entry.c.salesperson_code, entry.c.template_code, sa.func.count())
        .where(entry.c.postponed == sa.false())
        .group_by(entry.c.salesperson_code, entry.c.template_code)
    )
    op.execute(
        sa.insert(usage).from_select(["salesperson_code", "template_code", "entries"], counted)
    )


def downgrade() -> None:
    op.drop_table("template_usage")
