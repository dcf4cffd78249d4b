"""The interaction log: history, statistics, cancelling and evaluating entries."""

from __future__ import annotations

from domain import parsing
from domain.access import require_active, require_may_change_entry
from domain.errors import NotFound, ValidationFailed
from domain.model import (
    Contact,
    ContactStatistics,
    ContactType,
    InteractionLogEntry,
    User,
)
from domain.ports import UnitOfWork


async def _contact_and_persons(uow: UnitOfWork, *, contact_no: str) -> tuple[Contact, list[str]]:
    contact = await uow.contacts.get(contact_no)
    if contact is None:
        raise NotFound("contact_not_found", no=contact_no)
    nos = [contact.no]
    if contact.type is ContactType.COMPANY:
        nos += [p.no for p in await uow.contacts.persons_of([contact.no])]
    return contact, nos


async def contact_statistics(uow: UnitOfWork, *, user: User, contact_no: str) -> ContactStatistics:
    """Postponed and canceled entries do not count; a company includes its persons."""
    require_active(user)
    _, nos = await _contact_and_persons(uow, contact_no=contact_no)
    return await uow.entries.statistics(nos)


async def contact_history(
    uow: UnitOfWork, *, user: User, contact_no: str, limit: int, offset: int = 0
) -> tuple[Contact, list[InteractionLogEntry], ContactStatistics]:
    require_active(user)
    contact, nos = await _contact_and_persons(uow, contact_no=contact_no)
    entries = await uow.entries.history(nos, limit=limit, offset=offset)
    return contact, entries, await uow.entries.statistics(nos)


async def logged_entry(uow: UnitOfWork, entry_no: int) -> InteractionLogEntry:
    entry = await uow.entries.get(entry_no)
    if entry is None or entry.postponed:
        raise NotFound("entry_not_found", entry_no=entry_no)
    return entry


async def changeable_entry(uow: UnitOfWork, *, user: User, entry_no: int) -> InteractionLogEntry:
    """A logged entry this user may cancel or evaluate: checked before asking them to confirm."""
    entry = await logged_entry(uow, entry_no)
    require_may_change_entry(user, entry)
    return entry


async def set_entry_canceled(
    uow: UnitOfWork, *, user: User, entry_no: int, canceled: bool
) -> InteractionLogEntry:
    """An entry of a canceled logged segment cannot be un-cancelled on its own."""
    entry = await logged_entry(uow, entry_no)
    require_may_change_entry(user, entry)
    if not canceled and entry.logged_segment_entry_no is not None:
        logged = await uow.logged_segments.get(entry.logged_segment_entry_no)
        if logged is not None and logged.canceled:
            raise ValidationFailed(
                "entry_in_canceled_logged_segment", logged_segment=logged.entry_no
            )
    entry.canceled = canceled
    await uow.entries.update(entry)
    return entry


async def evaluate_entry(
    uow: UnitOfWork, *, user: User, entry_no: int, evaluation: str
) -> InteractionLogEntry:
    entry = await logged_entry(uow, entry_no)
    require_may_change_entry(user, entry)
    entry.evaluation = parsing.parse_evaluation(evaluation)
    await uow.entries.update(entry)
    return entry
