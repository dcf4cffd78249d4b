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


# What may follow an amount or a duration: the currency or the unit, in either language.
_CURRENCY = re.compile(r"\s*(kč|kc|czk|eur|€|\$|usd)\.?$")
_MINUTES = re.compile(r"\s*(minutes|minute|mins|min\.?|minut|minuty|minuta|m)$")


def parse_cost(text: str) -> Decimal:
    """An amount as written in English or Czech: `12.50`, `12,50`, `1 234,50`, `1,234.50`,
    `1.234,50`, `12,50 Kč`. With both separators, the last one is the decimal one; a lone
    separator followed by three digits (`1.234`) is refused, being either."""
    cleaned = _CURRENCY.sub("", text.strip().lower())
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", cleaned)
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        if not re.fullmatch(rf"-?\d{{1,3}}(\{thousands}\d{{3}})*\{decimal_mark}\d{{1,2}}", cleaned):
            raise ValidationFailed("cost_not_a_number", value=text[:20])
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    cleaned = cleaned.replace(",", ".")
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
    """Whole minutes: `15`, `15 min`, `15 minut`, `15 minutes`."""
    cleaned = _MINUTES.sub("", text.strip().lower()).strip()
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValidationFailed("duration_not_a_number", value=text[:20])
    return check_duration(int(cleaned))


def check_duration(value: int) -> int:
    if value < 0:
        raise ValidationFailed("duration_negative")
    if value > _MAX_MINUTES:
        raise ValidationFailed("duration_too_large", max=_MAX_MINUTES)
    return value


# Days named relative to today, in English and Czech (with and without accents): input is
# read in both languages, whichever the reader's is.
_RELATIVE_DAYS = {
    "today": 0,
    "dnes": 0,
    "yesterday": -1,
    "včera": -1,
    "vcera": -1,
    "tomorrow": 1,
    "zítra": 1,
    "zitra": 1,
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# 28.11.2026, 28. 11. 2026, 28. 11., 28.11.26: the dot after the month tells a date from
# a time written 14.30.
_DOTTED_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.(?:\s*(\d{4}|\d{2})(?![\d:.]))?")
_SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")
_COMPACT_TIME = re.compile(r"(\d{2})(\d{2})")


def parse_date_time(text: str, *, today: dt.date) -> tuple[dt.date, dt.time | None]:
    """A date, a time or both, as people type them in English or Czech: "2026-11-28
    14:30", "28.11.2026", "28. 11. 2026 14:30", "28. 11." (the nearest such day), "14:30"
    or "2:30 pm" (today), "today"/"dnes", "yesterday 8:05"/"včera 8:05", "tomorrow"/"zítra"."""
    rest = " ".join(text.strip().lower().split())
    if not rest:
        raise ValidationFailed("date_invalid", value=text[:30])
    date, rest = _take_date(rest, today=today)
    time = None
    if rest:
        time = _parse_time(rest)
        if time is None:
            raise ValidationFailed("date_invalid", value=text[:30])
    return date or today, time


def _take_date(text: str, *, today: dt.date) -> tuple[dt.date | None, str]:
    """The date the text starts with, and what follows it."""
    word, _, after = text.partition(" ")
    if word in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[word]), after
    for pattern, order in ((_ISO_DATE, "ymd"), (_DOTTED_DATE, "dmy"), (_SLASHED_DATE, "dmy")):
        match = pattern.match(text)
        if match is None or (match.end() < len(text) and text[match.end()] != " "):
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        date = _date(parts, today=today)
        if date is None:
            return None, text  # not a real day: refused as a whole
        return date, text[match.end() :].strip()
    return None, text


def _date(parts: dict[str, str | None], *, today: dt.date) -> dt.date | None:
    day, month, year = int(parts["d"] or 0), int(parts["m"] or 0), parts["y"]
    years = [today.year - 1, today.year, today.year + 1]
    if year is not None:
        years = [int(year) + (2000 if len(year) == 2 else 0)]
    candidates = []
    for each in years:
        try:
            candidates.append(dt.date(each, month, day))
        except ValueError:
            continue  # 29 February of a year that has none, or no such day at all
    if not candidates or candidates[0].year < 1900:
        return None
    # No year: the nearest such day, so "28. 12." typed on 2 January is last year's.
    return min(candidates, key=lambda candidate: abs(candidate - today))


def _parse_time(text: str) -> dt.time | None:
    if match := _COMPACT_TIME.fullmatch(text):
        hour, minute, half = int(match[1]), int(match[2]), None
    elif match := _TIME.fullmatch(text):
        hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
        if match[2] is None and half is None:
            return None  # a lone number is not a time
    else:
        return None
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    try:
        return dt.time(hour, minute)
    except ValueError:
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
