"""/interact end to end: a salesperson logs a call in four actions."""

from __future__ import annotations

from collections.abc import Callable

from storage import SqlUnitOfWork
from tests.bot.conftest import TEAM_CHAT
from tests.fake_telegram import FakeTelegram, FakeUser


async def _entries(factory: Callable[[], SqlUnitOfWork], contact: str) -> list:  # type: ignore[type-arg]
    async with factory() as uow:
        return await uow.entries.history([contact], limit=100)


async def test_standard_interaction_in_four_actions(
    jana: FakeUser, fake: FakeTelegram, seeded: Callable[[], SqlUnitOfWork]
) -> None:
    await jana.say("/interact novak")  # 1
    assert "Jan Novák (Alza s.r.o.)" in jana.last.buttons
    await jana.tap("Jan Novák")  # 2
    assert any("Outgoing call" in b for b in jana.last.buttons)
    await jana.tap("Outgoing call")  # 3
    card = jana.last.text
    assert "Contact: Jan Novák" in card and "Cost: 2.50" in card and "Duration: 5 min" in card
    await jana.tap("Log")  # 4
    assert "Logged #1" in jana.last.text
    [entry] = await _entries(seeded, "CT000002")
    assert (entry.template_code, entry.salesperson_code, entry.postponed) == (
        "CALL-OUT",
        "JN",
        False,
    )
    team = fake.chat(TEAM_CHAT)
    await fake.wait_for(lambda: len(team.messages) >= 1)
    assert len(team.messages) == 1
    assert "Jana Nováková logged Outgoing call with Jan Novák" in team.messages[0].text
