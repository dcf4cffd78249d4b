"""The one place where dates, times, numbers, money and durations become text, by the
reader's language through Babel (CLDR): `Nov 28, 2026` and `28. 11. 2026`, `2:30 PM` and
`14:30`, `1,234.50` and `1 234,50`, `1 234,50 Kč` with CURRENCY=CZK."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from bot.i18n import DEFAULT_LANGUAGE, language_of

BLANK = "—"
# A day near today, with its weekday: "Thu 3 Dec", "čt 3. 12."
_DAY = {"en": "EEE d MMM", "cs": "EEE d. M."}
_SHORT_DATE = {"en": "MMM d", "cs": "d. M."}


def _locale(lang: str) -> str:
    return language_of(lang or DEFAULT_LANGUAGE)


def date(value: dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return BLANK
    return format_date(value, "medium", locale=_locale(lang))


def time(value: dt.time | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return BLANK
    return format_time(value, "short", locale=_locale(lang))


def day(value: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    locale = _locale(lang)
    return format_date(value, _DAY[locale], locale=locale)


def short_date(value: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date within the year on show, for a chart's axis: "Nov 3", "3. 11."."""
    locale = _locale(lang)
    return format_date(value, _SHORT_DATE[locale], locale=locale)


def number(value: Decimal, lang: str = DEFAULT_LANGUAGE) -> str:
    """An amount with two decimals and the language's separators."""
    return format_decimal(value, "#,##0.00", locale=_locale(lang))


def money(value: Decimal, lang: str = DEFAULT_LANGUAGE, currency: str = "") -> str:
    """In `currency` (an ISO 4217 code) when one is configured, else a plain number."""
    if not currency:
        return number(value, lang)
    return format_currency(value, currency, locale=_locale(lang))


def minutes(value: int, lang: str = DEFAULT_LANGUAGE) -> str:
    return format_unit(value, "duration-minute", length="short", locale=_locale(lang))
