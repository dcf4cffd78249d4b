"""An update that cannot be read or handled (a poison update) is kept as failed, confirmed
to Telegram, reported once to the admins, and the bot goes on: never a crash loop."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sandbox.bot_api import FakeTelegram
from tests.bot.conftest import ADMIN_CHAT, WEBHOOK_SECRET, Starter, free_port
from tests.bot.helpers import Factory
from tests.bot.process import BotProcess
from tests.cli.conftest import run_interlog
from tests.seed import JANA

GARBAGE = {"message": "garbage"}  # an update whose message is not a message


def _reports_of(fake: FakeTelegram, update_id: int) -> list[str]:
    return [m.text for m in fake.chat(ADMIN_CHAT).messages if f"update {update_id}," in m.text]


async def _failed(factory: Factory) -> list[tuple[int, str, str]]:
    async with factory() as uow:
        return [(f.update_id, f.error, f.payload) for f in await uow.processed_updates.failed()]


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_a_poison_update_is_kept_as_failed_and_the_bot_goes_on(
    fake: FakeTelegram, seeded: Factory, start: Starter, webhook: bool
) -> None:
    app = await start(webhook=webhook)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    poison = fake.enqueue(GARBAGE)
    await jana.say("/help")  # the next update is served
    assert "/interact" in jana.last.text
    await fake.wait_for(lambda: bool(_reports_of(fake, poison)))
    [report] = _reports_of(fake, poison)
    assert "AttributeError" in report and "interlog updates failed" in report
    assert fake.token not in report
    [(update_id, error, payload)] = await _failed(seeded)
    assert update_id == poison and "AttributeError" in error
    assert json.loads(payload) == {"update_id": poison, **GARBAGE}
    async with seeded() as uow:  # nothing left to handle (and fail) again at the next start
        assert await uow.processed_updates.waiting(app.bot_data["bot_id"]) == []
    # Confirmed: the webhook got its 200; getUpdates' offset went past it.
    assert await fake.wait_delivered(poison) == "delivered"
    assert all(item.update_id != poison for item in fake.queue.items)


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_start_up_survives_a_stored_poison_update(
    fake: FakeTelegram, seeded: Factory, start: Starter, webhook: bool
) -> None:
    """As an earlier version left it: stored, not handled, unreadable."""
    bot_id = int(fake.token.partition(":")[0])
    async with seeded() as uow:
        now = dt.datetime.now(dt.UTC)
        stored = json.dumps({"update_id": 9_000, **GARBAGE})
        await uow.processed_updates.receive(bot_id, [(9_000, stored)], now)
        await uow.commit()
    await start(webhook=webhook)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await jana.say("/help")
    assert "/interact" in jana.last.text
    await fake.wait_for(lambda: bool(_reports_of(fake, 9_000)))
    assert [f[0] for f in await _failed(seeded)] == [9_000]


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_interlog_run_goes_on_after_a_poison_update_and_lists_it(
    fake: FakeTelegram, seeded: Factory, database_url: str, tmp_path: Path, webhook: bool
) -> None:
    port = free_port()
    mode = {
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    bot = BotProcess(fake, database_url, ADMIN_CHAT_ID=str(ADMIN_CHAT), **(mode if webhook else {}))
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await bot.start()
    try:
        poison = fake.enqueue(GARBAGE)
        await bot.act(jana, "say", "/help", "/interact")
        await fake.wait_for(lambda: bool(_reports_of(fake, poison)))
        await bot.stop()
        await bot.start()  # no stored update stops it
        if webhook:  # Telegram gives up on a webhook that does not listen yet
            await fake.wait_for(lambda: len(fake.calls_of("setWebhook")) == 2, timeout=30)
        await bot.act(jana, "say", "/interact novak", "Contacts matching")
    finally:
        await bot.stop()
    assert len(_reports_of(fake, poison)) == 1
    listed = await run_interlog("updates", "failed", database_url=database_url, cwd=tmp_path)
    assert listed.code == 0, listed.stderr
    assert f"update {poison}, failed" in listed.stdout and "AttributeError" in listed.stdout
    assert '"message": "garbage"' in listed.stdout


async def test_interlog_updates_failed_shows_tracebacks_when_asked(
    seeded: Factory, database_url: str, tmp_path: Path
) -> None:
    none = await run_interlog("updates", "failed", database_url=database_url, cwd=tmp_path)
    assert (none.code, none.stdout.strip()) == (0, "No failed updates.")
    error = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad'
    async with seeded() as uow:
        now = dt.datetime.now(dt.UTC)
        await uow.processed_updates.fail(1, 77, now, error=error, payload='{"update_id": 77}')
        await uow.commit()
    short = await run_interlog("updates", "failed", database_url=database_url, cwd=tmp_path)
    assert "update 77, failed" in short.stdout and "ValueError: bad" in short.stdout
    assert "x.py" not in short.stdout
    full = await run_interlog(
        "updates", "failed", "--traceback", database_url=database_url, cwd=tmp_path
    )
    assert 'File "x.py", line 1' in full.stdout and '{"update_id": 77}' in full.stdout
