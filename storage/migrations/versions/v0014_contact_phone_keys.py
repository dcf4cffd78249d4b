"""A shared phone contact finds its contact: each contact's phone and mobile phone number
reduced to domain.text.phone_key (its last 9 digits), indexed.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from domain.text import phone_key

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None

_BATCH = 10_000


def upgrade() -> None:
    for column in ("phone_key", "mobile_phone_key"):
        op.add_column("contact", sa.Column(column, sa.String(), nullable=False, server_default=""))
    # The keys of the contacts there are, computed as the application computes them.
    bind = op.get_bind()
    contact = sa.table(
        "contact",
        sa.column("id", sa.Integer),
        sa.column("phone", sa.String),
        sa.column("mobile_phone", sa.String),
        sa.column("phone_key", sa.String),
        sa.column("mobile_phone_key", sa.String),
    )
    numbered = sa.select(contact.c.id, contact.c.phone, contact.c.mobile_phone).where(
        sa.or_(contact.c.phone != "", contact.c.mobile_phone != "")
    )
    rows = bind.execute(numbered).all()
    update = (
        sa.update(contact)
        .where(contact.c.id == sa.bindparam("row_id"))
        .values(phone_key=sa.bindparam("key"), mobile_phone_key=sa.bindparam("mobile_key"))
    )
    for start in range(0, len(rows), _BATCH):
        batch = [
            {"row_id": r.id, "key": phone_key(r.phone), "mobile_key": phone_key(r.mobile_phone)}
            for r in rows[start : start + _BATCH]
        ]
        bind.execute(update, batch)
    op.create_index("ix_contact_phone_key", "contact", ["phone_key"])
    op.create_index("ix_contact_mobile_phone_key", "contact", ["mobile_phone_key"])


def downgrade() -> None:
    op.drop_index("ix_contact_mobile_phone_key", table_name="contact")
    op.drop_index("ix_contact_phone_key", table_name="contact")
    # Not a batch (a copy of the table on SQLite): the search triggers on `contact` stay.
    for column in ("mobile_phone_key", "phone_key"):
        op.execute(f"ALTER TABLE contact DROP COLUMN {column}")
