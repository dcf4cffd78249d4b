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
