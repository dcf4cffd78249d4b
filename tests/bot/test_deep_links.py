"""Deep links: `/start c_<contact no>` (a QR code on a visit sheet, a shared contact card)
opens the template step for that contact; an unknown or forged one and a contact blocked
for privacy are refused as a search's choice would be."""

from __future__ import annotations

import pytest

from bot.deep_links import contact_link, contact_of, contact_parameter
from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory, current_draft, entries_of
from tests.seed import JANA


async def test_a_deep_link_opens_the_template_step_two_taps_to_a_logged_call(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/start c_CT000002")
    assert "Jan Novák (Alza s.r.o.): which kind of interaction?" in jana.last.text
    await jana.tap("Outgoing call")  # 1
    await jana.tap("Log")  # 2
    assert "Logged #1" in jana.last.text
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.salesperson_code == "JN"


@pytest.mark.parametrize("parameter", ["c_CT999999", "c_CT0000'02", "x_zz", "x_ff"])
async def test_a_forged_link_is_refused_and_opens_nothing(
    jana: FakeUser, seeded: Factory, parameter: str
) -> None:
    await jana.say(f"/start {parameter}")
    text = jana.last.text
    assert "which kind of interaction" not in text
    if parameter == "c_CT999999":
        assert "CT999999" in text  # the contact is not found, as a forged search button
    else:
        assert "Hello" in text  # no contact named: the help
    assert await current_draft(seeded, JANA.telegram_id) is None


async def test_a_link_to_a_privacy_blocked_contact_is_refused(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/start c_CT000006")
    assert "marked as blocked due to privacy" in jana.last.text
    assert await current_draft(seeded, JANA.telegram_id) is None


async def test_an_unregistered_user_following_a_link_is_told_to_register(
    stranger: FakeUser,
) -> None:
    await stranger.say("/start c_CT000002")
    assert "You are not authorised" in stranger.last.text


def test_contact_numbers_of_any_characters_travel_in_the_link() -> None:
    assert contact_link("interlog_bot", "CT000002") == (
        "https://t.me/interlog_bot?start=c_CT000002"
    )
    for no in ("CT000002", "K/2026 Ž", "A B"):
        parameter = contact_parameter(no)
        assert len(parameter) <= 64 and parameter.replace("_", "").replace("-", "").isalnum()
        assert contact_of(parameter) == no
    assert contact_of("register") is None
