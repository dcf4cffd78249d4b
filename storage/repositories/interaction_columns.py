"""The columns an interaction has whether logged or still a draft, mapped both ways."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from domain.model import (
    Attachment,
    AttachmentKind,
    Draft,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    InteractionLogEntry,
    Location,
)


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


_PLAIN = (
    "contact_no",
    "contact_company_no",
    "date",
    "time",
    "salesperson_code",
    "template_code",
    "group_code",
    "description",
    "cost",
    "attempt_failed",
    "campaign_no",
)


def interaction_values(item: Draft | InteractionLogEntry) -> dict[str, Any]:
    """Column values of what drafts and log entries share."""
    return {
        **{name: getattr(item, name) for name in _PLAIN},
        "information_flow": item.information_flow.value,
        "initiated_by": item.initiated_by.value,
        "duration": item.duration,
        "evaluation": item.evaluation.value,
        **media_values(item.attachment, item.location),
    }


def interaction_fields(row: Row[Any]) -> dict[str, Any]:
    """Keyword arguments for Draft or InteractionLogEntry from what they share."""
    return {
        **{name: getattr(row, name) for name in _PLAIN},
        "attempt_failed": bool(row.attempt_failed),
        "information_flow": InformationFlow(row.information_flow),
        "initiated_by": InitiatedBy(row.initiated_by),
        "duration": int(row.duration),
        "evaluation": Evaluation(row.evaluation),
        "attachment": attachment_of(row),
        "location": location_of(row),
    }
