"""Activity index: the /stats charts sum a period's entries per day and salesperson or
group from the index alone, without reading the table.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = [
    "date",
    "salesperson_code",
    "group_code",
    "canceled",
    "postponed",
    "attempt_failed",
    "cost",
    "duration",
]


def upgrade() -> None:
    op.create_index("ix_interaction_log_entry_activity", "interaction_log_entry", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_interaction_log_entry_activity", table_name="interaction_log_entry")
