"""Alembic environment: async-capable, usable programmatically (storage.schema) or from the CLI.

Programmatic use passes an open connection in `config.attributes["connection"]`; the CLI
(`alembic -c storage/migrations/alembic.ini upgrade head`) reads the URL from
`sqlalchemy.url` or the INTERLOG_DATABASE_URL environment variable.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.engine import make_engine
from storage.schema import autogenerate_filter
from storage.tables import metadata

config = context.config


def _url() -> str:
    url = os.environ.get("INTERLOG_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("Set INTERLOG_DATABASE_URL (or sqlalchemy.url) to migrate.")
    return url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=autogenerate_filter(connection.dialect.name),
        transactional_ddl=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = make_engine(_url())
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


def _run_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
elif isinstance(given := config.attributes.get("connection"), Connection):
    _run(given)
else:
    asyncio.run(_run_async())
