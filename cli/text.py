"""The command line's language: INTERLOG_LANGUAGE, else the locale's (LC_ALL, LC_MESSAGES,
LANG): Czech for cs and sk, English otherwise."""

from __future__ import annotations

import os
from typing import Any

from babel.numbers import format_decimal

from bot.i18n import language_of, translate


def language() -> str:
    for name in ("INTERLOG_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            return language_of(value)
    return language_of(None)


def say(key: str, /, **params: Any) -> str:
    return translate(key, language(), **params)


def number(value: int) -> str:
    """A count with the reader's thousands separator: 1,234 or 1 234."""
    return format_decimal(value, locale=language())
