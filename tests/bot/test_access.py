"""Who may do what, stale and forged buttons, and groups."""

from __future__ import annotations

from telegram.ext import Application

from domain.model import User
from sandbox.bot_api import FakeTelegram, FakeUser
from tests.bot.conftest import TEAM_CHAT
from tests.bot.helpers import Factory, entries_of, postponed_of


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


async def test_in_a_group_a_command_for_another_bot_is_ignored(
    jana: FakeUser, fake: FakeTelegram
) -> None:
    team = fake.chat(TEAM_CHAT)
    await jana.say_in(team, "/start@otherbot")
    await jana.say_in(team, "/interact@OtherBot novak")
    assert team.messages == []
    await jana.say_in(team, "/start@interlog_test_bot")  # addressed to this one
    assert "private chat" in team.last.text


async def test_a_tap_on_a_message_in_another_chat_is_refused(
    jana: FakeUser, petr: FakeUser, fake: FakeTelegram
) -> None:
    """A forged tap naming Jana's card (or a message in a group): nothing there is edited,
    nothing is sent anywhere but the answer to the tapper."""
    await jana.say("/interact novak")
    card = jana.last
    card_before = (card.text, card.edits)
    await petr.say("/interact novak")
    [data] = [
        str(b["callback_data"]) for b in petr.last.inline_buttons() if "Jan Novák" in b["text"]
    ]
    petr_before = len(petr.messages)
    await petr.tap_data(card.message_id, data, chat=jana.chat)
    assert (jana.last.text, jana.last.edits) == card_before
    assert petr.callback_answers[-1] == "That button is not yours to tap."
    assert len(petr.messages) == petr_before
    team = fake.chat(TEAM_CHAT)
    notice = fake.state.store(team, fake.state.bot_user, text="Team notice")
    await petr.tap_data(notice.message_id, data, chat=team)
    assert [m.text for m in team.messages] == ["Team notice"] and notice.edits == 0
    assert petr.callback_answers[-1] == "That button is not yours to tap."


async def test_a_demoted_admin_can_no_longer_use_the_admin_screens(
    petr: FakeUser, seeded: Factory
) -> None:
    await petr.say("/segments")
    async with seeded() as uow:
        await uow.users.save(User(telegram_id=petr.id, salesperson_code="PK", is_admin=False))
        await uow.commit()
    await petr.tap("New segment")  # a button drawn while he was one
    assert "Only administrators" in petr.last.text
    await petr.say("Created after demotion")
    async with seeded() as uow:
        assert await uow.segments.list() == []


async def _version(seeded: Factory, user: FakeUser) -> int:
    async with seeded() as uow:
        stored = await uow.chat_states.get(user.id)
    return stored[1] if stored else 0


async def test_forged_numbers_are_refused_without_an_error(
    jana: FakeUser,
    seeded: Factory,
    app: Application,  # type: ignore[type-arg]
) -> None:
    """Digits Python's int() takes but the bot never writes ("²"), or too many of them."""
    await jana.say("/postponed")
    message = jana.last.message_id
    for forged in ("²|x|y", "{v}|resume|abc", "{v}|resume|²", "{v}|hpage|²"):
        await jana.tap_data(message, forged.format(v=await _version(seeded, jana)))
    await jana.say("/log jan novak")
    version = await _version(seeded, jana)
    await jana.tap_data(jana.last.message_id, f"{version}|cancel_entry|{'9' * 20}")
    assert app.bot_data["unexpected_errors"] == 0


async def test_the_refusal_of_anothers_entry_names_it(
    jana: FakeUser, petr: FakeUser, seeded: Factory
) -> None:
    await petr.say("/interact novak")
    await petr.tap("Jan Novák")
    await petr.tap("Outgoing call")
    await petr.tap("Log")
    async with seeded() as uow:
        await uow.users.save(User(telegram_id=petr.id, salesperson_code="PK", is_admin=False))
        await uow.commit()
    await jana.say("/log jan novak")
    await jana.tap("Cancel entry #1")  # refused before the question
    assert "Interaction #1 belongs to another salesperson." in jana.callback_answers[-1]
    assert "Cancel interaction #1" not in jana.last.text


async def test_only_the_questions_own_yes_deletes_a_postponed_interaction(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.say("/cancel")
    await jana.say("/postponed")
    version = await _version(seeded, jana)
    await jana.tap_data(jana.last.message_id, f"{version}|delete_yes|1")  # never asked
    assert len(await postponed_of(seeded, "JN")) == 1


async def test_in_a_group_only_users_get_the_pointer(
    stranger: FakeUser, fake: FakeTelegram
) -> None:
    """Anyone else in the group cannot make the bot talk there."""
    team = fake.chat(TEAM_CHAT)
    await stranger.say_in(team, "/interact")
    assert not [m for m in team.messages if m.from_bot]
