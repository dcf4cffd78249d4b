"""Attachment and location columns, shared by log entries and drafts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from domain.model import Attachment, AttachmentKind, Location


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
