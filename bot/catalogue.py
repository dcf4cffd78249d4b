"""How a message is written down in the catalogue (bot/messages_en.py).

`msg("key", "English text")` and `msg_n("key", "singular", "plural")` are the keywords
`pybabel extract` looks for: the key becomes the entry's msgctxt and the English text its
msgid, so a translator reads English in the .po file and the code keeps naming messages by
key. A plural message chooses its form by its `count` parameter."""

from __future__ import annotations

from dataclasses import dataclass

PLURAL_PARAMETER = "count"


@dataclass(frozen=True, slots=True)
class Message:
    key: str
    text: str
    plural: str | None = None


def msg(key: str, text: str, /) -> Message:
    return Message(key, text)


def msg_n(key: str, singular: str, plural: str, /) -> Message:
    return Message(key, singular, plural)
