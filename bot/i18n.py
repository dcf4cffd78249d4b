"""Every user-facing string goes through `translate`: the message's key names it in the
catalogue (bot/messages_en.py, English), and the language's compiled gettext catalogue
(bot/locale/<lang>/LC_MESSAGES/messages.mo) gives the translation, by the key as msgctxt.
A message not translated yet falls back to English."""

from __future__ import annotations

import functools
import gettext
import logging
from pathlib import Path
from typing import Any, Protocol

from bot.catalogue import PLURAL_PARAMETER
from bot.messages_en import MESSAGES

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "cs")
"""The languages the bot speaks, the default first."""

# Telegram's language_code of users whose language the bot does not speak, but who read
# one it does better than English.
_CLOSEST = {"sk": "cs"}


def language_of(code: str | None) -> str:
    """The language the bot speaks to someone whose language (an IETF tag such as
    `cs`, `cs-CZ` or `sk`, or a POSIX locale such as `cs_CZ.UTF-8`) is `code`."""
    primary = (code or "").strip().lower().replace("_", "-").split("-")[0].split(".")[0]
    primary = _CLOSEST.get(primary, primary)
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`; English reads its text from the code itself when
    its catalogue is missing."""
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    except FileNotFoundError:
        if lang != DEFAULT_LANGUAGE:
            log.error("no compiled catalogue for %r in %s", lang, LOCALE_DIR)
        return gettext.NullTranslations()


def text_of(key: str, lang: str, count: int | None = None) -> str | None:
    """The unformatted text of a message in `lang`, or None for an unknown key."""
    message = MESSAGES.get(key)
    if message is None:
        return None
    catalogue = translations(language_of(lang))
    if message.plural is None:
        return catalogue.pgettext(key, message.text)
    return catalogue.npgettext(key, message.text, message.plural, count or 0)


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    count = params.get(PLURAL_PARAMETER)
    template = text_of(key, lang, count if isinstance(count, int) else None)
    if template is None:
        log.error("missing message %r", key)
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.error("message %r lacks parameters %s", key, sorted(params))
        return template


class Described(Protocol):
    """An interaction group or template: described in English and, maybe, in Czech."""

    @property
    def code(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def description_cs(self) -> str: ...


def described(item: Described, lang: str) -> str:
    """Its description in the reader's language (BC's Interaction Tmpl. Language), else
    the stored one, else its code."""
    if language_of(lang) == "cs" and item.description_cs:
        return item.description_cs
    return item.description or item.code
