"""Log Segment and its undoing: the Business Central report of the same name."""

from __future__ import annotations

import datetime as dt

from domain.access import may_log, require_active, require_admin, require_may_log
from domain.errors import NotFound, SegmentNotLoggable, ValidationFailed
from domain.events import SegmentLogged
from domain.model import LoggedSegment, Segment, SegmentSummary, User
from domain.ports import UnitOfWork
from domain.services._common import interaction_moment
from domain.services.number_series import take_number

_SHOWN_PROBLEMS = 5


async def loggable_segments(uow: UnitOfWork, *, user: User) -> list[Segment]:
    """The open segments this user may log."""
    require_active(user)
    return [s for s in await uow.segments.list() if may_log(user, s)]


async def check_loggable(uow: UnitOfWork, *, no: str, user: User) -> Segment:
    """Every refusal of Log Segment, checked before anything is written. The segment is
    held first: two users logging it at once take turns, and the second is refused."""
    return (await _check(uow, no=no, user=user))[0]


async def check_loggable_summary(uow: UnitOfWork, *, no: str, user: User) -> SegmentSummary:
    """check_loggable, and what it read to count the lines and their totals."""
    return (await _check(uow, no=no, user=user))[1]


async def _check(uow: UnitOfWork, *, no: str, user: User) -> tuple[Segment, SegmentSummary]:
    require_active(user)
    segment = await uow.segments.get(no, lock=True)
    if await uow.logged_segments.for_segment(no) is not None:
        raise SegmentNotLoggable("segment_already_logged", no=no)
    if segment is None:
        raise NotFound("segment_not_found", no=no)
    require_may_log(user, segment)
    if not segment.description:
        raise ValidationFailed("field_required", field="description", segment=no)
    summary = await uow.segments.summary(no)
    if summary is None or summary.lines == 0:
        raise SegmentNotLoggable("segment_empty", no=no)
    problems = await uow.segments.invalid_lines(no, limit=_SHOWN_PROBLEMS)
    if problems:
        line_no, reason = problems[0]
        # Named by its contact: "line 10000" tells a salesperson nothing.
        line = await uow.segments.line(no, line_no)
        contact_no = line.contact_no if line else ""
        contact = await uow.contacts.get(contact_no) if contact_no else None
        raise SegmentNotLoggable(
            "segment_line_invalid" if len(problems) == 1 else "segment_lines_invalid",
            no=no,
            line_no=line_no,
            contact=contact.name if contact else contact_no,
            contact_no=contact_no,
            reason=reason,
            count=len(problems),
        )
    return segment, summary


async def log_segment(
    uow: UnitOfWork,
    *,
    user: User,
    no: str,
    follow_up: bool,
    now: dt.datetime,
    follow_up_description: str = "",
) -> SegmentLogged:
    """One logged segment and one entry per line, the segment leaves the open ones, and
    optionally a follow-up segment with the same contacts, described by the caller in the
    user's language (else as the logged one). The caller's unit of work makes it all one
    transaction: any error leaves nothing written."""
    segment, summary = await _check(uow, no=no, user=user)
    moment = interaction_moment(now)
    if not segment.salesperson_code or segment.date is None:
        # Lines without their own salesperson or date take the header's; fill it first.
        segment.salesperson_code = segment.salesperson_code or user.salesperson_code
        segment.date = segment.date or moment.date()
        await uow.segments.update(segment)
    follow_up_no = None
    if follow_up:
        description = follow_up_description or segment.description
        follow_up_no = await _create_follow_up(uow, segment=segment, description=description)
    logged = LoggedSegment(
        entry_no=0,
        segment_no=no,
        description=segment.description,
        creation_date=now.date(),
        user_id=str(user.telegram_id),
    )
    logged.entry_no = await uow.logged_segments.add(logged)
    entries = await uow.entries.add_from_segment(
        segment_no=no,
        logged_segment_entry_no=logged.entry_no,
        user_id=str(user.telegram_id),
        date=segment.date or moment.date(),
        time=moment.time(),
        lines=summary.lines,  # counted by the checks, in this transaction
    )
    await uow.segments.delete(no)
    template = await uow.templates.get(segment.template_code) if segment.template_code else None
    return SegmentLogged(
        logged=logged,
        segment=segment,
        template_description=template.description if template else "",
        entries=entries,
        follow_up_no=follow_up_no,
    )


async def _create_follow_up(uow: UnitOfWork, *, segment: Segment, description: str) -> str:
    setup = await uow.setup.get()
    no = await take_number(uow, series_code=setup.segment_nos, setting="segment_nos")
    await uow.segments.add(
        Segment(
            no=no,
            description=description[:100],
            salesperson_code=segment.salesperson_code,
        )
    )
    await uow.segments.copy_lines(source_no=segment.no, target_no=no)
    return no


async def logged_segments(
    uow: UnitOfWork, *, user: User, limit: int, offset: int = 0
) -> list[tuple[LoggedSegment, int]]:
    """Newest first, each with its number of entries; for administrators."""
    require_admin(user)
    return await uow.logged_segments.list(limit=limit, offset=offset)


async def logged_segment(uow: UnitOfWork, *, user: User, entry_no: int) -> LoggedSegment:
    """One logged segment, for administrators (named in the question before cancelling)."""
    require_admin(user)
    logged = await uow.logged_segments.get(entry_no)
    if logged is None:
        raise NotFound("logged_segment_not_found", entry_no=entry_no)
    return logged


async def set_logged_segment_canceled(
    uow: UnitOfWork, *, user: User, entry_no: int, canceled: bool
) -> LoggedSegment:
    """The flag goes on the logged segment and on every one of its entries. Administrators
    only."""
    require_admin(user)
    logged = await uow.logged_segments.get(entry_no)
    if logged is None:
        raise NotFound("logged_segment_not_found", entry_no=entry_no)
    logged.canceled = canceled
    await uow.logged_segments.update(logged)
    await uow.entries.set_canceled_by_logged_segment(entry_no, canceled=canceled)
    return logged
