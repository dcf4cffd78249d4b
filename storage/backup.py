"""A copy of a SQLite database while the bot goes on using it: SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def backup_sqlite(source: Path, target: Path) -> int:
    """Copies the database at `source` to `target` in one step, so the copy is one
    consistent state (with WAL the bot's writes go on meanwhile). It is written beside
    `target` first and then renamed, so that a backup interrupted halfway never replaces
    a good one. Returns the size of the copy in bytes."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # A URI in read-only mode: a mistyped source is an error, not a new empty database.
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)
    return target.stat().st_size
