"""Draft ids are never reused on SQLite: the table is rebuilt with AUTOINCREMENT. Without
it SQLite gives the next draft the highest id again once the draft with it is gone, and the
chat state, which keeps draft ids, would take the new draft for the one that went.
PostgreSQL's sequence never reuses a value: nothing to do there.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | None = None
depends_on: str | None = None


def _rebuild(*, autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # The copy keeps every row and id; inserting them sets sqlite_sequence to the highest.
    with op.batch_alter_table(
        "draft", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
