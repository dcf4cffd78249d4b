"""A salesperson's postponed entries are read a page at a time, newest first.

The index on (salesperson_code, postponed) becomes ix_interaction_log_entry_postponed on
(salesperson_code, postponed, date, time, entry_no): read backwards, it gives a page of
/postponed without sorting the salesperson's other postponed entries; its first two columns
serve what the old one did.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

_TABLE = "interaction_log_entry"
_OLD = ("ix_interaction_log_entry_salesperson_code_postponed", ["salesperson_code", "postponed"])
_NEW = (
    "ix_interaction_log_entry_postponed",
    ["salesperson_code", "postponed", "date", "time", "entry_no"],
)


def upgrade() -> None:
    op.create_index(_NEW[0], _TABLE, _NEW[1])
    op.drop_index(_OLD[0], table_name=_TABLE)


def downgrade() -> None:
    op.create_index(_OLD[0], _TABLE, _OLD[1])
    op.drop_index(_NEW[0], table_name=_TABLE)
