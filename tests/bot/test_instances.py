"""Two `interlog run` processes in webhook mode on one PostgreSQL database, behind a reverse
proxy (tests/bot/balancer.py): one user's updates are serialised across them.

CI fires 50 conflicting pairs of taps; INTERLOG_RACE_ROUNDS makes it more."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.i18n import translate
from domain.access import OPERATOR
from domain.model import ContactCriteria, Evaluation, Salesperson, User
from domain.services import segments as seg
from sandbox.bot_api import FakeTelegram, FakeUser
from sandbox.bot_api.state import ChatMessage
from storage.tables import draft, interaction_log_entry, logged_segment, outbox, segment_line
from tests.bot.balancer import Balancer, alternating
from tests.bot.conftest import TEAM_CHAT, WEBHOOK_SECRET, free_port
from tests.bot.helpers import Factory, entries_of, postponed_of
from tests.bot.process import BotProcess
from tests.bot.test_restart import INTERACT
from tests.conftest import database_url_for
from tests.seed import JANA

ROUNDS = int(os.environ.get("INTERLOG_RACE_ROUNDS", "50"))
STALE = translate("stale")


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Several processes on one database: PostgreSQL, where each runs its own transactions
    side by side (on SQLite every transaction already waits for the one before)."""
    return database_url_for("postgresql", request, tmp_path)


@dataclass
class Instances:
    balancer: Balancer
    bots: list[BotProcess]


@pytest.fixture
async def instances(
    fake: FakeTelegram, seeded: Factory, database_url: str
) -> AsyncIterator[Instances]:
    ports = [free_port(), free_port()]
    balancer = await Balancer(ports).start()
    settings = {
        "WEBHOOK_URL": balancer.url,  # both register the proxy's address, as in production
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TEAM_CHAT_ID": str(TEAM_CHAT),
        "MESSAGES_PER_SECOND": "0",
        "GROUP_MESSAGES_PER_MINUTE": "1000",
    }
    bots = [BotProcess(fake, database_url, WEBHOOK_PORT=str(p), **settings) for p in ports]
    try:
        for bot in bots:
            await bot.start()
        await fake.wait_for(lambda: len(fake.calls_of("setWebhook")) == len(bots), timeout=60)
        yield Instances(balancer, bots)
    finally:
        for bot in bots:
            await bot.stop()
        await balancer.stop()


@dataclass(frozen=True)
class Snapshot:
    logged: int
    postponed: int
    drafts: int
    team_messages: int
    step: str
    draft_id: int | None


async def snapshot(factory: Factory, telegram_id: int) -> Snapshot:
    e = interaction_log_entry
    async with factory() as uow:
        conn = uow.connection
        count = select(func.count()).select_from(e)
        logged = await conn.scalar(count.where(e.c.postponed.is_(False)))
        postponed = await conn.scalar(count.where(e.c.postponed.is_(True)))
        drafts = await conn.scalar(
            select(func.count()).select_from(draft).where(draft.c.user_id == telegram_id)
        )
        stored = await uow.chat_states.get(telegram_id)
    assert stored is not None
    payload, _ = stored
    return Snapshot(
        logged=logged or 0,
        postponed=postponed or 0,
        drafts=drafts or 0,
        team_messages=await team_messages(factory),
        step=f"{payload['flow']}:{payload['step']}",
        draft_id=payload.get("draft_id"),
    )


async def team_messages(factory: Factory) -> int:
    """Notifications written to the outbox for the team chat."""
    async with factory() as uow:
        count = select(func.count()).select_from(outbox).where(outbox.c.chat_id == TEAM_CHAT)
        return int(await uow.connection.scalar(count) or 0)


def button(user: FakeUser, label: str) -> tuple[ChatMessage, str]:
    for message in reversed(user.messages):
        for each in message.inline_buttons():
            if label in str(each.get("text", "")):
                return message, str(each["callback_data"])
    raise AssertionError(f"no button {label!r}; last message: {user.last}")


