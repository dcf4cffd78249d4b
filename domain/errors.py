"""Domain errors carry a message key and parameters; the bot renders them per language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal the user can act on. `key` names the message in the catalogue."""

    key: str = "error"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}")


class NotFound(DomainError):
    key = "not_found"


class Forbidden(DomainError):
    key = "forbidden"


class ValidationFailed(DomainError):
    key = "invalid"


class PrivacyBlocked(DomainError):
    key = "contact_privacy_blocked"


class NumberSeriesMissing(DomainError):
    key = "number_series_missing"


class SegmentNotLoggable(DomainError):
    key = "segment_not_loggable"
