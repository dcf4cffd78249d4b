"""What the sandbox page is given of a message's buttons: callback, URL and inline-switch
buttons each as the page can show them."""

from __future__ import annotations

from sandbox.bot_api.state import Chat, TelegramState
from sandbox.views import message_view


def test_url_and_inline_switch_buttons_are_told_apart_from_taps() -> None:
    state = TelegramState({"id": 1, "is_bot": True, "first_name": "Bot"})
    chat = state.add_chat(Chat(id=5, type="private"))
    markup = {
        "inline_keyboard": [
            [{"text": "🔎 Search as you type", "switch_inline_query_current_chat": ""}],
            [{"text": "📝 New interaction", "url": "https://t.me/b?start=c_CT1"}],
            [{"text": "✖ Cancel", "callback_data": "3|cancel|"}],
        ]
    }
    message = state.store(chat, state.bot_user, text="Whom?", reply_markup=markup)
    assert message_view(message)["buttons"] == [
        [{"text": "🔎 Search as you type", "inline": ""}],
        [{"text": "📝 New interaction", "url": "https://t.me/b?start=c_CT1"}],
        [{"text": "✖ Cancel", "data": "3|cancel|"}],
    ]
