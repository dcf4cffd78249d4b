"""PostgreSQL: finer statistics of contact.search_name, for substring searches.

With the default statistics the planner guesses that a common text such as "s.r.o." is
rare, walks the trigram index for it (37,604 rows at 1M contacts: 12 ms) instead of reading
the table until it has the 100 candidates it wants (2.5 ms). A larger histogram lets it
tell common texts from rare ones.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

STATISTICS = 1000


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE contact ALTER COLUMN search_name SET STATISTICS {STATISTICS}")
        op.execute("ANALYZE contact")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE contact ALTER COLUMN search_name SET STATISTICS -1")
