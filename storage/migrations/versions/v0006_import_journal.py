"""import_journal: how the contacts an unfinished import touched were before it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "import_journal",
        sa.Column("contact_no", sa.String(20), primary_key=True),
        sa.Column("before", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("import_journal")
