"""Segments: create, describe, choose contacts, per-line template overrides. Managing
segments is for administrators: every service here takes the acting user."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from domain.access import require_admin
from domain.criteria import code_named
from domain.errors import NotFound, ValidationFailed
from domain.model import (
    Contact,
    ContactCriteria,
    ContactType,
    Salesperson,
    Segment,
    SegmentLine,
    User,
)
from domain.parsing import parse_description
from domain.ports import UnitOfWork
from domain.segment_rules import apply_template, line_for
from domain.services._common import existing_template, open_segment
from domain.services.number_series import take_number


async def create_segment(
    uow: UnitOfWork,
    *,
    user: User,
    description: str = "",
    salesperson_code: str = "",
    template_code: str = "",
    date: dt.date | None = None,
) -> Segment:
    require_admin(user)
    setup = await uow.setup.get()
    no = await take_number(uow, series_code=setup.segment_nos, setting="segment_nos")
    segment = Segment(
        no=no,
        description=parse_description(description) if description else "",
        salesperson_code=salesperson_code,
        date=date,
    )
    if template_code:
        apply_template(segment, await existing_template(uow, template_code))
    await uow.segments.add(segment)
    return segment


async def _managed_segment(uow: UnitOfWork, *, user: User, no: str) -> Segment:
    require_admin(user)
    return await open_segment(uow, no)


async def open_segments(uow: UnitOfWork, *, user: User) -> list[Segment]:
    """Every open segment, for administrators to manage."""
    require_admin(user)
    return await uow.segments.list()


async def describe_segment(uow: UnitOfWork, *, user: User, no: str, description: str) -> Segment:
    segment = await _managed_segment(uow, user=user, no=no)
    segment.description = parse_description(description)
    await uow.segments.update(segment)
    return segment


async def assignable_salespeople(uow: UnitOfWork, *, user: User) -> list[Salesperson]:
    """Whom an administrator may give a segment to: every salesperson not blocked."""
    require_admin(user)
    return [s for s in await uow.salespeople.list() if not s.blocked]


async def assign_segment(uow: UnitOfWork, *, user: User, no: str, salesperson_code: str) -> int:
    """An administrator gives the segment, and every one of its lines, to a salesperson, who
    may then log it (domain.access.may_log); empty gives it to no one: whoever logs it. A
    blocked salesperson can log nothing and is refused. Returns how many lines followed."""
    segment = await _managed_segment(uow, user=user, no=no)
    code = salesperson_code.strip().upper()
    if code:
        salesperson = await uow.salespeople.get(code)
        if salesperson is None:
            known = [s.code for s in await uow.salespeople.list()]
            raise NotFound("salesperson_not_found", code=code, known=known)
        if salesperson.blocked:
            raise ValidationFailed("segment_salesperson_blocked", code=code)
    segment.salesperson_code = code
    await uow.segments.update(segment)
    return await uow.segments.assign_lines(no, salesperson_code=code)


async def set_segment_template(uow: UnitOfWork, *, user: User, no: str, template_code: str) -> int:
    """Sets the header template; lines that still use the old one follow it.
    Returns how many lines followed."""
    segment = await _managed_segment(uow, user=user, no=no)
    old_code = segment.template_code
    apply_template(segment, await existing_template(uow, template_code))
    await uow.segments.update(segment)
    return await uow.segments.follow_header_template(no, old_code=old_code, segment=segment)


async def _by_code(uow: UnitOfWork, criteria: ContactCriteria) -> ContactCriteria:
    """Criteria naming a salesperson or a template by part of its name, as an
    administrator types them, made to name it by code (domain.criteria.code_named)."""
    if criteria.salesperson_code:
        salespeople = [(s.code, s.name) for s in await uow.salespeople.list()]
        code = code_named(criteria.salesperson_code, salespeople, what="salesperson")
        criteria = replace(criteria, salesperson_code=code)
    if criteria.has_template_code:
        templates = [(t.code, t.description) for t in await uow.templates.list()]
        code = code_named(criteria.has_template_code, templates, what="template")
        criteria = replace(criteria, has_template_code=code)
    return criteria


async def add_contacts(
    uow: UnitOfWork,
    *,
    user: User,
    no: str,
    criteria: ContactCriteria,
    ignore_exclusion: bool = False,
    expand_companies: bool = False,
) -> int:
    """Adds matching contacts, skipping those already present, those blocked due to
    privacy (no interaction may be logged for them) and, unless told otherwise, those
    marked Exclude from Segment. Returns how many lines were added."""
    segment = await _managed_segment(uow, user=user, no=no)
    contacts = await uow.contacts.matching(await _by_code(uow, criteria))
    if expand_companies:
        companies = [c.no for c in contacts if c.type is ContactType.COMPANY]
        contacts += await uow.contacts.persons_of(companies) if companies else []
    present = await uow.segments.contact_nos(no)
    line_no = await uow.segments.last_line_no(no)
    lines: list[SegmentLine] = []
    for contact in _unique(contacts):
        if contact.no in present or contact.privacy_blocked:
            continue
        if contact.exclude_from_segment and not ignore_exclusion:
            continue
        present.add(contact.no)
        line_no += 10_000  # Business Central's line numbering step
        lines.append(line_for(segment, contact=contact, line_no=line_no))
    if lines:
        await uow.segments.add_lines(lines)
    return len(lines)


def _unique(contacts: list[Contact]) -> list[Contact]:
    return list({c.no: c for c in contacts}.values())


async def reduce_contacts(
    uow: UnitOfWork, *, user: User, no: str, criteria: ContactCriteria
) -> int:
    """Removes the lines whose contact matches. Returns how many were removed."""
    await _managed_segment(uow, user=user, no=no)
    present = await uow.segments.contact_nos(no)
    matching = {c.no for c in await uow.contacts.matching(await _by_code(uow, criteria))}
    return await uow.segments.remove_lines(no, sorted(present & matching))


async def refine_contacts(
    uow: UnitOfWork, *, user: User, no: str, criteria: ContactCriteria
) -> int:
    """Keeps only the lines whose contact matches. Returns how many were removed."""
    await _managed_segment(uow, user=user, no=no)
    present = await uow.segments.contact_nos(no)
    restricted = replace(await _by_code(uow, criteria), contact_nos=frozenset(present))
    matching = {c.no for c in await uow.contacts.matching(restricted)}
    return await uow.segments.remove_lines(no, sorted(present - matching))


async def remove_contact(uow: UnitOfWork, *, user: User, no: str, contact_no: str) -> None:
    await _managed_segment(uow, user=user, no=no)
    if not await uow.segments.remove_lines(no, [contact_no]):
        raise NotFound("segment_line_not_found", no=no, contact_no=contact_no)


async def override_line_template(
    uow: UnitOfWork, *, user: User, no: str, line_no: int, template_code: str
) -> SegmentLine:
    """A line's own template; cost, duration, flow and initiated by are re-derived from it."""
    await _managed_segment(uow, user=user, no=no)
    line = await uow.segments.line(no, line_no)
    if line is None:
        raise NotFound("segment_line_not_found", no=no, contact_no=str(line_no))
    apply_template(line, await existing_template(uow, template_code))
    line.template_overridden = True
    await uow.segments.update_line(line)
    return line


async def segment_lines(
    uow: UnitOfWork, *, user: User, no: str, limit: int, offset: int = 0
) -> list[SegmentLine]:
    await _managed_segment(uow, user=user, no=no)
    if limit <= 0:
        raise ValidationFailed("invalid_page")
    return await uow.segments.lines(no, limit=limit, offset=offset)


async def visit_contacts(uow: UnitOfWork, *, user: User, no: str) -> tuple[list[Contact], int]:
    """The contacts of a segment's lines for a visit sheet, by name, and how many were left
    out for being blocked for privacy (a link to them would be refused)."""
    await _managed_segment(uow, user=user, no=no)
    nos = await uow.segments.contact_nos(no)
    found = await uow.contacts.matching(ContactCriteria(contact_nos=frozenset(nos))) if nos else []
    usable = [c for c in found if not c.privacy_blocked]
    usable.sort(key=lambda c: (c.search_name, c.name, c.no))
    return usable, len(found) - len(usable)
