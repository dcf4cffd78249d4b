"""Number series: the next number of contacts, segments and to-dos, and choosing or
changing the series that gives them (Marketing Setup's Contact Nos., Segment Nos. and
To-do Nos.)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from domain.access import require_admin
from domain.errors import NumberSeriesMissing, ValidationFailed
from domain.model import MarketingSetup, NumberSeries, User
from domain.ports import UnitOfWork

Numbers = Literal["contacts", "segments", "todos"]
_LONGEST_NUMBER = 20  # the width of a contact's and a segment's No.
_MOST_DIGITS = 18


@dataclass(frozen=True, slots=True)
class SeriesInUse:
    numbers: Numbers
    code: str  # "" when none is chosen
    next_number: str | None  # None when the chosen series does not exist


async def take_number(uow: UnitOfWork, *, series_code: str, setting: str) -> str:
    """The next number of a series; a clear refusal when the series is not set up."""
    series = await uow.setup.series(series_code) if series_code else None
    if series is None:
        raise NumberSeriesMissing(setting=setting, code=series_code)
    number = series.take()
    await uow.setup.save_series(series)
    return number


def check_series(series: NumberSeries) -> None:
    """A code of 1 to 20 characters, 1 to 18 digits, numbers of at most 20 characters, and
    a next number that fits its digits."""
    if not series.code or len(series.code) > _LONGEST_NUMBER:
        raise ValidationFailed("series_code_length", most=_LONGEST_NUMBER)
    if len(series.prefix) + series.width > _LONGEST_NUMBER:
        raise ValidationFailed("series_number_too_long", most=_LONGEST_NUMBER)
    if not 1 <= series.width <= _MOST_DIGITS:
        raise ValidationFailed("series_width", most=_MOST_DIGITS)
    if series.next_no < 1 or len(str(series.next_no)) > series.width:
        raise ValidationFailed("series_next", last="9" * series.width)


async def use_series(
    uow: UnitOfWork,
    *,
    user: User,
    numbers: Numbers,
    code: str,
    prefix: str,
    width: int,
    next_no: int,
) -> tuple[NumberSeries, str]:
    """New contacts or segments are numbered from the series `code` (the one in use when
    empty), created or changed; returns it and its next number, refused when that number
    is taken. Administrators only."""
    require_admin(user)
    setup = await uow.setup.get()
    in_use = _in_use(setup, numbers)
    series = NumberSeries((code or in_use).strip().upper(), prefix.strip().upper(), width, next_no)
    check_series(series)
    first = replace(series).take()
    if numbers == "contacts":
        taken: object = await uow.contacts.get(first)
        setup.contact_nos = series.code
    elif numbers == "segments":
        taken = await uow.segments.get(first)
        setup.segment_nos = series.code
    else:
        taken = await uow.todos.get(first)
        setup.todo_nos = series.code
    if taken is not None:
        raise ValidationFailed("series_number_taken", number=first)
    await uow.setup.save_series(series)
    await uow.setup.save(setup)
    return series, first


async def series_in_use(uow: UnitOfWork, *, user: User) -> list[SeriesInUse]:
    """The series contacts and segments are numbered from, each with its next number."""
    require_admin(user)
    setup = await uow.setup.get()
    result = []
    numbers: Numbers
    for numbers in ("contacts", "segments", "todos"):
        code = _in_use(setup, numbers)
        found = await uow.setup.series(code) if code else None
        result.append(SeriesInUse(numbers, code, found.take() if found else None))
    return result


def _in_use(setup: MarketingSetup, numbers: Numbers) -> str:
    if numbers == "contacts":
        return setup.contact_nos
    return setup.segment_nos if numbers == "segments" else setup.todo_nos
