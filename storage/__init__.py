"""Storage adapter: SQLAlchemy Core over SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from storage.engine import make_engine
from storage.schema import SchemaOutOfDate, current_revision, ensure_current, upgrade
from storage.unit_of_work import Priority, SqlUnitOfWork, make_uow_factory

__all__ = [
    "Priority",
    "SchemaOutOfDate",
    "SqlUnitOfWork",
    "current_revision",
    "ensure_current",
    "make_engine",
    "make_uow_factory",
    "upgrade",
]
