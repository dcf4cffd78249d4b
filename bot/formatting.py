"""The one place where dates, times, money and durations become text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def date(value: dt.date | None, lang: str = "en") -> str:
    if value is None:
        return "—"
    return value.strftime("%d.%m.%Y") if lang == "cs" else value.isoformat()


def time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else "—"


def money(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "\u202f")


def minutes(value: int) -> str:
    return f"{value} min"


_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "cs": ("po", "út", "st", "čt", "pá", "so", "ne"),
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: dt.date, lang: str = "en") -> str:
    """A day near today, with its weekday: "Thu 3 Dec" ("čt 3. 12.")."""
    weekday = _WEEKDAYS.get(lang, _WEEKDAYS["en"])[value.weekday()]
    if lang == "cs":
        return f"{weekday} {value.day}. {value.month}."
    return f"{weekday} {value.day} {_MONTHS[value.month - 1]}"
