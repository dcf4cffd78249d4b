"""The rules of segments and Log Segment, as pure functions: the specification.

storage/ computes the same set-based in SQL (one statement for 100k lines), the in-memory
fakes call these functions, and tests/contract checks that all of them agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Mapping
from enum import StrEnum

from domain.model import (
    INTERACTION_FIELDS,
    Contact,
    InteractionLogEntry,
    InteractionTemplate,
    Segment,
    SegmentLine,
    interaction_of,
)


class LineProblem(StrEnum):
    """Why a line cannot be logged; the first that applies, in this order."""

    TEMPLATE = "template"  # none, or unknown
    CONTACT = "contact"  # unknown
    PRIVACY = "privacy"  # the contact is blocked due to privacy
    SALESPERSON = "salesperson"  # set but unknown (an empty one is filled from the logger)


def apply_template(target: Segment | SegmentLine, template: InteractionTemplate) -> None:
    """A segment or a line takes a template: its code, cost, duration, flow, initiated by."""
    target.template_code = template.code
    target.cost = template.unit_cost
    target.duration = template.unit_duration
    target.information_flow = template.information_flow
    target.initiated_by = template.initiated_by


def follows_header(line: SegmentLine, *, old_code: str) -> bool:
    """A line follows its header's new template when it still has the header's old one and
    was never given its own."""
    return line.template_code == old_code and not line.template_overridden


FOLLOWED_FIELDS = tuple(name for name in INTERACTION_FIELDS if name != "description")


def follow_header(line: SegmentLine, *, segment: Segment) -> None:
    """A following line takes its header's interaction fields, but keeps its description."""
    for name in FOLLOWED_FIELDS:
        setattr(line, name, getattr(segment, name))


def assign_line(line: SegmentLine, *, salesperson_code: str) -> None:
    """A segment given to a salesperson gives them every line, as Business Central updates
    the lines when the header's salesperson changes (empty: whoever logs it)."""
    line.salesperson_code = salesperson_code


def line_for(segment: Segment, *, contact: Contact, line_no: int) -> SegmentLine:
    """A contact's new line takes its header's interaction fields, salesperson and date; its
    description stays empty, which means the header's when it is logged."""
    return SegmentLine(
        segment_no=segment.no,
        line_no=line_no,
        contact_no=contact.no,
        contact_company_no=contact.company_no,
        salesperson_code=segment.salesperson_code,
        date=segment.date,
        **{**interaction_of(segment), "description": ""},
    )


def line_salesperson(line: SegmentLine, header: Segment | None) -> str:
    """The line's salesperson, else the header's; empty means "the user who logs"."""
    return line.salesperson_code or (header.salesperson_code if header else "")


def line_problem(
    line: SegmentLine,
    *,
    header: Segment | None,
    templates: Mapping[str, InteractionTemplate],
    contacts: Mapping[str, Contact],
    salespeople: Container[str],
) -> LineProblem | None:
    if line.template_code not in templates:
        return LineProblem.TEMPLATE
    contact = contacts.get(line.contact_no)
    if contact is None:
        return LineProblem.CONTACT
    if contact.privacy_blocked:
        return LineProblem.PRIVACY
    salesperson = line_salesperson(line, header)
    if salesperson and salesperson not in salespeople:
        return LineProblem.SALESPERSON
    return None


def invalid_lines(
    lines: Iterable[SegmentLine],
    *,
    header: Segment | None,
    templates: Mapping[str, InteractionTemplate],
    contacts: Mapping[str, Contact],
    salespeople: Container[str],
    limit: int,
) -> list[tuple[int, LineProblem]]:
    """(line_no, problem) of the first `limit` lines that cannot be logged, in line order."""
    found: list[tuple[int, LineProblem]] = []
    for line in sorted(lines, key=lambda ln: ln.line_no):
        if len(found) >= limit:
            break
        problem = line_problem(
            line, header=header, templates=templates, contacts=contacts, salespeople=salespeople
        )
        if problem is not None:
            found.append((line.line_no, problem))
    return found


def entry_from_line(
    line: SegmentLine,
    *,
    header: Segment,
    template: InteractionTemplate | None,
    entry_no: int,
    logged_segment_entry_no: int,
    user_id: str,
    date: dt.date,
    time: dt.time,
) -> InteractionLogEntry:
    """Log Segment's entry for one line: the line's interaction fields (template, cost,
    duration, flow, initiated by); the template's group; the first description set of the
    line, the header and the template; the line's salesperson (else the header's); the
    line's date (else the header's, else `date`); `time`; the header's campaign (else the
    template's)."""
    values = interaction_of(line)
    values["description"] = (
        line.description or header.description or (template.description if template else "")
    )
    return InteractionLogEntry(
        entry_no=entry_no,
        contact_no=line.contact_no,
        contact_company_no=line.contact_company_no,
        date=line.date or header.date or date,
        time=time,
        salesperson_code=line_salesperson(line, header),
        user_id=user_id,
        group_code=template.group_code if template else "",
        campaign_no=header.campaign_no or (template.campaign_no if template else ""),
        segment_no=header.no,
        logged_segment_entry_no=logged_segment_entry_no,
        **values,
    )


def entries_from_segment(
    header: Segment,
    lines: Iterable[SegmentLine],
    *,
    templates: Mapping[str, InteractionTemplate],
    first_entry_no: int,
    logged_segment_entry_no: int,
    user_id: str,
    date: dt.date,
    time: dt.time,
) -> list[InteractionLogEntry]:
    """One entry per line, numbered consecutively from `first_entry_no` in line order."""
    return [
        entry_from_line(
            line,
            header=header,
            template=templates.get(line.template_code),
            entry_no=first_entry_no + index,
            logged_segment_entry_no=logged_segment_entry_no,
            user_id=user_id,
            date=date,
            time=time,
        )
        for index, line in enumerate(sorted(lines, key=lambda ln: ln.line_no))
    ]


def follow_up_lines(
    lines: Iterable[SegmentLine], *, target_no: str, after_line_no: int
) -> list[SegmentLine]:
    """The follow-up segment's lines: the same contacts (and salespeople), no template,
    numbered after the `after_line_no` the target already has."""
    return [
        SegmentLine(
            segment_no=target_no,
            line_no=line.line_no + after_line_no,
            contact_no=line.contact_no,
            contact_company_no=line.contact_company_no,
            salesperson_code=line.salesperson_code,
        )
        for line in sorted(lines, key=lambda ln: ln.line_no)
    ]
