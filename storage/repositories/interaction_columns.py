"""The columns of domain.model.Interaction (segments, lines) and ContactInteraction (drafts,
log entries), mapped both ways by field name: a field added in the domain needs no change
here. Plain values pass as they are; enums are stored as their values; the attachment and
the location span two columns each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from enum import Enum
from typing import Any, get_type_hints

from sqlalchemy import Row

from domain.model import (
    Attachment,
    AttachmentKind,
    ContactInteraction,
    Interaction,
    Location,
)

_MEDIA = ("attachment", "location")


def media_values(attachment: Attachment | None, location: Location | None) -> dict[str, Any]:
    return {
        "attachment_kind": attachment.kind.value if attachment else None,
        "attachment_file_id": attachment.file_id if attachment else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
    }


def attachment_of(row: Row[Any]) -> Attachment | None:
    if row.attachment_kind is None:
        return None
    return Attachment(kind=AttachmentKind(row.attachment_kind), file_id=row.attachment_file_id)


def location_of(row: Row[Any]) -> Location | None:
    if row.latitude is None or row.longitude is None:
        return None
    return Location(latitude=float(row.latitude), longitude=float(row.longitude))


class _Columns:
    """How the fields of one class (less the media) go to columns and back, worked out once
    from its type hints and compiled to one dict display each way, as fast as the mapping
    written out by hand: the hot paths (a draft per update, 100k segment lines) use them."""

    def __init__(self, cls: type[Interaction]) -> None:
        hints = get_type_hints(cls)
        names = [f.name for f in fields(cls) if f.name not in _MEDIA]
        # Enums are stored as their values; drivers may return integers and flags as other
        # types, and enums as plain strings: each read converts to the field's type.
        converters = {n: hints[n] for n in names if _is_enum(hints[n]) or hints[n] in (int, bool)}
        scope = {f"_{n}": kind for n, kind in converters.items()}
        written = ", ".join(
            f"{n!r}: item.{n}.value"
            if n in converters and _is_enum(hints[n])
            else f"{n!r}: item.{n}"
            for n in names
        )
        read = ", ".join(
            f"{n!r}: _{n}(row.{n})" if n in converters else f"{n!r}: row.{n}" for n in names
        )
        # Field names are Python identifiers from the dataclass: nothing outside goes in here.
        self.values: Callable[[Any], dict[str, Any]] = eval(f"lambda item: {{{written}}}", scope)
        self.fields: Callable[[Any], dict[str, Any]] = eval(f"lambda row: {{{read}}}", scope)


def _is_enum(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, Enum)


_INTERACTION = _Columns(Interaction)
_CONTACT_INTERACTION = _Columns(ContactInteraction)


def interaction_values(item: Interaction) -> dict[str, Any]:
    """Column values of the Interaction fields (a segment's, a line's)."""
    return _INTERACTION.values(item)


def interaction_fields(row: Row[Any]) -> dict[str, Any]:
    """Keyword arguments of the Interaction fields from a row."""
    return _INTERACTION.fields(row)


def contact_interaction_values(item: ContactInteraction) -> dict[str, Any]:
    """Column values of what drafts and log entries share."""
    return {
        **_CONTACT_INTERACTION.values(item),
        **media_values(item.attachment, item.location),
    }


def contact_interaction_fields(row: Row[Any]) -> dict[str, Any]:
    """Keyword arguments for Draft or InteractionLogEntry from what they share."""
    return {
        **_CONTACT_INTERACTION.fields(row),
        "attachment": attachment_of(row),
        "location": location_of(row),
    }
