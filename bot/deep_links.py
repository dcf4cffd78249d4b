"""Links that open the bot's private chat on a given contact: `https://t.me/<bot>?start=c_CT000001`
(in a QR code on a visit sheet, or a contact card shared from inline mode). Telegram hands
the bot `/start c_CT000001`; the parameter may hold only A-Z, a-z, 0-9, _ and - (at most 64),
so a contact number with other characters travels as the hex of its UTF-8."""

from __future__ import annotations

import re

_PLAIN = re.compile(r"[A-Za-z0-9_-]{1,62}")
_HEX = re.compile(r"(?:[0-9a-f]{2}){1,31}")
PLAIN, HEX = "c_", "x_"


def contact_parameter(contact_no: str) -> str:
    """The start parameter naming this contact."""
    if _PLAIN.fullmatch(contact_no):
        return PLAIN + contact_no
    return HEX + contact_no.encode().hex()


def contact_link(bot_username: str, contact_no: str) -> str:
    return f"https://t.me/{bot_username}?start={contact_parameter(contact_no)}"


def contact_of(parameter: str) -> str | None:
    """The contact number a start parameter names; None for any other parameter. Whether
    that contact exists, and may be used, the services decide, as for a search."""
    if parameter.startswith(PLAIN) and _PLAIN.fullmatch(parameter[2:]):
        return parameter[2:]
    if parameter.startswith(HEX) and _HEX.fullmatch(parameter[2:]):
        try:
            return bytes.fromhex(parameter[2:]).decode()
        except UnicodeDecodeError:
            return None
    return None
