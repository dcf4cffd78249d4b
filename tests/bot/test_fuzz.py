"""Random messages, commands and button payloads from registered and unregistered users:
never a traceback, strangers change nothing, and forged buttons cannot reach another
user's interaction.

CI runs the same 100 examples of up to 12 actions each time; INTERLOG_FUZZ_EXAMPLES=1800
with INTERLOG_FUZZ_RANDOM=1 is the run of about 10,000 fresh actions in the README."""

from __future__ import annotations

import os
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from telegram.ext import Application

from bot.conversations.router import ADMIN_COMMANDS, COMMANDS, TAPS
from domain.model import User
from sandbox.bot_api import FakeTelegram, FakeUser
from tests.bot.helpers import Factory
from tests.seed import JANA

EXAMPLES = int(os.environ.get("INTERLOG_FUZZ_EXAMPLES", "100"))
ACTIONS = sorted({action for table in TAPS.values() for action in table} | {"cancel"})
NAMES = ["frobnicate", "", "start@other_bot", *sorted(COMMANDS), *sorted(ADMIN_COMMANDS)]


@dataclass(frozen=True)
class Act:
    who: str  # "petr" (admin), "karel" (registered), "eve" (not registered)
    kind: str  # "text" or "tap"
    payload: str


def _payloads(targets: list[str]) -> st.SearchStrategy[str]:
    arguments = st.one_of(st.sampled_from(targets), st.text(max_size=30))
    forged = st.builds(
        lambda v, a, arg: f"{v}|{a}|{arg}",
        st.integers(min_value=0, max_value=60),
        st.sampled_from(ACTIONS),
        arguments,
    )
    return st.one_of(forged, st.text(max_size=80))


def _texts() -> st.SearchStrategy[str]:
    commands = st.builds(
        lambda name, junk: f"/{name} {junk}".rstrip(), st.sampled_from(NAMES), st.text(max_size=60)
    )
    return st.one_of(
        st.text(min_size=1, max_size=300),
        st.text(min_size=3000, max_size=4096, alphabet=st.characters(codec="utf-8")),
        commands,
        st.sampled_from([" ", "\n\t", "novak", "0", "-1", "12,50", "2026-02-30", "😀" * 50]),
    )


def _draw(strategy: st.SearchStrategy[list[Act]], examples: int) -> list[list[Act]]:
    """Hypothesis draws the batches up front (it cannot drive an async test itself); a
    failing action is named in the assertion."""
    drawn: list[list[Act]] = []

    @settings(
        max_examples=examples,
        # The same draw on every CI run; INTERLOG_FUZZ_RANDOM=1 explores new inputs.
        derandomize=not os.environ.get("INTERLOG_FUZZ_RANDOM"),
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(batch: list[Act]) -> None:
        drawn.append(batch)

    collect()
    return drawn


async def _targets(factory: Factory, jana: FakeUser) -> tuple[list[str], object, object]:
    """Jana parks one interaction and keeps another open: what forged buttons aim at."""
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    await jana.say("/interact eva")
    await jana.tap("Outgoing call")
    async with factory() as uow:
        [postponed] = await uow.entries.postponed("JN")
        state = await uow.chat_states.get(JANA.telegram_id)
        assert state is not None
        draft = await uow.drafts.get(int(state[0]["draft_id"]))
    targets = [str(postponed.entry_no), str(draft.id if draft else 0), "CT000002", "S00001"]
    return targets, postponed, draft


async def test_random_input_never_breaks_anything(
    fake: FakeTelegram,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
    jana: FakeUser,
    petr: FakeUser,
) -> None:
    targets, postponed, draft = await _targets(seeded, jana)
    karel = fake.user(user_id=1003, first_name="Karel")
    async with seeded() as uow:
        await uow.users.save(User(telegram_id=1003, salesperson_code="PK"))
        await uow.commit()
    eve = fake.user(user_id=4242, first_name="Eve")
    people = {"petr": petr, "karel": karel, "eve": eve}
    for person in people.values():
        await person.say("/start")
    actions = st.lists(
        st.builds(
            Act,
            st.sampled_from(sorted(people)),
            st.sampled_from(["text", "tap"]),
            st.one_of(_texts(), _payloads(targets)),
        ),
        min_size=1,
        max_size=12,
    )
    performed = 0
    for batch in _draw(actions, EXAMPLES):
        for act in batch:
            person = people[act.who]
            if act.kind == "text":
                await person.say(act.payload)
            else:
                await person.tap_data(person.last.message_id, act.payload)
            performed += 1
            assert app.bot_data["unexpected_errors"] == 0, act
    assert performed >= EXAMPLES
    async with seeded() as uow:
        # The stranger changed nothing and has no state.
        assert await uow.chat_states.get(4242) is None
        # Jana's parked and open interactions are exactly as she left them.
        assert await uow.entries.get(postponed.entry_no) == postponed  # type: ignore[attr-defined]
        assert await uow.drafts.get(draft.id) == draft  # type: ignore[attr-defined]
    assert app.bot_data["unexpected_errors"] == 0
