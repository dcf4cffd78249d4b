"""Segments: create, describe, choose contacts, per-line template overrides; and the number
series that number segments and contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from domain.errors import NotFound, NumberSeriesMissing, ValidationFailed
from domain.model import (
    Contact,
    ContactCriteria,
    ContactType,
    NumberSeries,
    Segment,
    SegmentLine,
)
from domain.parsing import parse_description
from domain.ports import UnitOfWork
from domain.segment_rules import apply_template, line_for
from domain.services._common import existing_template, open_segment


async def take_number(uow: UnitOfWork, *, series_code: str, setting: str) -> str:
    """The next number of a series; a clear refusal when the series is not set up."""
    series = await uow.setup.series(series_code) if series_code else None
    if series is None:
        raise NumberSeriesMissing(setting=setting, code=series_code)
    number = series.take()
    await uow.setup.save_series(series)
    return number


async def use_series(uow: UnitOfWork, *, numbers: str, series: NumberSeries) -> str:
    """New contacts (`numbers` "contacts") or segments ("segments") are numbered from
    `series`, created or changed; returns its next number, refused when that is taken."""
    first = replace(series).take()
    taken = (
        await uow.contacts.get(first) if numbers == "contacts" else await uow.segments.get(first)
    )
    if taken is not None:
        raise ValidationFailed("series_number_taken", number=first)
    setup = await uow.setup.get()
    if numbers == "contacts":
        setup.contact_nos = series.code
    else:
        setup.segment_nos = series.code
    await uow.setup.save_series(series)
    await uow.setup.save(setup)
    return first


async def create_segment(
    uow: UnitOfWork,
    *,
    description: str = "",
    salesperson_code: str = "",
    template_code: str = "",
    date: dt.date | None = None,
) -> Segment:
    setup = await uow.setup.get()
    no = await take_number(uow, series_code=setup.segment_nos, setting="Segment Nos.")
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


async def describe_segment(uow: UnitOfWork, *, no: str, description: str) -> Segment:
    segment = await open_segment(uow, no)
    segment.description = parse_description(description)
    await uow.segments.update(segment)
    return segment


async def set_segment_template(uow: UnitOfWork, *, no: str, template_code: str) -> int:
    """Sets the header template; lines that still use the old one follow it.
    Returns how many lines followed."""
    segment = await open_segment(uow, no)
    old_code = segment.template_code
    apply_template(segment, await existing_template(uow, template_code))
    await uow.segments.update(segment)
    return await uow.segments.follow_header_template(no, old_code=old_code, segment=segment)


async def add_contacts(
    uow: UnitOfWork,
    *,
    no: str,
    criteria: ContactCriteria,
    ignore_exclusion: bool = False,
    expand_companies: bool = False,
) -> int:
    """Adds matching contacts, skipping those already present, those blocked due to
    privacy (no interaction may be logged for them) and, unless told otherwise, those
    marked Exclude from Segment. Returns how many lines were added."""
    segment = await open_segment(uow, no)
    contacts = await uow.contacts.matching(criteria)
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


async def reduce_contacts(uow: UnitOfWork, *, no: str, criteria: ContactCriteria) -> int:
    """Removes the lines whose contact matches. Returns how many were removed."""
    await open_segment(uow, no)
    present = await uow.segments.contact_nos(no)
    matching = {c.no for c in await uow.contacts.matching(criteria)}
    return await uow.segments.remove_lines(no, sorted(present & matching))


async def refine_contacts(uow: UnitOfWork, *, no: str, criteria: ContactCriteria) -> int:
    """Keeps only the lines whose contact matches. Returns how many were removed."""
    await open_segment(uow, no)
    present = await uow.segments.contact_nos(no)
    restricted = replace(criteria, contact_nos=frozenset(present))
    matching = {c.no for c in await uow.contacts.matching(restricted)}
    return await uow.segments.remove_lines(no, sorted(present - matching))


async def remove_contact(uow: UnitOfWork, *, no: str, contact_no: str) -> None:
    await open_segment(uow, no)
    if not await uow.segments.remove_lines(no, [contact_no]):
        raise NotFound("segment_line_not_found", no=no, contact_no=contact_no)


async def override_line_template(
    uow: UnitOfWork, *, no: str, line_no: int, template_code: str
) -> SegmentLine:
    """A line's own template; cost, duration, flow and initiated by are re-derived from it."""
    await open_segment(uow, no)
    line = await uow.segments.line(no, line_no)
    if line is None:
        raise NotFound("segment_line_not_found", no=no, contact_no=str(line_no))
    apply_template(line, await existing_template(uow, template_code))
    line.template_overridden = True
    await uow.segments.update_line(line)
    return line


async def segment_lines(
    uow: UnitOfWork, *, no: str, limit: int, offset: int = 0
) -> list[SegmentLine]:
    await open_segment(uow, no)
    if limit <= 0:
        raise ValidationFailed("invalid_page")
    return await uow.segments.lines(no, limit=limit, offset=offset)
