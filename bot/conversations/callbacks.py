"""Callback data: short, versioned, and never trusted.

`<version>|<action>|<argument>`: the version is the user's conversation version when the
buttons were drawn, so a button from an older card is recognised as stale and does
nothing. Ownership of whatever the argument names is checked by the domain services."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64  # Telegram's limit for callback_data
_MAX_DIGITS = 9  # numbers the bot draws stay far below; more is forged


@dataclass(frozen=True, slots=True)
class Tap:
    version: int
    action: str
    argument: str


def encode(version: int, action: str, argument: str = "") -> str:
    data = f"{version}|{action}|{argument}"
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


# Version 0 is never a drawn card's (a user's first buttons carry 1): buttons of messages
# sent by the scheduler or meant to outlive the card (a to-do's Log now, Snooze, Cancel)
# carry it and are routed by their action alone (bot/conversations/router.py ANYTIME).
ANYTIME_VERSION = 0


def anytime_button(label: str, action: str, argument: str = "") -> tuple[str, str]:
    return (label, encode(ANYTIME_VERSION, action, argument))


def number(text: str) -> int | None:
    """A number as the bot writes it in callback data (ASCII digits, not too many); None
    for anything else, such as "²" or forty digits, which int() would take or choke on."""
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:
        return int(text)
    return None


def decode(data: str | None) -> Tap | None:
    """None for anything that is not ours: junk, forged or from an older release."""
    if not data or len(data) > MAX_BYTES:
        return None
    parts = data.split("|", 2)
    version = number(parts[0])
    if len(parts) != 3 or version is None or not parts[1].isascii():
        return None
    return Tap(version=version, action=parts[1], argument=parts[2])
