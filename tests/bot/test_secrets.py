"""The bot's token and its webhook secret appear nowhere, with `interlog run` as a real
process: not on its standard output or error (a log at DEBUG, a traceback, the line it ends
with), not in its database, not in the admin chat, whatever went wrong."""

from __future__ import annotations

from sqlalchemy import select

from sandbox.bot_api import FakeTelegram, FaultPlan
from storage import make_engine
from storage.tables import metadata, outbox
from tests.bot.conftest import ADMIN_CHAT, TEAM_CHAT, WEBHOOK_SECRET
from tests.bot.helpers import Factory
from tests.bot.process import BotProcess, button, webhook_mode
from tests.seed import JANA, PETR


def secrets(fake: FakeTelegram) -> list[str]:
    """The token, its secret part on its own (a URL may encode the colon), the secret."""
    return [fake.token, fake.token.partition(":")[2], WEBHOOK_SECRET]


async def database_text(database_url: str) -> tuple[str, list[str]]:
    """Every row of every table as text; and the outbox's last errors."""
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = [
                repr(row)
                for table in metadata.sorted_tables
                for row in (await conn.execute(select(table))).all()
            ]
            errors = list((await conn.execute(select(outbox.c.last_error))).scalars())
    finally:
        await engine.dispose()
    return "\n".join(rows), errors


async def test_the_token_and_the_webhook_secret_appear_nowhere(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> None:
    chats = {"TEAM_CHAT_ID": str(TEAM_CHAT), "ADMIN_CHAT_ID": str(ADMIN_CHAT)}
    written: list[str] = []
    # A base URL that answers 404 (python-telegram-bot names the token it was refused),
    # and one malformed (the URL with the token in it cannot be opened): no start.
    for base_url in (fake.base_url.replace("/bot", "/x/bot"), "http:///bot"):
        bot = BotProcess(fake, database_url, TELEGRAM_API_BASE_URL=base_url, **webhook_mode())
        await bot.start()
        code, _ = await bot.exited()
        assert code == 2
        written += [bot.stdout, bot.stderr]
    # At DEBUG, in webhook mode (setWebhook carries the secret), while the team's message
    # goes round a redirect loop (each URL the loop passed carries the token).
    bot = BotProcess(fake, database_url, LOG_LEVEL="DEBUG", **chats, **webhook_mode())
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    petr = fake.user(user_id=PETR.telegram_id, first_name="Petr")
    await bot.start()
    try:
        # A reply Telegram refuses: reported to the admin chat with its traceback.
        await bot.act(petr, "say", "/interact novak", "Contacts matching")
        fake.faults = FaultPlan(
            probability=1.0, methods=frozenset({"editMessageText"}), kinds=("400",)
        )
        petr.send_callback(*button(petr, "Jan Novák"))  # type: ignore[arg-type]
        await fake.wait_for(lambda: bool(fake.chat(ADMIN_CHAT).messages), timeout=30)
        fake.faults = FaultPlan()
        await bot.act(jana, "say", "/interact novak", "Contacts matching")
        await bot.act(jana, "tap", "Jan Novák", "which kind")
        await bot.act(jana, "tap", "Outgoing call", "New interaction")
        fake.faults = FaultPlan(
            probability=1.0, methods=frozenset({"sendMessage"}), kinds=("redirect",)
        )
        await bot.act(jana, "tap", "Log", "Logged #1")
        # A second attempt began: a clean stop lets it finish and keep its error.
        await fake.wait_for(lambda: fake.faults.injected["redirect"] > 11, timeout=30)
    finally:
        await bot.stop()
    written += [bot.stdout, bot.stderr]
    stored, errors = await database_text(database_url)
    admin_chat = "\n".join(m.text for m in fake.chat(ADMIN_CHAT).messages)
    assert "setWebhook" in bot.stderr and "TooManyRedirects" in errors[0]  # all happened
    assert "BadRequest" in admin_chat
    for secret in secrets(fake):
        assert secret not in "\n".join(written)
        assert secret not in stored
        assert secret not in admin_chat
