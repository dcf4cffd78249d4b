"""Lookups every service needs, each refusing with the domain's own message."""

from __future__ import annotations

import datetime as dt

from domain.errors import NotFound, PrivacyBlocked
from domain.model import Contact, InteractionTemplate, Segment
from domain.ports import UnitOfWork


async def usable_contact(uow: UnitOfWork, no: str) -> Contact:
    contact = await uow.contacts.get(no)
    if contact is None:
        raise NotFound("contact_not_found", no=no)
    if contact.privacy_blocked:
        raise PrivacyBlocked(contact=contact.name or contact.no)
    return contact


async def existing_template(uow: UnitOfWork, code: str) -> InteractionTemplate:
    template = await uow.templates.get(code)
    if template is None:
        raise NotFound("template_not_found", code=code)
    return template


async def open_segment(uow: UnitOfWork, no: str) -> Segment:
    """The segment, held until the transaction ends: edits and logging take turns, so no
    line added while it is logged is lost."""
    segment = await uow.segments.get(no, lock=True)
    if segment is None:
        raise NotFound("segment_not_found", no=no)
    return segment


def interaction_moment(now: dt.datetime) -> dt.datetime:
    """Now rounded up to the next minute, as Business Central's Create Interaction does; its
    date too (23:59:30 is the next day's 00:00)."""
    rounded = now.replace(second=0, microsecond=0)
    if rounded != now:
        rounded += dt.timedelta(minutes=1)
    return rounded
