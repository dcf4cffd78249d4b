"""Word-start search: each contact's words (domain.text.name_words) in `contact_word`, keyed
(word, contact_id), so that a typed word is a range of its key on both databases ("dv"
finds "Eva Dvořáková"). Triggers on `contact` keep it, set-based on PostgreSQL (statement
triggers over the changed rows), so bulk imports stay one statement per chunk.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None

# domain.text.WORD_SEPARATORS as this migration split the names (a test checks they agree).
SEPARATORS = " -.,/&()'\"+:;!?_\\|"


def _words(expr: str) -> str:
    """SQL: `expr` with every separator a space."""
    for separator in SEPARATORS:
        if separator != " ":
            quoted = separator.replace("'", "''")
            expr = f"replace({expr}, '{quoted}', ' ')"
    return expr


def _sqlite_words(expr: str) -> str:
    """SQLite: the words of `expr` as a JSON array for json_each (a separator neither a
    quote nor a backslash is left, and normalised names hold no control characters)."""
    return f"""json_each('["' || replace({_words(expr)}, ' ', '","') || '"]')"""


def _sqlite_insert(row: str) -> str:
    return (
        "INSERT OR IGNORE INTO contact_word (word, contact_id)"
        f" SELECT value, {row}.id FROM {_sqlite_words(f'{row}.search_name')} WHERE value <> ''"
    )


def _sqlite_delete(row: str) -> str:
    return (
        f"DELETE FROM contact_word WHERE contact_id = {row}.id"
        f" AND word IN (SELECT value FROM {_sqlite_words(f'{row}.search_name')})"
    )


# The other typed words of a search are probes of a contact's words.
INDEX = "CREATE INDEX ix_contact_word_contact_id ON contact_word (contact_id, word)"

SQLITE = [
    "CREATE TABLE contact_word (word TEXT NOT NULL, contact_id INTEGER NOT NULL,"
    " CONSTRAINT pk_contact_word PRIMARY KEY (word, contact_id)) WITHOUT ROWID",
    INDEX,
    "CREATE TRIGGER contact_word_insert AFTER INSERT ON contact"
    f" BEGIN {_sqlite_insert('new')}; END",
    "CREATE TRIGGER contact_word_delete AFTER DELETE ON contact"
    f" BEGIN {_sqlite_delete('old')}; END",
    "CREATE TRIGGER contact_word_update AFTER UPDATE OF id, search_name ON contact"
    " WHEN old.search_name IS NOT new.search_name OR old.id IS NOT new.id BEGIN"
    f" {_sqlite_delete('old')}; {_sqlite_insert('new')}; END",
]
SQLITE_FILL = (
    "INSERT OR IGNORE INTO contact_word (word, contact_id) SELECT j.value, c.id"
    f" FROM contact c, {_sqlite_words('c.search_name')} j WHERE j.value <> ''"
)


def _pairs(rows: str) -> str:
    """PostgreSQL: (id, word) of every word of the rows `rows` (a table or a subquery)."""
    return (
        f"SELECT DISTINCT r.id, w.word FROM {rows} r,"
        f" unnest(string_to_array({_words('r.search_name')}, ' ')) AS w(word) WHERE w.word <> ''"
    )


def _pg_insert(rows: str) -> str:
    return (
        f"INSERT INTO contact_word (word, contact_id) SELECT p.word, p.id FROM ({_pairs(rows)}) p"
        " ON CONFLICT DO NOTHING"
    )


def _pg_delete(rows: str) -> str:
    return (
        f"DELETE FROM contact_word c USING ({_pairs(rows)}) p"
        " WHERE c.word = p.word AND c.contact_id = p.id"
    )


_CHANGED = (
    "(SELECT {side}.id, {side}.search_name FROM old_rows o JOIN new_rows n ON n.id = o.id"
    " WHERE o.search_name IS DISTINCT FROM n.search_name)"
)


def _pg_function(name: str, *statements: str) -> str:
    # The search_path of the migration, so that the trigger finds contact_word whatever the
    # session's (a bulk load into a schema of its own, say).
    body = "; ".join(statements)
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql"
        f" SET search_path FROM CURRENT AS $$ BEGIN {body}; RETURN NULL; END $$"
    )


POSTGRES = [
    'CREATE TABLE contact_word (word varchar COLLATE "C" NOT NULL,'
    " contact_id integer NOT NULL, CONSTRAINT pk_contact_word PRIMARY KEY (word, contact_id))",
    INDEX,
    _pg_function("contact_word_insert", _pg_insert("new_rows")),
    _pg_function("contact_word_delete", _pg_delete("old_rows")),
    _pg_function(
        "contact_word_update",
        _pg_delete(_CHANGED.format(side="o")),
        _pg_insert(_CHANGED.format(side="n")),
    ),
    _pg_function("contact_word_truncate", "TRUNCATE contact_word"),
    "CREATE TRIGGER contact_word_truncate AFTER TRUNCATE ON contact"
    " FOR EACH STATEMENT EXECUTE FUNCTION contact_word_truncate()",
    "CREATE TRIGGER contact_word_insert AFTER INSERT ON contact"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_word_insert()",
    "CREATE TRIGGER contact_word_delete AFTER DELETE ON contact"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_word_delete()",
    "CREATE TRIGGER contact_word_update AFTER UPDATE ON contact"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION contact_word_update()",
]
POSTGRES_FILL = _pg_insert("contact")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES if postgres else SQLITE:
        op.execute(statement)
    op.execute(POSTGRES_FILL if postgres else SQLITE_FILL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in ("insert", "delete", "update", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS contact_word_{name} ON contact")
            op.execute(f"DROP FUNCTION IF EXISTS contact_word_{name}()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS contact_word_{name}")
    op.execute("DROP TABLE IF EXISTS contact_word")
