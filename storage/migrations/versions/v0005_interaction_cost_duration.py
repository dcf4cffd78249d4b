"""Segments and their lines name cost and duration as drafts and log entries do.

The four tables that hold an interaction (draft, interaction_log_entry, segment_header,
segment_line) now have the same columns for domain.model.Interaction, declared once in
storage/tables.py; segments had called two of them unit_cost and unit_duration.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

_RENAMED = {"unit_cost": "cost", "unit_duration": "duration"}
_TABLES = ("segment_header", "segment_line")


def _rename(names: dict[str, str]) -> None:
    # RENAME COLUMN: PostgreSQL, and SQLite since 3.25, without copying the table.
    for table in _TABLES:
        for old, new in names.items():
            op.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")


def upgrade() -> None:
    _rename(_RENAMED)


def downgrade() -> None:
    _rename({new: old for old, new in _RENAMED.items()})
