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
