"""Turning what people type into field values; each refusal names its message key."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from domain.errors import ValidationFailed
from domain.model import DESCRIPTION_MAX, Evaluation, InformationFlow, InitiatedBy
from domain.text import clean_text

_MAX_AMOUNT = Decimal("999999999.99")
_MAX_MINUTES = 100_000


def parse_description(text: str) -> str:
    value = " ".join(clean_text(text).split())
    if not value:
        raise ValidationFailed("description_empty")
    if len(value) > DESCRIPTION_MAX:
        raise ValidationFailed("description_too_long", max=DESCRIPTION_MAX, length=len(value))
    return value


def parse_cost(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        raise ValidationFailed("cost_not_a_number", value=text[:20])
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guards
        raise ValidationFailed("cost_not_a_number", value=text[:20]) from exc
    return check_cost(value)


def check_cost(value: Decimal) -> Decimal:
    if value < 0:
        raise ValidationFailed("cost_negative")
    if value > _MAX_AMOUNT:
        raise ValidationFailed("cost_too_large", max=_MAX_AMOUNT)
    return value.quantize(Decimal("0.01"))


def parse_duration(text: str) -> int:
    cleaned = text.strip().lower().removesuffix("min").strip()
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValidationFailed("duration_not_a_number", value=text[:20])
    return check_duration(int(cleaned))


def check_duration(value: int) -> int:
    if value < 0:
        raise ValidationFailed("duration_negative")
    if value > _MAX_MINUTES:
        raise ValidationFailed("duration_too_large", max=_MAX_MINUTES)
    return value


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y")
_TIME_FORMATS = ("%H:%M", "%H.%M", "%H%M")


def parse_date_time(text: str, *, today: dt.date) -> tuple[dt.date, dt.time | None]:
    """ "2026-11-28 14:30", "28.11.2026", "14:30" (today), "today", "yesterday"."""
    parts = text.strip().lower().split()
    if not parts or len(parts) > 2:
        raise ValidationFailed("date_invalid", value=text[:30])
    date: dt.date | None = None
    time: dt.time | None = None
    for part in parts:
        if date is None and (parsed := _parse_date(part, today=today)) is not None:
            date = parsed
        elif time is None and (parsed_time := _parse_time(part)) is not None:
            time = parsed_time
        else:
            raise ValidationFailed("date_invalid", value=text[:30])
    return date or today, time


def _parse_date(text: str, *, today: dt.date) -> dt.date | None:
    words = {"today": 0, "yesterday": -1, "dnes": 0, "vcera": -1}
    if text in words:
        return today + dt.timedelta(days=words[text])
    for fmt in _DATE_FORMATS:
        try:
            value = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if value.year < 1900:
            return None
        return value
    return None


def _parse_time(text: str) -> dt.time | None:
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    return None


def parse_evaluation(text: str) -> Evaluation:
    return _parse_choice(Evaluation, text, "evaluation_invalid")


def parse_flow(text: str) -> InformationFlow:
    return _parse_choice(InformationFlow, text, "flow_invalid")


def parse_initiated_by(text: str) -> InitiatedBy:
    return _parse_choice(InitiatedBy, text, "initiated_by_invalid")


_Choice = TypeVar("_Choice", Evaluation, InformationFlow, InitiatedBy)


def _parse_choice(enum: type[_Choice], text: str, key: str) -> _Choice:
    value = text.strip().lower().replace(" ", "_")
    try:
        return enum(value)
    except ValueError as exc:
        raise ValidationFailed(key, value=text[:30]) from exc


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in {"true", "yes", "1", "y"}:
        return True
    if value in {"false", "no", "0", "n", ""}:
        return False
    raise ValidationFailed("bool_invalid", value=text[:30])
