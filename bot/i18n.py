"""Every user-facing string goes through `translate`; adding a language adds a catalogue."""

from __future__ import annotations

import logging
from typing import Any

from bot.messages_en import MESSAGES as EN

log = logging.getLogger(__name__)

CATALOGUES: dict[str, dict[str, str]] = {"en": EN}
DEFAULT_LANGUAGE = "en"


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    catalogue = CATALOGUES.get(lang) or CATALOGUES[DEFAULT_LANGUAGE]
    template = catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key)
    if template is None:
        log.error("missing message %r", key)
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.error("message %r lacks parameters %s", key, sorted(params))
        return template
