"""Cards and lists the chat shows, each read by one service call (the steps read nothing
themselves), the names on a page in one statement rather than one per item."""

from __future__ import annotations

from domain.access import require_active, require_admin
from domain.errors import NotFound
from domain.model import ContactCriteria, InteractionTemplate, User
from domain.ports import UnitOfWork
from domain.services.interactions import own_postponed, postponed_count, postponed_interactions
from domain.services.log_segment import check_loggable_summary
from domain.services.segments import segment_lines
from domain.views import LineItem, PostponedItem, PostponedPage, SegmentCard


async def _contact_names(uow: UnitOfWork, nos: set[str]) -> dict[str, str]:
    if not nos:
        return {}
    found = await uow.contacts.matching(ContactCriteria(contact_nos=frozenset(nos)))
    return {c.no: c.name for c in found}


async def _template_description(uow: UnitOfWork, code: str) -> str:
    template = await uow.templates.get(code) if code else None
    return template.description if template else ""


async def postponed_page(uow: UnitOfWork, *, user: User, page: int, size: int) -> PostponedPage:
    """A page of the user's postponed interactions, with contact names and template
    descriptions; the last page when the list shrank below the one asked for."""
    total = await postponed_count(uow, user=user)
    page = min(max(page, 0), max(total - 1, 0) // size)
    shown = await postponed_interactions(uow, user=user, limit=size, offset=page * size)
    names = await _contact_names(uow, {e.contact_no for e in shown})
    codes = {e.template_code for e in shown if e.template_code}
    templates = {t.code: t.description for t in await uow.templates.list()} if codes else {}
    items = [
        PostponedItem(
            entry=e,
            contact_name=names.get(e.contact_no, e.contact_no),
            template_description=templates.get(e.template_code, ""),
        )
        for e in shown
    ]
    return PostponedPage(total=total, page=page, items=items)


async def postponed_item(uow: UnitOfWork, *, user: User, entry_no: int) -> PostponedItem:
    entry = await own_postponed(uow, user=user, entry_no=entry_no)
    contact = await uow.contacts.get(entry.contact_no)
    return PostponedItem(
        entry=entry,
        contact_name=contact.name if contact else entry.contact_no,
        template_description="",
    )


async def segment_card(uow: UnitOfWork, *, user: User, no: str) -> SegmentCard:
    """An open segment's card for administrators: counts, totals and its template."""
    require_admin(user)
    summary = await uow.segments.summary(no)
    if summary is None:
        raise NotFound("segment_not_found", no=no)
    description = await _template_description(uow, summary.segment.template_code)
    code = summary.segment.salesperson_code
    salesperson = await uow.salespeople.get(code) if code else None
    return SegmentCard(
        summary=summary,
        template_description=description,
        salesperson_name=salesperson.name if salesperson else "",
    )


async def segment_preview(uow: UnitOfWork, *, user: User, no: str) -> SegmentCard:
    """What Log Segment will log, once every refusal of it has been checked."""
    summary = await check_loggable_summary(uow, no=no, user=user)
    description = await _template_description(uow, summary.segment.template_code)
    return SegmentCard(summary=summary, template_description=description)


async def segment_line_items(
    uow: UnitOfWork, *, user: User, no: str, limit: int, offset: int = 0
) -> list[LineItem]:
    lines = await segment_lines(uow, user=user, no=no, limit=limit, offset=offset)
    names = await _contact_names(uow, {line.contact_no for line in lines})
    return [LineItem(line=ln, contact_name=names.get(ln.contact_no, ln.contact_no)) for ln in lines]


async def templates(uow: UnitOfWork, *, user: User) -> list[InteractionTemplate]:
    require_active(user)
    return await uow.templates.list()


async def salesperson_name(uow: UnitOfWork, *, code: str) -> str:
    """For greetings and team messages: the name, or the code of one unknown."""
    salesperson = await uow.salespeople.get(code)
    return salesperson.name if salesperson and salesperson.name else code


async def announce(uow: UnitOfWork, *, chat_id: int, text: str) -> None:
    """A message to the team's chat, sent once the transaction that caused it commits."""
    await uow.outbox.add(chat_id=chat_id, text=text)
