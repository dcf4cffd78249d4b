"""The user's language: empty until they choose one with /language (the bot then follows
their Telegram app's language); the "en" every user had so far was no one's choice.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.alter_column(
            "language_code",
            existing_type=sa.String(10),
            existing_nullable=False,
            server_default="",
        )
    op.execute("UPDATE app_user SET language_code = '' WHERE language_code = 'en'")


def downgrade() -> None:
    op.execute("UPDATE app_user SET language_code = 'en' WHERE language_code = ''")
    with op.batch_alter_table("app_user") as batch:
        batch.alter_column(
            "language_code",
            existing_type=sa.String(10),
            existing_nullable=False,
            server_default="en",
        )
