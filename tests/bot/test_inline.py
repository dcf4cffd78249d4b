"""Inline mode end to end: "@bot novak" lists matching contacts to a registered user (name,
company, phone), nothing but a Register button to anyone else; a chosen result is a contact
card whose button opens the private chat on a new interaction; the search prompt offers
inline mode in the chat."""

from __future__ import annotations

from sandbox.bot_api import FakeTelegram, FakeUser
from tests.bot.helpers import Factory, current_draft, entries_of
from tests.seed import JANA


async def _with_phone(factory: Factory) -> None:
    async with factory() as uow:
        jan = await uow.contacts.get("CT000002")
        assert jan is not None
        jan.phone, jan.email = "+420 777 123 456", "jan@alza.cz"
        await uow.contacts.save(jan)
        await uow.commit()


async def test_a_registered_user_gets_matching_contacts(
    jana: FakeUser, fake: FakeTelegram, seeded: Factory
) -> None:
    await _with_phone(seeded)
    await jana.say("/interact")  # an open conversation is left as it is
    answer = await jana.inline_query("novak")
    assert answer is not None and answer["button"] is None and answer["is_personal"]
    results = answer["results"]
    assert [r["title"] for r in results] == ["Eva Nováková", "Jan Novák"]
    jan = results[1]
    assert jan["id"] == "CT000002" and jan["type"] == "article"
    assert jan["description"] == "Alza s.r.o. · +420 777 123 456"
    card = jan["input_message_content"]["message_text"]
    assert card.splitlines() == [
        "👤 Jan Novák",
        "Company: Alza s.r.o.",
        "Phone: +420 777 123 456",
        "E-mail: jan@alza.cz",
        "City: Praha",
    ]
    [[button]] = jan["reply_markup"]["inline_keyboard"]
    assert button["text"] == "📝 New interaction"
    assert button["url"] == f"https://t.me/{fake.state.bot_user['username']}?start=c_CT000002"
    # The prompt of the search is still the current step.
    await jana.say("eva novakova")
    assert "Eva Nováková (Alza s.r.o.): which kind of interaction?" in jana.last.text


async def test_a_chosen_result_is_a_card_opening_a_new_interaction(
    jana: FakeUser, fake: FakeTelegram, seeded: Factory
) -> None:
    team = fake.group(chat_id=-100777, title="Customers")
    answer = await jana.inline_query("jan nov")
    assert answer is not None
    [result] = answer["results"]
    card = jana.choose_inline_result(result, chat=team)
    assert card.text is not None and card.text.startswith("👤 Jan Novák")
    [[button]] = card.reply_markup["inline_keyboard"] if card.reply_markup else [[{}]]
    start = button["url"].split("?start=")[1]
    # Opening the link: Telegram sends /start with its parameter in the private chat.
    await jana.say(f"/start {start}")
    assert "Jan Novák (Alza s.r.o.): which kind of interaction?" in jana.last.text
    await jana.tap("Outgoing call")
    await jana.tap("Log")
    assert len(await entries_of(seeded, "CT000002")) == 1


async def test_an_unregistered_user_gets_no_results_and_a_register_button(
    stranger: FakeUser, seeded: Factory
) -> None:
    answer = await stranger.inline_query("novak")
    assert answer is not None
    assert answer["results"] == []
    assert answer["button"] == {
        "text": "Register to search contacts",
        "start_parameter": "register",
    }
    await stranger.say("/start register")
    assert "You are not authorised" in stranger.last.text
    assert "4242" in stranger.last.text


async def test_privacy_blocked_contacts_and_empty_queries_give_nothing(
    jana: FakeUser, seeded: Factory
) -> None:
    blocked = await jana.inline_query("blocked person")
    assert blocked is not None and blocked["results"] == []
    empty = await jana.inline_query("  ")
    assert empty is not None and empty["results"] == []
    assert await current_draft(seeded, JANA.telegram_id) is None


async def test_the_search_prompt_offers_search_as_you_type(jana: FakeUser) -> None:
    await jana.say("/interact")
    [switch] = [b for b in jana.last.inline_buttons() if "switch_inline_query_current_chat" in b]
    assert switch == {"text": "🔎 Search as you type", "switch_inline_query_current_chat": ""}
