"""The real python-telegram-bot Application, polling our fake Bot API over HTTP, on a real
database (SQLite and PostgreSQL), seeded with a small data set."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.runner import receiver
from bot.settings import Settings
from bot.transport.polling import Poller
from sandbox.bot_api import FakeTelegram, FakeUser
from storage import SqlUnitOfWork
from tests.seed import JANA, PETR, seed

TEAM_CHAT = -100123
ADMIN_CHAT = -100999
WEBHOOK_SECRET = "webhook-secret-for-the-tests-0123456789"


@pytest.fixture(autouse=True)
def _no_proxy_and_modern_ptb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as telegram:
        telegram.group(chat_id=TEAM_CHAT, title="Sales team")
        telegram.group(chat_id=ADMIN_CHAT, title="Interlog admins")
        yield telegram


@pytest.fixture
async def seeded(uow_factory: Callable[[], SqlUnitOfWork]) -> Callable[[], SqlUnitOfWork]:
    async with uow_factory() as uow:
        await seed(uow)
        await uow.commit()
    return uow_factory


def settings_for(fake: FakeTelegram, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "telegram_bot_token": fake.token,
        "telegram_api_base_url": fake.base_url,
        "telegram_api_file_url": fake.base_file_url,
        "team_chat_id": TEAM_CHAT,
        "admin_chat_id": ADMIN_CHAT,
        # Telegram's overall limit is Telegram's; the tests measure what the bot itself can do.
        "messages_per_second": 0,
        # No agenda or reminder in the middle of tests of other things (tests/bot/followups/
        # runs the scheduler by hand).
        "scheduler_enabled": False,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(fake: FakeTelegram) -> Settings:
    port = free_port()
    return settings_for(
        fake,
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_secret=WEBHOOK_SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )


async def start_bot(app: Application, settings: Settings | None = None) -> None:  # type: ignore[type-arg]
    """Polling, or with `settings` that set WEBHOOK_URL the webhook, as `interlog run`."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    updates = receiver(app, settings) if settings is not None else Poller(app, timeout=1)
    app.bot_data["poller"] = updates
    await updates.start()


async def stop_bot(app: Application) -> None:  # type: ignore[type-arg]
    if "poller" in app.bot_data:
        await app.bot_data.pop("poller").stop()
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    await app.shutdown()


@pytest.fixture
def bot_settings() -> dict[str, object]:
    """Settings the bot under test gets on top of the defaults; override per module."""
    return {}


@pytest.fixture
async def app(
    fake: FakeTelegram, seeded: Callable[[], SqlUnitOfWork], bot_settings: dict[str, object]
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    application = build_application(
        settings_for(fake, **bot_settings), uow_factory=seeded, on_done=fake.update_done
    )
    await start_bot(application)
    try:
        yield application
    finally:
        await stop_bot(application)


Starter = Callable[..., Awaitable[Application]]  # type: ignore[type-arg]


@pytest.fixture
async def start(
    fake: FakeTelegram, seeded: Callable[[], SqlUnitOfWork], bot_settings: dict[str, object]
) -> AsyncIterator[Starter]:
    """Starts the bot when the test has set the stage (the `app` fixture starts it at once)."""
    started: list[Application] = []  # type: ignore[type-arg]

    async def starter(*, webhook: bool = False) -> Application:  # type: ignore[type-arg]
        settings = webhook_settings(fake) if webhook else settings_for(fake, **bot_settings)
        app = build_application(settings, uow_factory=seeded, on_done=fake.update_done)
        await start_bot(app, settings if webhook else None)
        started.append(app)
        return app

    yield starter
    for app in started:
        if app.running:
            await stop_bot(app)


@pytest.fixture
def jana(fake: FakeTelegram, app: Application) -> FakeUser:  # type: ignore[type-arg]
    return fake.user(user_id=JANA.telegram_id, first_name="Jana")


@pytest.fixture
def petr(fake: FakeTelegram, app: Application) -> FakeUser:  # type: ignore[type-arg]
    return fake.user(user_id=PETR.telegram_id, first_name="Petr")


@pytest.fixture
def stranger(fake: FakeTelegram, app: Application) -> FakeUser:  # type: ignore[type-arg]
    return fake.user(user_id=4242, first_name="Eve")
