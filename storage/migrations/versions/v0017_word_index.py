"""SQLite: an FTS5 index of the words of contact.search_name, with prefix indexes of 1 to 6
characters, for word-start search. A search whose typed words each start many names but
few together ("jan novakova", "sv pe") asks it for the contacts that have every typed
word's start, merged in C in contact order and stopped at the LIMIT, instead of reading the
shortest typed word's range of contact_word whole; and a text of several words finds its
substring candidates through it ("jan novakova": the names with a word starting
"novakova") instead of the trigram index, whose common trigrams cost tens of milliseconds.
External content (contact, rowid contact.id) like contact_search, kept by the same kind of
triggers; no positions (detail=none): only which contacts have a word. PostgreSQL: nothing.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | None = None
depends_on: str | None = None

SQLITE = [
    "CREATE VIRTUAL TABLE contact_search_words USING fts5(search_name, content='contact',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='1 2 3 4 5 6',"
    " detail=none, columnsize=0)",
    "CREATE TRIGGER contact_search_words_insert AFTER INSERT ON contact BEGIN"
    " INSERT INTO contact_search_words (rowid, search_name) VALUES (new.id, new.search_name);"
    " END",
    "CREATE TRIGGER contact_search_words_delete AFTER DELETE ON contact BEGIN"
    " INSERT INTO contact_search_words (contact_search_words, rowid, search_name)"
    " VALUES ('delete', old.id, old.search_name); END",
    "CREATE TRIGGER contact_search_words_update AFTER UPDATE OF id, search_name ON contact"
    " WHEN old.search_name IS NOT new.search_name OR old.id IS NOT new.id BEGIN"
    " INSERT INTO contact_search_words (contact_search_words, rowid, search_name)"
    " VALUES ('delete', old.id, old.search_name);"
    " INSERT INTO contact_search_words (rowid, search_name) VALUES (new.id, new.search_name);"
    " END",
    "INSERT INTO contact_search_words (contact_search_words) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS contact_search_words_{name}")
    op.execute("DROP TABLE IF EXISTS contact_search_words")
