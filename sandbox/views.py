"""What the page is sent: chat messages and tap answers as plain JSON for the browser."""

from __future__ import annotations

from typing import Any

from sandbox.bot_api import ChatMessage
from sandbox.bot_api.state import CallbackQueryRecord

JSON = dict[str, Any]


def file_url(file_id: str) -> str:
    return f"/api/files/{file_id}"


def message_view(message: ChatMessage) -> JSON:
    """A message as the page draws it: sender, text, buttons, media; edits applied."""
    sender = message.sender
    view: JSON = {
        "chat_id": message.chat_id,
        "message_id": message.message_id,
        "seq": message.seq,
        "from_bot": message.from_bot,
        "sender_id": sender.get("id"),
        "sender": sender.get("first_name", ""),
        "date": message.date,
        "text": message.text,
        "edited": message.edits > 0,
        "deleted": message.deleted,
        "buttons": _buttons(message),
    }
    content = message.content
    if content.get("caption") is not None:
        view["caption"] = content["caption"]
    if photos := content.get("photo"):
        view["photo"] = {"url": file_url(photos[-1]["file_id"])}
    if document := content.get("document"):
        name = document.get("file_name") or "file"
        view["document"] = {"name": name, "url": file_url(document["file_id"])}
    if voice := content.get("voice"):
        view["document"] = {"name": "voice note", "url": file_url(voice["file_id"])}
    if location := content.get("location"):
        view["location"] = {"latitude": location["latitude"], "longitude": location["longitude"]}
    return view


def _buttons(message: ChatMessage) -> list[list[JSON]]:
    rows = (message.reply_markup or {}).get("inline_keyboard") or []
    out: list[list[JSON]] = []
    for row in rows:
        buttons: list[JSON] = []
        for button in row:
            if not isinstance(button, dict):
                continue
            shown: JSON = {"text": str(button.get("text", ""))}
            if "callback_data" in button:
                shown["data"] = str(button["callback_data"])
            elif "url" in button:
                shown["url"] = str(button["url"])
            elif "switch_inline_query_current_chat" in button:
                shown["inline"] = str(button["switch_inline_query_current_chat"])
            buttons.append(shown)
        out.append(buttons)
    return out


def answer_view(query: CallbackQueryRecord) -> JSON:
    """The bot's answer to a tap: a toast, or an alert the user must dismiss."""
    return {
        "user_id": query.user_id,
        "text": query.answer_text or "",
        "show_alert": query.show_alert,
    }
