"""Activity reports for the charts: one's own, the team's (administrators), a contact's;
and which entries an export may hold, and the export itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.access import exported_salesperson, require_active, require_may_see_team
from domain.activity import (
    Chart,
    Key,
    Period,
    Span,
    Totals,
    grouped,
    span_of,
    split_previous,
    stacked,
    totals,
    with_previous,
)
from domain.errors import NotFound, ValidationFailed
from domain.model import Contact, ContactType, InteractionLogEntry, User
from domain.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Report:
    chart: Chart
    totals: Totals
    previous: Totals  # the same length of time right before


async def own_activity(uow: UnitOfWork, *, user: User, period: Period, today: dt.date) -> Report:
    """The user's interactions over the period, stacked by interaction group."""
    require_active(user)
    span = span_of(period, today)
    return await _report(uow, span, Key.GROUP, salesperson_code=user.salesperson_code)


async def team_activity(uow: UnitOfWork, *, user: User, period: Period, today: dt.date) -> Report:
    """Every salesperson's interactions over the period (the blocked ones only when they
    have some): administrators only."""
    require_may_see_team(user)
    span = span_of(period, today)
    cells, before = split_previous(
        await uow.entries.activity(key=Key.SALESPERSON, starts=with_previous(span), last=span.last),
        span,
    )
    members = sorted(s.code for s in await uow.salespeople.list() if not s.blocked)
    return Report(grouped(cells, span, members=members), totals(cells), totals(before))


async def contact_activity(
    uow: UnitOfWork, *, user: User, contact_no: str, today: dt.date
) -> tuple[Contact, Report]:
    """A contact's interactions per month over a year, everyone's; a company's include its
    persons'."""
    require_active(user)
    contact = await uow.contacts.get(contact_no)
    if contact is None:
        raise NotFound("contact_not_found", no=contact_no)
    nos = [contact.no]
    if contact.type is ContactType.COMPANY:
        nos += [p.no for p in await uow.contacts.persons_of([contact.no])]
    report = await _report(uow, span_of(Period.YEAR, today), Key.GROUP, contact_nos=nos)
    return contact, report


async def _report(
    uow: UnitOfWork,
    span: Span,
    key: Key,
    *,
    salesperson_code: str = "",
    contact_nos: list[str] | None = None,
) -> Report:
    both = await uow.entries.activity(
        key=key,
        starts=with_previous(span),
        last=span.last,
        salesperson_code=salesperson_code,
        contact_nos=contact_nos,
    )
    cells, before = split_previous(both, span)
    return Report(stacked(cells, span), totals(cells), totals(before))


async def export_scope(uow: UnitOfWork, *, user: User, salesperson_code: str) -> str:
    """The salesperson whose entries `user` may export when asking for `salesperson_code`
    ("" for everyone's); an unknown salesperson is refused."""
    code = exported_salesperson(user, salesperson_code.strip().upper())
    if code and await uow.salespeople.get(code) is None:
        raise NotFound("salesperson_not_found", code=code)
    return code


async def export_interactions(
    uow: UnitOfWork,
    *,
    user: User,
    date_from: dt.date | None,
    date_to: dt.date | None,
    salesperson_code: str,
    include_postponed: bool,
) -> list[tuple[InteractionLogEntry, str]]:
    """The entries `user` may export (`export_scope`) between the dates, in entry order
    with their contact's name; postponed ones only when asked for."""
    code = await export_scope(uow, user=user, salesperson_code=salesperson_code)
    return await uow.entries.export(
        date_from=date_from,
        date_to=date_to,
        salesperson_code=code,
        include_postponed=include_postponed,
    )


def export_dates(first: str | None, last: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The dates of an export as typed (YYYY-MM-DD), the first not after the last."""
    dates: list[dt.date | None] = []
    for text in (first, last):
        try:
            dates.append(dt.date.fromisoformat(text.strip()) if text else None)
        except ValueError:
            raise ValidationFailed("export_date_invalid", value=(text or "")[:30]) from None
    date_from, date_to = dates
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed("export_dates_reversed", first=first, last=last)
    return date_from, date_to
