"""Dates, times, numbers, money and durations by the reader's language (Babel, CLDR)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot import formatting as fmt
from bot.settings import Settings

DAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("lang", "date", "time", "number", "money", "minutes", "day"),
    [
        ("en", "Nov 28, 2026", "2:30\u202fPM", "1,234.50", "CZK1,234.50", "10 min", "Sat 28 Nov"),
        ("cs", "28. 11. 2026", "14:30", "1\xa0234,50", "1\xa0234,50\xa0Kč", "10 min", "so 28. 11."),
    ],
)  # fmt: skip
def test_each_language_formats_its_way(
    lang: str, date: str, time: str, number: str, money: str, minutes: str, day: str
) -> None:
    assert fmt.date(DAY, lang) == date
    assert fmt.time(dt.time(14, 30), lang) == time
    assert fmt.number(Decimal("1234.5"), lang) == number
    assert fmt.money(Decimal("1234.5"), lang, "CZK") == money
    assert fmt.money(Decimal("1234.5"), lang) == number  # no CURRENCY: a plain number
    assert fmt.minutes(10, lang) == minutes
    assert fmt.day(DAY, lang) == day


def test_nothing_is_a_dash() -> None:
    assert fmt.date(None, "cs") == fmt.time(None, "en") == "—"


def test_currency_is_an_iso_code() -> None:
    assert Settings(currency="czk").currency == "CZK"
    with pytest.raises(ValueError, match="unknown currency"):
        Settings(currency="crowns")
