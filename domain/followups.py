"""The rules of follow-ups with no I/O: when a to-do is reminded, what "Tomorrow" or "Next
week" means, and when the scheduler's daily and weekly work is due.

Times here are the salespeople's local wall time (naive), as entries are dated: a
reminder due at 08:00 is due at 08:00 on the clock on the wall, whatever daylight saving
does. Each daily piece of work is keyed by its local date, so a day whose 08:00 happens
twice (or whose 02:30 never happens) still gets it once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

# Kinds of schedule marks (storage: schedule_mark), each claimed once per key.
POSTPONED_MARK = "postponed"  # key: the entry number
AGENDA_MARK = "agenda"  # key: "<telegram id>:<local date>"
TEAM_DIGEST_MARK = "team_digest"  # key: the local date
WEEKLY_DIGEST_MARK = "weekly_digest"  # key: the ISO year and week of the digest's Monday


class NextStep(StrEnum):
    """The "Log and schedule next" row."""

    SUGGESTED = "suggested"  # the template's next step after its delay
    TOMORROW = "tomorrow"
    IN_3_DAYS = "in3"
    NEXT_WEEK = "week"


_DELAYS = {NextStep.TOMORROW: 1, NextStep.IN_3_DAYS: 3, NextStep.NEXT_WEEK: 7}


def next_date(step: NextStep, *, today: dt.date, suggested_days: int | None = None) -> dt.date:
    if step is NextStep.SUGGESTED:
        return today + dt.timedelta(days=max(suggested_days or 0, 1))
    return today + dt.timedelta(days=_DELAYS[step])


class Snooze(StrEnum):
    TOMORROW = "tomorrow"
    NEXT_WEEK = "week"


def snoozed_date(snooze: Snooze, *, today: dt.date) -> dt.date:
    """Snoozing moves a to-do from today (not from its own date: an overdue one snoozed
    to tomorrow is due tomorrow)."""
    return today + dt.timedelta(days=1 if snooze is Snooze.TOMORROW else 7)


def remind_at(date: dt.date, time: dt.time | None, *, agenda_time: dt.time) -> dt.datetime:
    """At the to-do's time; a to-do without one at the agenda's time of its day."""
    return dt.datetime.combine(date, time if time is not None else agenda_time)


def daily_due(now: dt.datetime, at: dt.time) -> dt.date | None:
    """The local date whose daily work (at `at`) is due at local `now`, or None before
    `at` today. Work not done by the end of its day is not done late the next day."""
    return now.date() if now.time() >= at else None


def agenda_key(telegram_id: int, day: dt.date) -> str:
    return f"{telegram_id}:{day.isoformat()}"


@dataclass(frozen=True, slots=True)
class Weekly:
    """`mon 08:00`: a day of the week and a time."""

    weekday: int  # Monday 0
    at: dt.time


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_weekly(text: str) -> Weekly:
    """`mon 08:00` (any case); ValueError for anything else."""
    day, _, time = text.strip().lower().partition(" ")
    if day[:3] not in _DAYS or not time.strip():
        raise ValueError(f"expected a day and a time like 'mon 08:00', not {text!r}")
    return Weekly(_DAYS.index(day[:3]), dt.time.fromisoformat(time.strip()))


def weekly_due(now: dt.datetime, weekly: Weekly) -> dt.date | None:
    """The Monday of the week whose digest is due at local `now`: from the weekday and time
    to the end of that week (a bot down on Monday sends it when it starts on Tuesday), once
    per week by that key. None before it this week."""
    monday = now.date() - dt.timedelta(days=now.weekday())
    moment = dt.datetime.combine(monday + dt.timedelta(days=weekly.weekday), weekly.at)
    return monday if now >= moment else None


def week_key(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
