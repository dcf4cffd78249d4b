"""The bot layer's tables: conversation state, processed updates, the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.model import OutboxMessage
from storage import SqlUnitOfWork

UowFactory = Callable[[], SqlUnitOfWork]
T0 = dt.datetime(2024, 5, 17, 12, 0, tzinfo=dt.UTC)


async def test_chat_state_round_trip(uow_factory: UowFactory) -> None:
    payload = {"flow": "log", "step": "template", "draft": 3, "note": "Žluťoučký"}
    async with uow_factory() as uow:
        assert await uow.chat_states.get(1) is None
        await uow.chat_states.save(1, payload, 1)
        await uow.chat_states.save(1, {**payload, "step": "done"}, 2)
        await uow.chat_states.save(2, {}, 0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat_states.get(1) == ({**payload, "step": "done"}, 2)
        await uow.chat_states.delete(1)
        assert await uow.chat_states.get(1) is None
        assert await uow.chat_states.get(2) == ({}, 0)


async def test_claim_is_true_once_per_update(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.processed_updates.claim(1, 100, T0) is True
        assert await uow.processed_updates.claim(1, 100, T0) is False
        assert await uow.processed_updates.claim(2, 100, T0) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.processed_updates.claim(1, 100, T0) is False
        assert await uow.processed_updates.claim(1, 101, T0 + dt.timedelta(hours=2)) is True
        assert await uow.processed_updates.prune(T0 + dt.timedelta(hours=1)) == 2
        assert await uow.processed_updates.claim(1, 100, T0) is True  # forgotten


async def test_prune_keeps_updates_received_and_not_handled(uow_factory: UowFactory) -> None:
    """However old: a bot down for longer than the retention still handles them at start."""
    async with uow_factory() as uow:
        await uow.processed_updates.receive(1, [(200, '{"update_id": 200}')], T0)
        assert await uow.processed_updates.claim(1, 201, T0) is True
        assert await uow.processed_updates.prune(T0 + dt.timedelta(days=30)) == 1
        assert await uow.processed_updates.waiting(1) == ['{"update_id": 200}']


async def test_outbox_due_mark_sent_mark_failed(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.outbox.add(chat_id=7_000_000_000, text="first", now=T0)
        await uow.outbox.add(chat_id=2, text="second", now=T0 + dt.timedelta(seconds=1))
        await uow.outbox.add(chat_id=3, text="later", now=T0 + dt.timedelta(hours=1))
        await uow.commit()
    async with uow_factory() as uow:
        due = await uow.outbox.due(T0 + dt.timedelta(minutes=1), 10)
        assert due == [
            OutboxMessage(1, 7_000_000_000, "first", 0),
            OutboxMessage(2, 2, "second", 0),
        ]
        assert await uow.outbox.due(T0 + dt.timedelta(minutes=1), 1) == due[:1]
        await uow.outbox.mark_sent(1, T0 + dt.timedelta(minutes=1))
        await uow.outbox.mark_failed(2, T0 + dt.timedelta(minutes=5), "429 Too Many Requests")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.due(T0 + dt.timedelta(minutes=2), 10) == []
        retry = await uow.outbox.due(T0 + dt.timedelta(minutes=5), 10)
        assert retry == [OutboxMessage(2, 2, "second", 1)]
        naive_now = dt.datetime(2024, 5, 17, 13, 0)  # naive means UTC
        assert [m.id for m in await uow.outbox.due(naive_now, 10)] == [2, 3]


async def test_outbox_add_defaults_to_now(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.outbox.add(chat_id=1, text="now")
        assert await uow.outbox.due(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1), 5) == [
            OutboxMessage(1, 1, "now", 0)
        ]


# SKIP LOCKED is PostgreSQL's; SQLite's transactions are serialised.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_outbox_senders_skip_each_others_rows(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        for n in range(4):
            await uow.outbox.add(chat_id=n, text=f"m{n}", now=T0)
        await uow.commit()
    async with uow_factory() as first, uow_factory() as second:
        mine = await first.outbox.due(T0, 2)
        theirs = await second.outbox.due(T0, 10)
    assert [m.id for m in mine] == [1, 2]
    assert [m.id for m in theirs] == [3, 4]
