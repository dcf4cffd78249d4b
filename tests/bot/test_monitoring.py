"""GET /healthz and GET /metrics: on the webhook server, and on METRICS_PORT when polling."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import insert
from telegram.ext import Application

from bot.app import build_application
from sandbox.bot_api import FakeTelegram, FakeUser
from storage import make_engine, make_uow_factory, upgrade
from storage.tables import outbox
from tests.bot.conftest import TEAM_CHAT, start_bot, stop_bot, webhook_settings
from tests.bot.helpers import Factory
from tests.conftest import execute_autocommit, own_postgres_database
from tests.seed import seed


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession(trust_env=False) as session, session.get(url) as response:
        return response.status, await response.text()


@pytest.fixture
async def own_database(postgres_base_url: str) -> AsyncIterator[tuple[str, str]]:
    """(name, URL) of a PostgreSQL database of this test's own, migrated: the test stops it
    accepting connections, which no other test must notice."""
    async with own_postgres_database(postgres_base_url, prefix="interlog_health") as (name, url):
        await upgrade(url)
        yield name, url


async def test_healthz_fails_while_the_database_refuses_connections_and_recovers(
    fake: FakeTelegram, own_database: tuple[str, str], postgres_base_url: str
) -> None:
    name, url = own_database
    engine = make_engine(url)
    factory = make_uow_factory(engine)
    async with factory() as uow:
        await seed(uow)
        await uow.commit()
    settings = webhook_settings(fake)
    app = build_application(settings, uow_factory=factory, on_done=fake.update_done)
    health = f"http://127.0.0.1:{settings.webhook_port}/healthz"
    await start_bot(app, settings)
    try:
        assert await get(health) == (200, "ok\n")
        # As when the database goes down: new connections refused, the open ones cut.
        await execute_autocommit(
            postgres_base_url,
            f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false',
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",
        )
        status, reason = await get(health)
        assert status == 503
        assert "database unreachable" in reason and "not currently accepting" in reason
        await execute_autocommit(
            postgres_base_url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'
        )
        assert await get(health) == (200, "ok\n")
        # A schema behind the code's is no better.
        await execute_autocommit(url, "UPDATE alembic_version SET version_num = '0001'")
        status, reason = await get(health)
        assert status == 503 and "database schema at 0001" in reason
    finally:
        await stop_bot(app)
        await engine.dispose()


@pytest.fixture
def bot_settings(unused_tcp_port: int) -> dict[str, object]:
    return {"metrics_port": unused_tcp_port}


def samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """The values of metric `name` (a sample's full name), by their labels."""
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


async def test_metrics_in_polling_mode_count_handled_updates(
    app: Application,  # type: ignore[type-arg]
    jana: FakeUser,
    seeded: Factory,
    bot_settings: dict[str, object],
) -> None:
    base = f"http://127.0.0.1:{bot_settings['metrics_port']}"
    await jana.say("/start")
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    status, text = await get(f"{base}/metrics")
    assert status == 200
    handled = samples(text, "interlog_updates_handled_total")
    assert handled == {(("kind", "message"),): 2.0, (("kind", "callback_query"),): 1.0}
    assert samples(text, "interlog_update_handling_seconds_count") == {(): 3.0}
    assert samples(text, "interlog_update_errors_total") == {(): 0.0}
    assert samples(text, "interlog_database_up") == {(): 1.0}
    assert samples(text, "interlog_outbox_backlog") == {(): 0.0}
    assert samples(text, "interlog_outbox_oldest_age_seconds") == {(): 0.0}
    assert samples(text, "interlog_inbox_backlog") == {(): 0.0}
    assert samples(text, "interlog_failed_updates") == {(): 0.0}
    assert await get(f"{base}/healthz") == (200, "ok\n")
    async with seeded() as uow:  # as the bot keeps an update it could not handle
        now = dt.datetime.now(dt.UTC)
        await uow.processed_updates.fail(1, 999, now, error="boom", payload="{}")
        # A notification written ten minutes ago, its next try still ahead (Telegram was down).
        await uow.connection.execute(
            insert(outbox).values(
                chat_id=TEAM_CHAT,
                text="waiting",
                created_at=now - dt.timedelta(minutes=10),
                next_try_at=now + dt.timedelta(hours=1),
            )
        )
        await uow.commit()
    _, text = await get(f"{base}/metrics")
    assert samples(text, "interlog_failed_updates") == {(): 1.0}
    assert samples(text, "interlog_outbox_backlog") == {(): 1.0}
    assert samples(text, "interlog_outbox_oldest_age_seconds")[()] >= 600
