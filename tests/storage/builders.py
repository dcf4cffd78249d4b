"""Small builders of domain objects for the storage tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from domain.model import (
    Contact,
    ContactType,
    InteractionLogEntry,
    InteractionTemplate,
    Segment,
    SegmentLine,
)

DAY = dt.date(2024, 5, 17)
NOON = dt.time(12, 0)


def company(no: str, name: str, **kw: Any) -> Contact:
    return Contact(no=no, name=name, type=ContactType.COMPANY, **kw)


def person(no: str, name: str, company_no: str = "", **kw: Any) -> Contact:
    return Contact(no=no, name=name, type=ContactType.PERSON, company_no=company_no, **kw)


def entry(contact_no: str = "CT1", **kw: Any) -> InteractionLogEntry:
    values: dict[str, Any] = {
        "entry_no": None,
        "contact_no": contact_no,
        "contact_company_no": contact_no,
        "date": DAY,
        "time": NOON,
        "salesperson_code": "SP1",
        "user_id": "ANNA",
        "template_code": "CALL",
        "group_code": "PHONE",
        "description": "Call",
        "cost": Decimal("1.50"),
        "duration": 5,
    }
    values.update(kw)
    return InteractionLogEntry(**values)


def template(code: str, group_code: str = "G", **kw: Any) -> InteractionTemplate:
    return InteractionTemplate(code=code, group_code=group_code, **kw)


def segment(no: str = "S1", **kw: Any) -> Segment:
    return Segment(no=no, **kw)


def line(segment_no: str, line_no: int, contact_no: str, **kw: Any) -> SegmentLine:
    values: dict[str, Any] = {"contact_company_no": contact_no}
    values.update(kw)
    return SegmentLine(segment_no=segment_no, line_no=line_no, contact_no=contact_no, **values)
