"""Inline mode: "@bot novak" in any chat lists matching contacts (name, company, phone) to
registered users; choosing one posts a contact card into that chat, with a button that
opens the private chat on a new interaction with the contact (bot/deep_links.py). Anyone
else gets no results and a Register button, which opens the private chat, where they are
told how to be added."""

from __future__ import annotations

from typing import Any

from bot.conversations.context import Incoming
from bot.deep_links import contact_link
from bot.i18n import language_of, translate
from bot.reply import AnswerInline
from domain.model import Contact, User
from domain.ports import UnitOfWork
from domain.services.contacts import search_contacts

RESULTS = 20  # of Telegram's 50: a phone shows a few at a time


def nothing(incoming: Incoming, button: dict[str, Any] | None = None) -> AnswerInline:
    return AnswerInline(incoming.inline_query_id, [], button)


async def answer(
    uow: UnitOfWork, *, user: User | None, incoming: Incoming, bot: str
) -> AnswerInline:
    lang = language_of((user.language_code if user else "") or incoming.language_code)
    if user is None:
        register = {"text": translate("inline.register", lang), "start_parameter": "register"}
        return nothing(incoming, register)
    if not incoming.text:
        return nothing(incoming)
    found = await search_contacts(uow, user=user, query=incoming.text, limit=RESULTS)
    return AnswerInline(
        incoming.inline_query_id,
        [_result(c, lang, bot) for c in found if not c.privacy_blocked],
    )


def _company(contact: Contact) -> str:
    return contact.company_name if contact.company_no != contact.no else ""


def _result(contact: Contact, lang: str, bot: str) -> dict[str, Any]:
    phones = " · ".join(p for p in (contact.phone, contact.mobile_phone) if p)
    lines = [translate("inline.card.name", lang, name=contact.name)]
    if company := _company(contact):
        lines.append(translate("inline.card.company", lang, company=company))
    if phones:
        lines.append(translate("inline.card.phone", lang, phone=phones))
    if contact.email:
        lines.append(translate("inline.card.email", lang, email=contact.email))
    if contact.city:
        lines.append(translate("inline.card.city", lang, city=contact.city))
    button = {
        "text": translate("inline.new_interaction", lang),
        "url": contact_link(bot, contact.no),
    }
    return {
        "type": "article",
        "id": contact.no[:64],
        "title": contact.name or contact.no,
        "description": " · ".join(part for part in (_company(contact), phones) if part)
        or contact.no,
        "input_message_content": {"message_text": "\n".join(lines)},
        "reply_markup": {"inline_keyboard": [[button]]},
    }
