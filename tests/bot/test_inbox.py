"""The poller's inbox: fetched updates are stored before Telegram is told they arrived, so
the poller fetches while updates are handled, and a run that dies leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from telegram.ext import Application

from bot.reply import Reply, Send, dump
from sandbox.bot_api import FakeTelegram, FakeUser, FaultPlan
from tests.bot.conftest import (
    TEAM_CHAT,
    Starter,
    stop_bot,
)
from tests.bot.helpers import Factory
from tests.seed import JANA


def _left_by_a_dead_run(fake: FakeTelegram, user: FakeUser, text: str) -> dict[str, object]:
    """An update a previous run fetched (so Telegram will not send it again) and stored."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    message = fake.state.store(user.chat, user.to_json(), text=text, content={"entities": entities})
    return {"update_id": 9_000, "message": message.to_json()}


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_an_update_stored_but_not_handled_is_handled_at_start(
    fake: FakeTelegram, seeded: Factory, start: Starter, webhook: bool
) -> None:
    bot_id = int(fake.token.partition(":")[0])
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    update = _left_by_a_dead_run(fake, jana, "/interact novak")
    async with seeded() as uow:
        now = dt.datetime.now(dt.UTC)
        await uow.processed_updates.receive(bot_id, [(9_000, json.dumps(update))], now)
        await uow.commit()
    await start(webhook=webhook)
    await fake.wait_for(lambda: any("Contacts matching" in m.text for m in jana.messages))
    async with seeded() as uow:
        assert await uow.processed_updates.waiting(bot_id) == []
        # Handled once: a second claim finds it done.
        assert not await uow.processed_updates.claim(bot_id, 9_000, dt.datetime.now(dt.UTC))


async def test_other_users_are_served_while_one_reply_hangs(
    fake: FakeTelegram,
    app: Application,
    jana: FakeUser,
    petr: FakeUser,  # type: ignore[type-arg]
) -> None:
    gate = fake.gate("sendMessage")
    jana.send("/interact novak")  # its reply hangs at Telegram
    await gate.arrived
    try:
        # A poller that waits for a batch to be handled before it fetches the next would
        # never see Petr's update.
        await petr.say("/help")
        assert "/interact" in petr.last.text
        assert not any("Contacts matching" in m.text for m in jana.messages)
    finally:
        gate.release()
    await fake.wait_for(lambda: any("Contacts matching" in m.text for m in jana.messages))


async def test_a_reply_kept_and_not_sent_is_sent_at_start(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    """As when a run committed an update and died before its reply went out."""
    jana = await _with_a_kept_reply(fake, seeded, "Where were we")
    await start()
    await fake.wait_for(lambda: any("Where were we" in m.text for m in jana.messages))
    # Once the replies are resent, the poller goes on to its first long poll.
    await fake.wait_for(lambda: [m for m, _ in fake.calls].count("getUpdates") >= 2)
    async with seeded() as uow:
        assert await uow.chat_states.unsent_replies() == []


async def test_a_kept_reply_is_not_sent_to_a_user_who_has_moved_on(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    jana = await _with_a_kept_reply(fake, seeded, "Where were we")
    update_id = jana.send("/help")  # sent while the bot was down
    await start()
    await fake.wait_done(update_id)
    assert [m.text for m in jana.messages if "Where were we" in m.text] == []
    assert "/interact" in jana.last.text


async def test_a_kept_reply_is_sent_when_telegram_sends_its_update_again(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    """The dead run committed the update and died before its reply went out, and before
    its next getUpdates told Telegram the update had arrived: Telegram sends it again."""
    bot_id = int(fake.token.partition(":")[0])
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    update_id = jana.send("/help")
    async with seeded() as uow:
        assert await uow.processed_updates.claim(bot_id, update_id, dt.datetime.now(dt.UTC))
        await uow.commit()
    await _keep_reply(seeded, jana, "Where were we", update_id=update_id)
    await start()
    await fake.wait_done(update_id)
    assert [m.text for m in jana.messages if m.from_bot] == ["Where were we"]
    async with seeded() as uow:
        assert await uow.chat_states.unsent_replies() == []


async def test_a_reply_telegram_does_not_take_is_kept_for_the_next_start(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    app = await start()
    app.bot_data["sender"].backoff = 0.01
    fake.faults = FaultPlan(probability=1.0, kinds=("500",), methods=frozenset({"sendMessage"}))
    update_id = jana.send("/help")
    await fake.wait_done(update_id)
    assert fake.faults.call_faults == app.bot_data["sender"].attempts
    async with seeded() as uow:
        assert [user for user, _, _ in await uow.chat_states.unsent_replies()] == [jana.id]
    await stop_bot(app)
    fake.faults = FaultPlan()  # Telegram is back
    polls = [m for m, _ in fake.calls].count("getUpdates")
    await start()
    await fake.wait_for(lambda: any("/interact" in m.text for m in jana.messages))
    # Once the replies are resent, the poller goes on to its first long poll.
    await fake.wait_for(lambda: [m for m, _ in fake.calls].count("getUpdates") >= polls + 2)
    async with seeded() as uow:
        assert await uow.chat_states.unsent_replies() == []


async def test_a_kept_reply_telegram_refuses_is_dropped_and_the_bot_goes_on(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    jana = await _with_a_kept_reply(fake, seeded, "x" * 5_000)  # over Telegram's 4,096
    await start()
    # Past the resending: the poller goes on to its first long poll.
    await fake.wait_for(lambda: [m for m, _ in fake.calls].count("getUpdates") >= 2)
    assert fake.calls_of("sendMessage")  # tried, and refused
    await jana.say("/help")
    assert "/interact" in jana.last.text
    async with seeded() as uow:
        assert await uow.chat_states.unsent_replies() == []


async def test_updates_that_change_nothing_are_not_handled_again_at_the_next_start(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    bot_id = int(fake.token.partition(":")[0])
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    team = fake.chat(TEAM_CHAT)
    app = await start()
    await jana.say_in(team, "/help")  # answered with a pointer to the private chat
    edited = fake.enqueue(  # the bot ignores edits
        {
            "edited_message": {
                "message_id": 1,
                "date": 0,
                "edit_date": 1,
                "chat": {"id": jana.id, "type": "private"},
                "from": jana.to_json(),
                "text": "/help",
            }
        }
    )
    await fake.wait_done(edited)
    async with seeded() as uow:
        assert await uow.processed_updates.waiting(bot_id) == []
    pointers = len([m for m in team.messages if m.from_bot])
    await stop_bot(app)
    await start()
    # Past what was left waiting: the poller goes on to its long polls.
    polls = [m for m, _ in fake.calls].count("getUpdates")
    await fake.wait_for(lambda: [m for m, _ in fake.calls].count("getUpdates") >= polls + 2)
    assert len([m for m in team.messages if m.from_bot]) == pointers == 1


async def _with_a_kept_reply(fake: FakeTelegram, seeded: Factory, text: str) -> FakeUser:
    """Jana, with a reply `text` kept by a run that died before sending it (the reply to an
    update older than any the fake sends: its ids start at 1)."""
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    await _keep_reply(seeded, jana, text, update_id=0)
    return jana


async def _keep_reply(seeded: Factory, user: FakeUser, text: str, *, update_id: int) -> None:
    reply = dump(Reply([Send(user.id, text)]))
    async with seeded() as uow:
        await uow.chat_states.save(user.id, {}, 1, reply=(update_id, reply))
        await uow.commit()
