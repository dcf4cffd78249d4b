"""`interlog db copy` (SQLite into an empty PostgreSQL database) and `interlog db backup`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.access import OPERATOR
from domain.services.demo import load_demo
from storage import make_engine, make_uow_factory, upgrade
from storage.copy import row_counts
from storage.tables import outbox
from tests.cli.conftest import run_interlog
from tests.conftest import database_url_for, execute_admin, postgres_url_in_schema


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for("sqlite", request, tmp_path)


@pytest.fixture
async def source_url(sqlite_url: str) -> str:
    """A SQLite database with the demo data and a notification waiting."""
    url = sqlite_url
    engine = make_engine(url)
    try:
        async with make_uow_factory(engine)() as uow:
            await load_demo(uow, user=OPERATOR, today=dt.date(2026, 3, 2))
            await uow.outbox.add(chat_id=-100123, text="Logged #8")
            await uow.commit()
    finally:
        await engine.dispose()
    return url


@pytest.fixture
async def target_url(postgres_base_url: str) -> AsyncIterator[str]:
    """An empty PostgreSQL database (a schema of its own), not yet upgraded."""
    schema = f"interlog_copy_{uuid.uuid4().hex[:12]}"
    await execute_admin(postgres_base_url, f'CREATE SCHEMA "{schema}"')
    try:
        yield postgres_url_in_schema(postgres_base_url, schema)
    finally:
        await execute_admin(postgres_base_url, f'DROP SCHEMA "{schema}" CASCADE')


async def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await row_counts(conn)
    finally:
        await engine.dispose()


async def test_db_copy_moves_every_row_to_postgresql_and_refuses_a_filled_target(
    source_url: str, target_url: str, tmp_path: Path
) -> None:
    copy = ("db", "copy", "--to", target_url)
    not_upgraded = await run_interlog(*copy, database_url=source_url, cwd=tmp_path)
    assert not_upgraded.code == 3 and "target database" in not_upgraded.stderr
    await upgrade(target_url)

    done = await run_interlog(*copy, database_url=source_url, cwd=tmp_path)
    assert done.code == 0, done.stderr
    assert "row counts and the interactions' checksum" in done.stdout
    assert "interaction_log_entry: 8 of 8 rows" in done.stderr  # progress
    copied = await counts(target_url)
    assert copied == await counts(source_url)
    assert copied["contact"] and copied["segment_line"] and copied["outbox"] == 1
    export = ("export", "interactions", "--include-postponed")
    on_sqlite = await run_interlog(*export, database_url=source_url, cwd=tmp_path)
    on_postgresql = await run_interlog(*export, database_url=target_url, cwd=tmp_path)
    assert on_postgresql.stdout == on_sqlite.stdout and on_sqlite.stdout.count("\n") == 9
    # Ids PostgreSQL assigns go on after the copied ones.
    engine = make_engine(target_url)
    try:
        async with make_uow_factory(engine)() as uow:
            await uow.outbox.add(chat_id=-100123, text="Logged #9")
            ids = await uow.connection.scalars(select(outbox.c.id).order_by(outbox.c.id))
            assert list(ids) == [1, 2]
    finally:
        await engine.dispose()

    again = await run_interlog(*copy, database_url=source_url, cwd=tmp_path)
    assert again.code == 1 and "already has data in contact" in again.stderr
    assert await counts(target_url) == copied