async def tap_both_at_once(
    fake: FakeTelegram, balancer: Balancer, user: FakeUser, first: str, second: str
) -> tuple[str, str]:
    """Taps two buttons on the screen as it is now, the first to instance A and the second
    to instance B, delivered together; the answer each tap got."""
    taps = [button(user, first), button(user, second)]
    fired = balancer.hold([0, 1])
    for message, data in taps:
        user.send_callback(message, data)
    assert await fired == [200, 200]  # both stored by their instance
    queries = user.callback_queries[-2:]
    await fake.wait_for(lambda: all(q.answered for q in queries), timeout=30)
    return queries[0].answer_text or "", queries[1].answer_text or ""


def one_won(answers: tuple[str, str]) -> int:
    """Which tap won (0 or 1): the other one must have been told its card was out of date."""
    assert [answer == STALE for answer in answers].count(True) == 1, answers
    return 0 if answers[1] == STALE else 1


async def test_conflicting_taps_on_two_instances_at_once_make_one_entry(
    fake: FakeTelegram, seeded: Factory, instances: Instances
) -> None:
    bot, balancer = instances.bots[0], instances.balancer
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")

    async def open_card() -> None:
        await bot.act(jana, "say", "/interact novak", "Contacts matching")
        await bot.act(jana, "tap", "Jan Novák", "which kind of interaction?")
        await bot.act(jana, "tap", "Outgoing call", "New interaction")

    card_open = False
    for round_no in range(ROUNDS):
        kind = round_no % 3
        if kind == 2:  # Resume + Delete of one postponed interaction
            if (await snapshot(seeded, JANA.telegram_id)).postponed == 0:
                await open_card()
                await bot.act(jana, "tap", "Postpone", "Postponed: interaction")
            await bot.act(jana, "say", "/postponed", "Your postponed interactions")
            before = await snapshot(seeded, JANA.telegram_id)
            winner = one_won(await tap_both_at_once(fake, balancer, jana, "Resume", "Delete"))
            after = await snapshot(seeded, JANA.telegram_id)
            assert (after.logged, after.postponed) == (before.logged, before.postponed)
            if winner == 0:
                assert after.step == "interact:card" and after.draft_id is not None
                assert after.drafts == 1
            else:
                assert after.step == "postponed:confirm_delete" and after.draft_id is None
                assert after.drafts == 0
            card_open = winner == 0
            continue
        resumed = card_open  # the card of a postponed entry: finishing it makes no new one
        if not card_open:
            await open_card()
        before = await snapshot(seeded, JANA.telegram_id)
        second = "Log" if kind == 0 else "Postpone"
        winner = one_won(await tap_both_at_once(fake, balancer, jana, "Log", second))
        after = await snapshot(seeded, JANA.telegram_id)
        card_open = False
        # One draft became exactly one entry, logged or postponed, and nothing is open.
        assert after.drafts == 0 and after.draft_id is None
        logged = kind == 0 or winner == 0
        assert after.logged - before.logged == (1 if logged else 0)
        assert after.team_messages - before.team_messages == (1 if logged else 0)
        total = before.logged + before.postponed + (0 if resumed else 1)
        assert after.logged + after.postponed == total


async def test_an_instance_killed_mid_conversation_the_other_finishes_it(
    fake: FakeTelegram, seeded: Factory, instances: Instances
) -> None:
    a, b = instances.bots
    instances.balancer.route = alternating(2)
    jana = fake.user(user_id=JANA.telegram_id, first_name="Jana")
    half = len(INTERACT) // 2
    for action, argument, expect in INTERACT[:half]:
        await a.act(jana, action, argument, expect)
    await a.kill9()
    instances.balancer.route = lambda _: 1  # the proxy's health check takes A out
    for action, argument, expect in INTERACT[half:]:
        await b.act(jana, action, argument, expect)
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.entry_no == 1 and not entry.postponed
    assert (entry.template_code, entry.cost, entry.evaluation) == (
        "CALL-OUT",
        Decimal("12.40"),
        Evaluation.VERY_POSITIVE,
    )
    assert await postponed_of(seeded, "JN") == []


USERS = int(os.environ.get("INTERLOG_INSTANCES_USERS", "3"))


