import datetime as dt
from decimal import Decimal

import pytest

from domain import parsing
from domain.errors import ValidationFailed
from domain.model import Evaluation

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(("typed", "value"), [("12", "12.00"), ("12,5", "12.50"), ("0.99", "0.99")])
def test_cost_accepts_decimal_comma_and_point(typed: str, value: str) -> None:
    assert parsing.parse_cost(typed) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("abc", "cost_not_a_number"),
        ("-1", "cost_negative"),
        ("1.234", "cost_not_a_number"),
        ("", "cost_not_a_number"),
        ("9999999999", "cost_too_large"),
    ],
)
def test_bad_cost_is_refused_with_its_reason(typed: str, key: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parsing.parse_cost(typed)
    assert caught.value.key == key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("-5", "duration_negative"),
        ("ten", "duration_not_a_number"),
        ("1.5", "duration_not_a_number"),
    ],
)
def test_bad_duration_is_refused(typed: str, key: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parsing.parse_duration(typed)
    assert caught.value.key == key


def test_duration_takes_minutes() -> None:
    assert parsing.parse_duration("15 min") == 15


def test_description_of_100_characters_is_the_limit() -> None:
    assert len(parsing.parse_description("x" * 100)) == 100
    with pytest.raises(ValidationFailed) as caught:
        parsing.parse_description("x" * 101)
    assert caught.value.key == "description_too_long"
    assert caught.value.params["length"] == 101


def test_blank_description_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        parsing.parse_description(" \n\t ")


@pytest.mark.parametrize(
    ("typed", "date", "time"),
    [
        ("2026-11-20 09:15", dt.date(2026, 11, 20), dt.time(9, 15)),
        ("20.11.2026", dt.date(2026, 11, 20), None),
        ("14:30", TODAY, dt.time(14, 30)),
        ("yesterday 8:05", dt.date(2026, 11, 27), dt.time(8, 5)),
    ],
)
def test_date_and_time_in_the_forms_people_type(
    typed: str, date: dt.date, time: dt.time | None
) -> None:
    assert parsing.parse_date_time(typed, today=TODAY) == (date, time)


@pytest.mark.parametrize("typed", ["2026-02-30", "31.13.2026", "25:00", "tomorrowish", "1 2 3", ""])
def test_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parsing.parse_date_time(typed, today=TODAY)
    assert caught.value.key == "date_invalid"


def test_evaluation_values() -> None:
    assert parsing.parse_evaluation("Very positive") is Evaluation.VERY_POSITIVE
    with pytest.raises(ValidationFailed):
        parsing.parse_evaluation("great")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12,50", "12.50"), ("12.50", "12.50"), ("1 234,50", "1234.50"),
        ("1\u00a0234,50", "1234.50"), ("1,234.50", "1234.50"), ("1.234,50", "1234.50"),
        ("12,50 Kč", "12.50"), ("12.5 EUR", "12.50"),
    ],
)  # fmt: skip
def test_cost_in_english_and_czech_forms(typed: str, value: str) -> None:
    assert parsing.parse_cost(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["1,234,5", "1.23.45,00", "12,50,1"])
def test_cost_with_misplaced_separators_is_refused(typed: str) -> None:
    with pytest.raises(ValidationFailed):
        parsing.parse_cost(typed)


@pytest.mark.parametrize("typed", ["15", "15 min", "15min", "15 minut", "15 minutes"])
def test_duration_in_english_and_czech(typed: str) -> None:
    assert parsing.parse_duration(typed) == 15


@pytest.mark.parametrize(
    ("typed", "date", "time"),
    [
        ("28.11.2026", dt.date(2026, 11, 28), None),
        ("28. 11. 2026", dt.date(2026, 11, 28), None),
        ("28. 11. 2026 14:30", dt.date(2026, 11, 28), dt.time(14, 30)),
        ("20. 11.", dt.date(2026, 11, 20), None),
        ("20.11. 9.15", dt.date(2026, 11, 20), dt.time(9, 15)),
        ("2. 1.", dt.date(2027, 1, 2), None),  # the nearest 2 January
        ("dnes", TODAY, None),
        ("včera 8:05", dt.date(2026, 11, 27), dt.time(8, 5)),
        ("vcera", dt.date(2026, 11, 27), None),
        ("zítra 10:00", dt.date(2026, 11, 29), dt.time(10, 0)),
        ("tomorrow", dt.date(2026, 11, 29), None),
        ("2:30 PM", TODAY, dt.time(14, 30)),
        ("Nov 28", None, None),
    ],
)
def test_dates_and_times_in_english_and_czech(
    typed: str, date: dt.date | None, time: dt.time | None
) -> None:
    if date is None:
        with pytest.raises(ValidationFailed):
            parsing.parse_date_time(typed, today=TODAY)
        return
    assert parsing.parse_date_time(typed, today=TODAY) == (date, time)


def test_a_day_without_year_is_the_nearest_one() -> None:
    assert parsing.parse_date_time("28. 12.", today=dt.date(2027, 1, 2))[0] == dt.date(2026, 12, 28)
    assert parsing.parse_date_time("29. 2.", today=dt.date(2028, 2, 1))[0] == dt.date(2028, 2, 29)
