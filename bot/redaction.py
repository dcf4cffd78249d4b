"""The bot's secrets (its token, the webhook secret) kept out of everything it writes: the
log at every level with its tracebacks, the messages of errors it prints, what it stores
(an outbox message's last error) and what it reports to the admin chat.

Redacting where text leaves, not where exceptions are made: python-telegram-bot,
aiohttp and yarl put the token into exception texts of their own (a refused token, a URL
that would not open, a redirect loop), and an exception's text is made long before anyone
knows where it goes."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

HIDDEN = "<hidden>"
_SHORTEST = 8
_secrets: set[str] = set()


def hide(*values: str | None) -> None:
    """From now on, `values` never leave the process. A token's secret part (after the
    colon) is hidden on its own too: in a URL the colon may come encoded."""
    for value in values:
        _, colon, part = (value or "").partition(":")
        for secret in (value, part if colon else None):
            # Telegram's are far longer; hiding a short one would garble any text with it.
            if secret and len(secret) >= _SHORTEST:
                _secrets.add(secret)


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):  # the whole token before its part
        if secret in text:
            text = text.replace(secret, HIDDEN)
    return text


class RedactingFormatter(logging.Formatter):
    """Redacts the whole record as written: message, arguments, traceback, stack."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def redact_everywhere(log_format: str) -> None:
    """Every log handler, warnings, and what Python itself prints of an uncaught or
    unraisable exception go through `redact`."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(log_format))
    logging.captureWarnings(True)
    sys.excepthook = _print_redacted
    sys.unraisablehook = _print_unraisable


def _print_redacted(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    sys.stderr.write(redact("".join(traceback.format_exception(kind, error, trace))))


def _print_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    lines = [f"{unraisable.err_msg or 'Exception ignored in'}: {unraisable.object!r}\n"]
    if unraisable.exc_value is not None:
        lines += traceback.format_exception(unraisable.exc_value)
    sys.stderr.write(redact("".join(lines)))