async def _register(factory: Factory, ids: list[int]) -> dict[int, str]:
    """A salesperson per user, each with a segment of their own (the Praha contacts)."""
    segments: dict[int, str] = {}
    async with factory() as uow:
        for telegram_id in ids:
            code = f"L{telegram_id}"
            await uow.salespeople.save(Salesperson(code, f"Seller {telegram_id}"))
            await uow.users.save(User(telegram_id=telegram_id, salesperson_code=code))
            segment = await seg.create_segment(
                uow,
                user=OPERATOR,
                description="Calls",
                salesperson_code=code,
                template_code="CALL-OUT",
            )
            await seg.add_contacts(
                uow, user=OPERATOR, no=segment.no, criteria=ContactCriteria(city="Praha")
            )
            segments[telegram_id] = segment.no
        await uow.commit()
    return segments


async def _conversations(bot: BotProcess, user: FakeUser, segment_no: str) -> None:
    """/interact, /cancel, /postponed and resume, log; then /logsegment with a follow-up."""
    cost = f"{user.id % 100}.25"  # each user's own value
    for action, argument, expect in [
        ("say", "/interact novak", "Contacts matching"),
        ("tap", "Jan Novák", "which kind of interaction?"),
        ("tap", "Outgoing call", "New interaction"),
        ("tap", "Cost", "Send the cost"),
        ("say", cost, f"Cost: {cost}"),
        ("say", "/cancel", "Postponed: interaction"),
        ("say", "/postponed", "Your postponed interactions"),
        ("tap", "Resume", "Resumed interaction"),
        ("tap", "Log", "Logged #"),
        ("say", "/logsegment", "Which segment"),
        ("tap", segment_no, "Create a follow-up segment?"),
        ("tap", "Yes", "Follow-up segment"),
    ]:
        await bot.act(user, action, argument, expect)


async def _results(factory: Factory, telegram_id: int) -> tuple[Any, ...]:
    """What a user's conversations left in the database, without numbers and times that
    depend on what the other users did meanwhile."""
    e, code = interaction_log_entry, f"L{telegram_id}"
    async with factory() as uow:
        conn = uow.connection
        entries = await conn.execute(
            select(
                e.c.contact_no, e.c.template_code, e.c.cost, e.c.duration, e.c.postponed,
                e.c.segment_no != "", e.c.campaign_no,
            ).where(e.c.user_id == str(telegram_id))
        )  # fmt: skip
        lines = await conn.scalar(
            select(func.count())
            .select_from(segment_line)
            .where(segment_line.c.salesperson_code == code)
        )
        logged = await conn.scalar(
            select(func.count())
            .select_from(logged_segment)
            .where(logged_segment.c.user_id == str(telegram_id))
        )
        stored = await uow.chat_states.get(telegram_id)
    assert stored is not None
    rows = sorted((row[0], row[1], str(row[2]), *row[3:]) for row in entries)
    return rows, lines, logged, stored[0]["flow"], stored[0].get("draft_id")


async def test_conversations_alternating_between_instances_end_as_on_one(
    fake: FakeTelegram, seeded: Factory, instances: Instances
) -> None:
    """The same conversations, once with every user's updates alternating between A and B,
    once all on A: the same entries, logged segments, follow-ups and team messages."""
    a = instances.bots[0]
    outcome: dict[str, list[tuple[Any, ...]]] = {}
    team: dict[str, int] = {}
    for run, route, first_id in [("two", alternating(2), 7000), ("one", lambda _: 0, 8000)]:
        instances.balancer.route = route
        ids = [first_id + n for n in range(USERS)]
        segments = await _register(seeded, ids)
        users = [fake.user(user_id=i, first_name=f"Seller {i}") for i in ids]
        before = await team_messages(seeded)
        await asyncio.gather(*(_conversations(a, u, segments[u.id]) for u in users))
        team[run] = await team_messages(seeded) - before
        outcome[run] = [await _results(seeded, i) for i in ids]
    assert outcome["two"] == outcome["one"]
    # Each: the interaction and the segment's two lines, a logged segment, and nothing open.
    assert {(len(r[0]), r[2], r[3], r[4]) for r in outcome["one"]} == {(3, 1, "idle", None)}
    assert team["two"] == team["one"] == 2 * USERS
    # The team chat gets each notification once, whichever instance sent it.
    group = fake.state.chats[TEAM_CHAT]
    await fake.wait_for(lambda: len(group.messages) == 4 * USERS, timeout=30)
