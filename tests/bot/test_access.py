"""Who may do what, stale and forged buttons, and groups."""

from __future__ import annotations

from tests.bot.conftest import TEAM_CHAT
from tests.bot.helpers import Factory, entries_of
from tests.fake_telegram import FakeTelegram, FakeUser


async def test_unregistered_user_is_told_their_id_and_nothing_is_written(
    stranger: FakeUser, seeded: Factory
) -> None:
    await stranger.say("/interact novak")
    assert stranger.last.text == (
        "You are not authorised. Ask an administrator to add your Telegram id 4242."
    )
    await stranger.tap_data(1, "0|contact|CT000002")
    assert any("not authorised" in a for a in stranger.callback_answers)
    async with seeded() as uow:
        assert await uow.chat_states.get(4242) is None


async def test_help_names_the_salesperson_and_commands(jana: FakeUser, petr: FakeUser) -> None:
    await jana.say("/start")
    assert "Jana Nováková" in jana.last.text and "/interact" in jana.last.text
    assert "/segments" not in jana.last.text
    await petr.say("/help")
    assert "/segments" in petr.last.text


async def test_segment_management_is_for_admins(jana: FakeUser, petr: FakeUser) -> None:
    await jana.say("/segments")
    assert "Only administrators" in jana.last.text
    await petr.say("/segments")
    assert "Open segments" in petr.last.text


async def test_stale_button_changes_nothing(jana: FakeUser, seeded: Factory) -> None:
    await jana.say("/interact novak")
    old = jana.last.message_id
    eva = next(b["callback_data"] for b in jana.last.inline_buttons() if "Eva" in b["text"])
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    await jana.tap("Log")
    await jana.tap_data(old, str(eva))
    assert jana.callback_answers[-1] == "This card is out of date."
    assert len(await entries_of(seeded, "CT000002", "CT000003")) == 1


async def test_junk_callback_data_is_answered(jana: FakeUser) -> None:
    await jana.say("/interact novak")
    for junk in ["", "x", "99999|log|", "0|contact|" + "A" * 40, "not|ours|at all", "🙂"]:
        await jana.tap_data(jana.last.message_id, junk)
        assert jana.callback_answers[-1] == "This card is out of date."


async def test_unknown_command_and_idle_text(jana: FakeUser) -> None:
    await jana.say("/frobnicate now")
    assert "I don't know /frobnicate" in jana.last.text
    await jana.say("hello?")
    assert "Send /interact" in jana.last.text


async def test_in_a_group_commands_get_a_pointer_and_text_is_ignored(
    jana: FakeUser, fake: FakeTelegram
) -> None:
    team = fake.chat(TEAM_CHAT)
    await jana.say_in(team, "/interact novak")
    assert "private chat" in team.last.text
    before = len(team.messages)
    await jana.say_in(team, "just chatting")
    assert len(team.messages) == before
