"""Redeliveries, flaky Telegram, a failure in the middle of a huge segment, unexpected
errors: nothing is lost, nothing happens twice, the bot keeps running."""

from __future__ import annotations

import asyncio
import datetime as dt
import os

from sqlalchemy import insert
from telegram.ext import Application

from bot.transport.housekeeping import prune_processed_updates
from domain.model import (
    Contact,
    InformationFlow,
    InitiatedBy,
    Segment,
    SegmentLine,
)
from sandbox.bot_api import FakeTelegram, FakeUser, FaultPlan
from storage.tables import interaction_log_entry
from tests.bot.conftest import ADMIN_CHAT, TEAM_CHAT
from tests.bot.helpers import Factory, entries_of


async def _log_call(user: FakeUser, name: str = "Jan Novák") -> None:
    await user.say("/interact novak")
    await user.tap(name)
    await user.tap("Outgoing call")
    await user.tap("Log")


async def test_every_update_delivered_twice_changes_things_once(
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    fake.faults = FaultPlan(seed=7, duplicate_probability=1.0)
    await _log_call(jana)
    await _log_call(jana, "Eva Nováková")
    await fake.wait_idle()
    assert fake.faults.injected["duplicate"] >= 8
    assert len(await entries_of(seeded, "CT000002", "CT000003")) == 2
    team = fake.chat(TEAM_CHAT)
    await fake.wait_for(lambda: len(team.messages) >= 2)
    assert await _outbox_drained(app)
    assert len(team.messages) == 2  # one per interaction, none twice
    assert app.bot_data["unexpected_errors"] == 0


async def test_out_of_order_delivery_is_handled(
    jana: FakeUser, petr: FakeUser, fake: FakeTelegram, seeded: Factory
) -> None:
    fake.faults = FaultPlan(seed=3, swap_probability=1.0, duplicate_probability=0.5)
    first = petr.send("/help")
    second = jana.send("/interact alza s.r.o.")
    await fake.wait_idle()
    assert fake.faults.injected["swap"] >= 1
    assert fake.is_done(first) and fake.is_done(second)
    assert "which kind of interaction?" in jana.last.text
    assert "/segments" in petr.last.text


async def test_flaky_telegram_every_reply_and_notification_arrives_once(
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    fake.faults = FaultPlan(
        seed=11,
        probability=0.2,
        kinds=("429", "500", "slow"),
        retry_after=1,
        methods=frozenset({"sendMessage", "editMessageText", "answerCallbackQuery"}),
    )
    rounds = int(os.environ.get("INTERLOG_FLAKY_ROUNDS", "4"))
    for _ in range(rounds):
        await _log_call(jana)
        assert "Logged #" in jana.last.text
    assert fake.faults.call_faults >= 3
    assert len(await entries_of(seeded, "CT000002")) == rounds
    team = fake.chat(TEAM_CHAT)
    await fake.wait_for(lambda: len(team.messages) >= rounds, timeout=60)
    assert await _outbox_drained(app)
    assert len(team.messages) == rounds
    assert app.bot_data["unexpected_errors"] == 0


async def _outbox_drained(app: Application) -> bool:  # type: ignore[type-arg]
    await app.bot_data["outbox"].wait_drained()
    factory: Factory = app.bot_data["uow_factory"]
    async with factory() as uow:
        return not await uow.outbox.due(dt.datetime.now(dt.UTC) + dt.timedelta(days=1), 10)


async def test_old_update_ids_are_forgotten(seeded: Factory) -> None:
    now = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
    async with seeded() as uow:
        await uow.processed_updates.claim(1, 10, now - dt.timedelta(hours=49))
        await uow.processed_updates.claim(1, 11, now - dt.timedelta(hours=1))
        await uow.commit()
    pruned = await prune_processed_updates(seeded, retention=dt.timedelta(hours=48), now=now)
    async with seeded() as uow:
        assert await uow.processed_updates.claim(1, 10, now)  # forgotten: new again
        assert not await uow.processed_updates.claim(1, 11, now)
    assert pruned == 1


SEGMENT_LINES = int(os.environ.get("INTERLOG_SEGMENT_LINES", "100000"))


async def test_failure_halfway_through_a_huge_segment_writes_nothing(
    petr: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    contacts = [Contact(no=f"B{i:07d}", name=f"Bulk {i}") for i in range(SEGMENT_LINES)]
    async with seeded() as uow:
        await uow.contacts.save_many(contacts)
        await uow.segments.add(Segment(no="BIG", description="Everyone", template_code="CALL-OUT"))
        await uow.segments.add_lines(
            [
                SegmentLine(
                    segment_no="BIG",
                    line_no=(i + 1) * 10,
                    contact_no=c.no,
                    contact_company_no=c.no,
                    template_code="CALL-OUT",
                    information_flow=InformationFlow.OUTBOUND,
                    initiated_by=InitiatedBy.US,
                )
                for i, c in enumerate(contacts)
            ]
        )
        # An entry already holds the number that the middle line would get.
        await uow.connection.execute(
            insert(interaction_log_entry).values(
                entry_no=SEGMENT_LINES // 2,
                contact_no="CT000001",
                contact_company_no="CT000001",
                date=dt.date(2026, 1, 1),
                time=dt.time(9, 0),
                salesperson_code="PK",
                user_id="x",
            )
        )
        await uow.commit()
    await petr.say("/logsegment")
    await petr.tap("BIG")
    assert f"Lines: {SEGMENT_LINES:,}".replace(",", "") in petr.last.text.replace(",", "")
    await petr.tap("Yes")
    [apology] = [a for a in petr.callback_answers if "Error reference" in a]
    reference = apology.rsplit(" ", 1)[-1].rstrip(".")
    admins = fake.chat(ADMIN_CHAT)
    await fake.wait_for(lambda: bool(admins.messages))
    assert f"Error {reference}" in admins.last.text and "IntegrityError" in admins.last.text
    # Kept for the administrator; the report shows neither the SQL nor its parameters.
    assert "[parameters" not in admins.last.text and "INSERT" not in admins.last.text
    async with seeded() as uow:
        assert await uow.logged_segments.list(limit=5) == []
        summary = await uow.segments.summary("BIG")
        series = await uow.setup.series("SEGM")
        assert await uow.segments.get("S00001") is None  # no follow-up either
    assert summary is not None and summary.lines == SEGMENT_LINES
    assert series is not None and series.next_no == 1
    assert await entries_of(seeded, "B0000000", "B0000001") == []
    assert app.bot_data["unexpected_errors"] == 1
    await petr.say("/help")  # and the bot keeps running
    assert "/segments" in petr.last.text
    async with seeded() as uow:  # failed, it is not handled (and failed) again at each start
        assert await uow.processed_updates.waiting(app.bot_data["bot_id"]) == []
        [failed] = await uow.processed_updates.failed()
    assert "IntegrityError" in failed.error and "[parameters" not in failed.error


async def test_an_error_while_replying_to_a_tap_reaches_the_admins(
    jana: FakeUser,
    fake: FakeTelegram,
    app: Application,  # type: ignore[type-arg]
) -> None:
    """The tap is answered while the card is edited; when the edit is refused, the error
    handler cannot answer the tap again, and the admins must still hear of it."""
    await jana.say("/interact novak")
    fake.faults = FaultPlan(probability=1.0, kinds=("400",), methods=frozenset({"editMessageText"}))
    await jana.tap("Jan Novák")
    admins = fake.chat(ADMIN_CHAT)
    await fake.wait_for(lambda: bool(admins.messages))
    assert "BadRequest: Injected refusal" in admins.last.text
    assert app.bot_data["unexpected_errors"] == 1


async def test_a_clean_stop_lets_the_notification_in_flight_finish(
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    """Cut off, a notification Telegram accepted would not be marked sent, and the next
    start would send it again."""
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    gate = fake.gate("sendMessage")  # the reply to Log is an edit: this is the team's message
    await jana.tap("Log")
    await gate.arrived
    stopping = asyncio.create_task(app.bot_data["outbox"].stop())
    done, _ = await asyncio.wait({stopping}, timeout=0.5)
    assert not done  # waiting for Telegram's answer...
    gate.release()
    await stopping
    async with seeded() as uow:  # ...and the message is marked sent
        assert not await uow.outbox.due(dt.datetime.now(dt.UTC) + dt.timedelta(days=1), 10)
    assert len(fake.chat(TEAM_CHAT).messages) == 1
