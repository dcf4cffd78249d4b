"""The command line's language: INTERLOG_LANGUAGE, else the locale's (LC_ALL, LC_MESSAGES,
LANG): Czech for cs and sk, English otherwise; and the domain's refusals in its words."""

from __future__ import annotations

import os
import sys
from typing import Any

from babel.numbers import format_decimal

from bot.i18n import language_of, translate
from domain.errors import DomainError


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


def refused(exc: DomainError) -> int:
    """The domain's refusal in the command line's words (its options' names); exit code 2
    for bad arguments, 1 for anything else."""
    params = dict(exc.params)
    if "setting" in params:
        params["setting"] = say(f"setting.{params['setting']}")
    if exc.key == "salesperson_not_found":
        params["known"] = ", ".join(params.get("known") or []) or say("cli.none_yet")
    if exc.key in _BAD_ARGUMENTS:
        print(f"interlog: {say(f'cli.refused.{exc.key}', **params)}", file=sys.stderr)
        return 2
    key = f"cli.refused.{exc.key}" if exc.key in _REFUSALS else f"error.{exc.key}"
    print(f"interlog: {say(key, **params)}", file=sys.stderr)
    return 1


# The domain's refusals the command line words with its options' names.
_BAD_ARGUMENTS = {
    "telegram_id_invalid",
    "series_code_length",
    "series_number_too_long",
    "series_width",
    "series_next",
}
_REFUSALS = {
    "salesperson_not_found",
    "salesperson_blocked",
    "segment_salesperson_blocked",
    "segment_not_found",
    "series_number_taken",
}
