"""The fake Telegram Bot API server, exercised by a real python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, EndPointNotFound, NetworkError, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from sandbox.bot_api import FakeTelegram, FaultPlan, MarkDoneProcessor
from tests.bot.conftest import free_port

App = Application[Any, Any, Any, Any, Any, Any]
MENU = [["Novák s.r.o.", "Dvořák"], ["Cancel"]]


# -- a tiny bot ------------------------------------------------------------------------------
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_user
    await update.effective_message.reply_text(f"Hello {update.effective_user.first_name}!")


async def pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    data = {"Novák s.r.o.": "client:1", "Dvořák": "client:2", "Cancel": "cancel"}
    rows = [
        [InlineKeyboardButton(label, callback_data=data[label]) for label in row] for row in MENU
    ]
    await update.effective_message.reply_text(
        "Pick a client:", reply_markup=InlineKeyboardMarkup(rows)
    )


async def on_pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and query.data
    try:
        await query.edit_message_text(f"Logged for {query.data}")
    except BadRequest as exc:
        if "message is not modified" not in exc.message.lower():  # PTB capitalises it
            raise
        await query.answer("Already logged")
        return
    await query.answer(f"Picked {query.data}")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    assert message and user
    await message.reply_text(f"{user.first_name} said: {message.text}")


async def on_voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message and message.voice
    file = await context.bot.get_file(message.voice.file_id)
    content = await file.download_as_bytearray()
    duration = message.voice.duration
    seconds = duration.total_seconds() if isinstance(duration, dtm.timedelta) else duration
    await message.reply_text(f"voice {seconds:g}s, {len(content)} bytes")


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message
    if message.location:
        await message.reply_text(f"at {message.location.latitude},{message.location.longitude}")
    elif message.photo:
        await message.reply_text(f"photo {message.photo[-1].width}px: {message.caption}")
    elif message.document:
        await message.reply_text(f"document {message.document.file_name}")


def build_app(fake: FakeTelegram, rate_limiter: AIORateLimiter | None = None) -> App:
    builder = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .connection_pool_size(32)
        .concurrent_updates(MarkDoneProcessor(fake))
    )
    app: App = builder.rate_limiter(rate_limiter).build() if rate_limiter else builder.build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("pick", pick))
    app.add_handler(CallbackQueryHandler(on_pick))
    app.add_handler(MessageHandler(filters.VOICE, on_voice))
    app.add_handler(
        MessageHandler(filters.LOCATION | filters.PHOTO | filters.Document.ALL, on_media)
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


@asynccontextmanager
async def polling(app: App) -> AsyncIterator[App]:
    assert app.updater
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=2)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


@pytest.fixture(autouse=True)
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's future timedelta durations (else accessing them warns)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(timeout=5) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    """A bare PTB Bot (no Application) talking to the fake."""
    request = HTTPXRequest(connection_pool_size=32)
    async with Bot(fake.token, base_url=fake.base_url, request=request) as client:
        yield client


async def call(method: str, fake: FakeTelegram, **params: Any) -> tuple[int, dict[str, Any]]:
    """A raw Bot API call with a JSON body; returns HTTP status and decoded answer."""
    async with (
        aiohttp.ClientSession(trust_env=False) as http,
        http.post(f"{fake.base_url}{fake.token}/{method}", json=params) as response,
    ):
        return response.status, await response.json()


# -- polling end to end ----------------------------------------------------------------------
async def test_command_reply_in_private_chat(fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana", username="jana")
    async with polling(build_app(fake)):
        replies = await jana.say("/start")
        second = await jana.say("ahoj")

    assert [m.text for m in replies] == ["Hello Jana!"]
    assert [m.text for m in second] == ["Jana said: ahoj"]
    assert [m.message_id for m in jana.chat.history.values()] == [1, 2, 3, 4]
    assert [m.message_id for m in jana.messages] == [2, 4]
    assert fake.calls_of("sendMessage")[0]["chat_id"] == 1001
    assert "getMe" in [name for name, _ in fake.calls]
    assert fake.calls_of("deleteWebhook"), "PTB's polling bootstrap deletes the webhook"


async def test_tap_edits_message_and_answers_callback(fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana")
    async with polling(build_app(fake)):
        await jana.say("/pick")
        menu = jana.last
        assert menu.button_rows == MENU

        changed = await jana.tap("Novák")
        assert [m.message_id for m in changed] == [menu.message_id]
        assert (menu.text, menu.edits, menu.buttons) == ("Logged for client:1", 1, [])
        assert jana.callback_answers == ["Picked client:1"]

        # A stale tap on the old keyboard: the same edit again is "message is not modified".
        assert await jana.tap_data(menu.message_id, "client:1") == []
        assert jana.callback_answers[-1] == "Already logged"
        assert (menu.edits, len(fake.calls_of("editMessageText"))) == (1, 2)

        with pytest.raises(AssertionError, match="no inline button containing 'Zeman'"):
            await jana.tap("Zeman")
        await jana.say("/pick")
        with pytest.raises(AssertionError, match=r"ambiguous.*Novák s\.r\.o\..*Dvořák"):
            await jana.tap("á")


async def test_group_chat_messages(fake: FakeTelegram) -> None:
    team = fake.group(-100123, "Team")
    jana, petr = fake.user(1001, "Jana"), fake.user(1002, "Petr")
    async with polling(build_app(fake)):
        await jana.say_in(team, "ráno volám Novákovi")
        replies = await petr.say_in(team, "ok")

    assert [m.text for m in replies] == ["Petr said: ok"]
    assert [m.text for m in fake.chat(-100123).messages] == [
        "Jana said: ráno volám Novákovi",
        "Petr said: ok",
    ]
    assert fake.chat(-100123).to_json()["type"] == "supergroup"
    assert jana.messages == [] and petr.messages == []


async def test_media_and_file_download(fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana")
    async with polling(build_app(fake)):
        voice = await jana.send_voice(duration=7, content=b"x" * 1234)
        where = await jana.send_location(50.08, 14.42)
        photo = await jana.send_photo(caption="vizitka")
        document = await jana.send_document(file_name="nabidka.pdf")

    assert [m.text for m in voice + where + photo + document] == [
        "voice 7s, 1234 bytes",
        "at 50.08,14.42",
        "photo 1280px: vizitka",
        "document nabidka.pdf",
    ]
    assert fake.calls_of("getFile")[0]["file_id"].startswith("FakeVoiceFileId")


async def test_duplicate_and_out_of_order_delivery(fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana")
    fake.faults = FaultPlan(seed=7, duplicate_probability=1.0)
    async with polling(build_app(fake)):
        jana.send("jednou")
        await fake.wait_idle()
        assert [m.text for m in jana.messages] == ["Jana said: jednou"] * 2

        fake.faults = FaultPlan(seed=7, swap_probability=1.0)
        first, second = jana.send("první"), jana.send("druhá")
        await fake.wait_idle()

    assert [m.text for m in jana.messages[2:]] == ["Jana said: druhá", "Jana said: první"]
    assert fake.faults.injected["swap"] == 1
    assert fake.tracker.handouts[first] == fake.tracker.handouts[second] == 1


async def test_rate_limiter_honours_retry_after(fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana")
    fake.faults = FaultPlan(probability=1.0, kinds=("429",), retry_after=1, max_faults=1)
    async with polling(build_app(fake, AIORateLimiter(max_retries=2))):
        replies = await jana.say("/start")

    assert [m.text for m in replies] == ["Hello Jana!"]
    assert len(fake.calls_of("sendMessage")) == 2
    assert fake.faults.injected["429"] == 1


# -- the Bot API surface ---------------------------------------------------------------------
async def test_unknown_method_is_404_and_recorded(
    fake: FakeTelegram, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(EndPointNotFound):
        await bot.do_api_request("frobnicateChat", api_kwargs={"chat_id": 1})
    status, body = await call("sendPigeon", fake)

    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method sendPigeon"},
    )
    assert fake.unknown_methods == ["frobnicateChat", "sendPigeon"]
    assert "frobnicateChat" in caplog.text


async def test_fault_plan_429_500_and_slow(fake: FakeTelegram, bot: Bot) -> None:
    jana = fake.user(1001, "Jana")
    fake.faults = FaultPlan(probability=1.0, kinds=("429",), retry_after=1, max_faults=1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(jana.id, "a")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    assert jana.messages == []
    await bot.send_message(jana.id, "a")  # the retry goes through
    assert [m.text for m in jana.messages] == ["a"]

    fake.faults = FaultPlan(probability=1.0, kinds=("429",), retry_after=1, max_faults=1)
    assert await call("sendMessage", fake, chat_id=jana.id, text="b") == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    )
    # PTB only raises RetryAfter for a truthy retry_after; 0 becomes a plain NetworkError.
    fake.faults = FaultPlan(probability=1.0, kinds=("429",), retry_after=0, max_faults=1)
    with pytest.raises(NetworkError, match="retry after 0") as zero:
        await bot.send_message(jana.id, "c")
    assert not isinstance(zero.value, RetryAfter)

    fake.faults = FaultPlan(probability=1.0, kinds=("500",), max_faults=1)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(jana.id, "d")
    fake.faults = FaultPlan(probability=1.0, kinds=("slow",), slow_delay=0.01)
    await bot.send_message(jana.id, "e")
    assert [m.text for m in jana.messages] == ["a", "e"]
    assert fake.faults.injected["slow"] == 1


async def test_edit_and_delete_errors_match_telegram(fake: FakeTelegram, bot: Bot) -> None:
    jana = fake.user(1001, "Jana")
    sent = await bot.send_message(jana.id, "<b>Novák</b> &amp; syn", parse_mode="HTML")
    assert (sent.message_id, jana.last.text) == (1, "Novák & syn")

    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=jana.id, message_id=99)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>Novák</b> &amp; syn", jana.id, 1, parse_mode="HTML")
    await bot.edit_message_text("Novák", chat_id=jana.id, message_id=1)
    assert (jana.last.text, jana.last.edits) == ("Novák", 1)

    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(jana.id, "<b>Novák", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await bot.send_message(jana.id, "s.r.o.", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "who?")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        button = InlineKeyboardButton("x", callback_data="x" * 65)
        await bot.send_message(jana.id, "y", reply_markup=InlineKeyboardMarkup([[button]]))

    assert await bot.delete_message(jana.id, 1)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(jana.id, 1)
    assert jana.messages == []


async def test_commands_chat_action_and_webhook_info(bot: Bot, fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana")
    await bot.set_my_commands([("interact", "Log an interaction")])
    assert [(c.command, c.description) for c in await bot.get_my_commands()] == [
        ("interact", "Log an interaction")
    ]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert await bot.send_chat_action(jana.id, "typing")
    assert fake.state.chat_actions == [(1001, "typing")]
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("", 0)
    assert {"127.0.0.1", "localhost"} <= set(os.environ["NO_PROXY"].split(","))


async def test_long_poll_wakes_on_update_and_honours_offset(fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana")
    loop = asyncio.get_running_loop()
    waiting = fake.queue.next_wait()
    started = loop.time()
    poll = asyncio.create_task(call("getUpdates", fake, timeout=5))
    await waiting  # the long poll is parked server-side now
    first = jana.send("jedna")
    status, body = await poll
    assert loop.time() - started < 2, "the long poll must wake up when an update is queued"
    assert status == 200 and [u["update_id"] for u in body["result"]] == [first]
    assert body["result"][0]["message"]["text"] == "jedna"

    second, third = jana.send("dva"), jana.send("tři")
    _, body = await call("getUpdates", fake, offset=first + 1, limit=1)
    assert [u["update_id"] for u in body["result"]] == [second]
    _, body = await call("getUpdates", fake)  # no offset: nothing new is confirmed
    assert [u["update_id"] for u in body["result"]] == [second, third]
    _, body = await call("getUpdates", fake, offset=third + 1, timeout=0)
    assert body == {"ok": True, "result": []}


# -- webhook end to end ----------------------------------------------------------------------
async def test_webhook_delivery_and_secret(fake: FakeTelegram) -> None:
    jana = fake.user(1001, "Jana")
    app = build_app(fake)
    assert app.updater
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    await app.initialize()
    await app.start()
    await app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path="hook", webhook_url=url, secret_token="s3cret"
    )
    try:
        assert (fake.webhook.config.url, fake.webhook.config.secret_token) == (url, "s3cret")
        replies = await jana.say("/start")
        assert [m.text for m in replies] == ["Hello Jana!"]
        assert (fake.webhook_deliveries.delivered, fake.webhook_deliveries.outcomes) == (1, [200])
        with pytest.raises(Conflict, match="webhook is active"):
            await app.bot.get_updates()

        fake.webhook.secret_override = "wrong"
        rejected = jana.send("ignored")
        outcome = await fake.wait_delivered(rejected)
        assert outcome.startswith("dropped: webhook gave up after 3 attempts")
        assert fake.webhook_deliveries.outcomes[1:] == [403, 403, 403]
        assert not fake.is_done(rejected)
        info = await app.bot.get_webhook_info()
        assert info.last_error_message == "Wrong response from the webhook: 403"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_get_file_refuses_files_over_twenty_megabytes_as_telegram_does(
    fake: FakeTelegram,
) -> None:
    small = fake.state.add_file("document", b"a,b\n", "csv")
    large = fake.state.add_file("document", b"x" * (20 * 1024 * 1024 + 1), "csv")
    status, body = await call("getFile", fake, file_id=small.file_id)
    assert status == 200 and body["result"]["file_path"] == small.file_path
    status, body = await call("getFile", fake, file_id=large.file_id)
    assert (status, body["description"]) == (400, "Bad Request: file is too big")
