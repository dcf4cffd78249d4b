"""Contact results come in pages with Previous and Next."""

from __future__ import annotations

import pytest

from sandbox.bot_api import FakeUser


@pytest.fixture
def bot_settings() -> dict[str, object]:
    return {"page_size": 1}


async def test_results_are_paged(jana: FakeUser) -> None:
    await jana.say("/interact nov")
    assert jana.last.buttons[0] == "Eva Nováková (Alza s.r.o.)"
    assert "Next ▶" in jana.last.buttons and "◀ Previous" not in jana.last.buttons
    await jana.tap("Next")
    assert jana.last.buttons[0] == "Jan Novák (Alza s.r.o.)"
    assert "◀ Previous" in jana.last.buttons and "Next ▶" not in jana.last.buttons
    await jana.tap("Previous")
    assert jana.last.buttons[0] == "Eva Nováková (Alza s.r.o.)"
    await jana.tap("Eva Nováková")
    assert "which kind of interaction?" in jana.last.text
