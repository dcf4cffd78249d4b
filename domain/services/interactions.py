"""Create interaction, cancel-as-postpone, resume: the Create Interaction wizard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from domain import parsing
from domain.access import require_active, require_own_draft, require_own_postponed
from domain.errors import NotFound, ValidationFailed
from domain.events import InteractionDiscarded, InteractionLogged, InteractionPostponed
from domain.model import (
    Attachment,
    Contact,
    Draft,
    Evaluation,
    InteractionLogEntry,
    Location,
    User,
    contact_interaction_of,
)
from domain.ports import UnitOfWork
from domain.services._common import (
    existing_template,
    interaction_moment,
    usable_contact,
)
from domain.services.entries import logged_entry
from domain.usage import RECENT_PAIRS, RECENT_WINDOW, recent_pairs
from domain.views import DraftCard, RecentChoice


class DraftField(StrEnum):
    DESCRIPTION = "description"
    COST = "cost"
    DURATION = "duration"
    WHEN = "when"
    EVALUATION = "evaluation"
    FLOW = "flow"
    INITIATED_BY = "initiated_by"
    SUCCESSFUL = "successful"


async def start_draft(
    uow: UnitOfWork,
    *,
    user: User,
    contact_no: str,
    now: dt.datetime,
    open_draft_id: int | None = None,
) -> DraftCard:
    """A draft exists from the moment its contact is chosen (contact first, as in BC).
    The user's interaction still open (`open_draft_id`) is set aside first (see
    set_aside_open_draft); the card says which one was postponed."""
    require_active(user)
    contact = await usable_contact(uow, contact_no)
    set_aside = await set_aside_open_draft(uow, user=user, draft_id=open_draft_id)
    moment = interaction_moment(now)
    draft = Draft(
        id=None,
        user_id=user.telegram_id,
        salesperson_code=user.salesperson_code,
        contact_no=contact.no,
        contact_company_no=contact.company_no,
        date=moment.date(),
        time=moment.time(),
    )
    draft.id = await uow.drafts.add(draft)
    return DraftCard(draft=draft, contact=contact, template=None, set_aside=set_aside)


async def start_like(
    uow: UnitOfWork, *, user: User, entry_no: int, now: dt.datetime, open_draft_id: int | None
) -> DraftCard:
    """A new interaction like a logged one: same contact and template, straight to the card."""
    entry = await logged_entry(uow, entry_no)
    return await start_with_template(
        uow,
        user=user,
        contact_no=entry.contact_no,
        template_code=entry.template_code,
        now=now,
        open_draft_id=open_draft_id,
    )


async def start_with_template(
    uow: UnitOfWork,
    *,
    user: User,
    contact_no: str,
    template_code: str,
    now: dt.datetime,
    open_draft_id: int | None,
) -> DraftCard:
    """A new interaction with its contact and template chosen: straight to the card."""
    await existing_template(uow, template_code)  # checked before anything is postponed
    card = await start_draft(
        uow, user=user, contact_no=contact_no, now=now, open_draft_id=open_draft_id
    )
    assert card.draft.id is not None
    chosen = await choose_template(
        uow, user=user, draft_id=card.draft.id, code=template_code, contact=card.contact
    )
    return replace(chosen, set_aside=card.set_aside)


async def recent_choices(uow: UnitOfWork, *, user: User) -> list[RecentChoice]:
    """The salesperson's latest distinct (contact, template) pairs (domain.usage.
    recent_pairs), without those that can no longer be used (a contact gone or blocked for
    privacy, a template gone): each is one tap from its card."""
    require_active(user)
    newest = await uow.entries.recent(user.salesperson_code, limit=RECENT_WINDOW)
    choices: list[RecentChoice] = []
    for contact_no, template_code in recent_pairs(newest, limit=RECENT_WINDOW):
        if len(choices) == RECENT_PAIRS:
            break
        contact = await uow.contacts.get(contact_no)
        template = await uow.templates.get(template_code)
        if contact is not None and not contact.privacy_blocked and template is not None:
            choices.append(RecentChoice(contact=contact, template=template))
    return choices


async def own_draft(uow: UnitOfWork, *, user: User, draft_id: int) -> Draft:
    draft = await uow.drafts.get(draft_id)
    if draft is None:
        raise NotFound("draft_not_found")
    require_own_draft(user, draft)
    return draft


async def draft_card(
    uow: UnitOfWork,
    *,
    user: User,
    draft_id: int,
    draft: Draft | None = None,
    contact: Contact | None = None,
    with_template: bool = True,
) -> DraftCard:
    """The card of the user's draft; what the caller already holds is not read again, nor
    the template when the caller needs only its code (`with_template` false)."""
    draft = draft or await own_draft(uow, user=user, draft_id=draft_id)
    contact = contact or await uow.contacts.get(draft.contact_no)
    if contact is None:
        raise NotFound("contact_not_found", no=draft.contact_no)
    code = draft.template_code
    template = await uow.templates.get(code) if code and with_template else None
    return DraftCard(draft=draft, contact=contact, template=template)


async def postpone_open_draft(
    uow: UnitOfWork, *, user: User, draft_id: int | None
) -> InteractionPostponed | None:
    """/cancel and Postpone: the unfinished interaction is kept as a postponed entry, even
    with nothing but its contact, and /postponed offers it again. None when nothing is
    open: one finished meanwhile (resumed twice, say) is simply gone."""
    draft = await uow.drafts.get(draft_id) if draft_id is not None else None
    if draft is None:
        return None
    require_own_draft(user, draft)
    return await _postpone(uow, draft)


def has_nothing_but_contact(draft: Draft) -> bool:
    """Nothing was entered but the contact (its date and time are the defaults of the moment
    it began, and it resumes no postponed entry): dropping it loses nothing the user gave."""
    return (
        draft.entry_no is None
        and not draft.template_code
        and not draft.description
        and draft.attachment is None
        and draft.location is None
        and draft.evaluation is Evaluation.BLANK
        and not draft.attempt_failed
        and not draft.cost
        and not draft.duration
    )


async def set_aside_open_draft(
    uow: UnitOfWork, *, user: User, draft_id: int | None
) -> InteractionPostponed | None:
    """Starting or resuming another interaction sets aside the one still open: postponed,
    so that it is never lost and /postponed offers it again (returned, for the user to be
    told), or dropped without a word when it has nothing but its contact, which would only
    be one more postponed entry to delete."""
    draft = await uow.drafts.get(draft_id) if draft_id is not None else None
    if draft is None:
        return None
    require_own_draft(user, draft)
    if has_nothing_but_contact(draft):
        assert draft.id is not None
        await uow.drafts.delete(draft.id)
        return None
    return await _postpone(uow, draft)


@dataclass(frozen=True, slots=True)
class WizardCancel:
    """What cancelling the wizard came to: dropped at once (`discarded`), or a question
    for the user (`ask`): postpone it to finish later, or discard it."""

    ask: bool
    contact: Contact
    discarded: InteractionDiscarded | None = None


async def cancel_wizard(
    uow: UnitOfWork, *, user: User, draft_id: int | None
) -> WizardCancel | None:
    """Cancel, as in Business Central's wizard, asks whether to finish the interaction later;
    one with nothing but its contact is discarded without asking. None when nothing is
    open (finished meanwhile, say)."""
    draft = await uow.drafts.get(draft_id) if draft_id is not None else None
    if draft is None:
        return None
    require_own_draft(user, draft)
    if has_nothing_but_contact(draft):
        discarded = await discard_draft(uow, user=user, draft_id=draft_id)
        assert discarded is not None
        return WizardCancel(ask=False, contact=discarded.contact, discarded=discarded)
    contact = await uow.contacts.get(draft.contact_no)
    if contact is None:
        raise NotFound("contact_not_found", no=draft.contact_no)
    return WizardCancel(ask=True, contact=contact)


async def discard_draft(
    uow: UnitOfWork, *, user: User, draft_id: int | None
) -> InteractionDiscarded | None:
    """Drops the interaction being filled in. A resumed one leaves its postponed entry as it
    was before it was resumed. None when nothing is open."""
    draft = await uow.drafts.get(draft_id) if draft_id is not None else None
    if draft is None:
        return None
    require_own_draft(user, draft)
    contact = await uow.contacts.get(draft.contact_no)
    if contact is None:
        raise NotFound("contact_not_found", no=draft.contact_no)
    assert draft.id is not None
    await uow.drafts.delete(draft.id)
    return InteractionDiscarded(contact=contact, entry_no=draft.entry_no)


async def choose_template(
    uow: UnitOfWork, *, user: User, draft_id: int, code: str, contact: Contact | None = None
) -> DraftCard:
    """Fills group, description (when empty or the template changes), cost, duration, flow,
    initiated by and campaign from the template."""
    draft = await own_draft(uow, user=user, draft_id=draft_id)
    template = await existing_template(uow, code)
    if not draft.description or draft.template_code != template.code:
        draft.description = template.description
    draft.template_code = template.code
    draft.group_code = template.group_code
    draft.cost = template.unit_cost
    draft.duration = template.unit_duration
    draft.information_flow = template.information_flow
    draft.initiated_by = template.initiated_by
    draft.campaign_no = template.campaign_no
    await uow.drafts.update(draft)
    contact = contact or await uow.contacts.get(draft.contact_no)
    if contact is None:
        raise NotFound("contact_not_found", no=draft.contact_no)
    return DraftCard(draft=draft, contact=contact, template=template)


async def set_field(
    uow: UnitOfWork, *, user: User, draft_id: int, field: DraftField, text: str, today: dt.date
) -> DraftCard:
    """Sets one field from what the user typed or tapped; bad input changes nothing."""
    draft = await own_draft(uow, user=user, draft_id=draft_id)
    match field:
        case DraftField.DESCRIPTION:
            draft.description = parsing.parse_description(text)
        case DraftField.COST:
            draft.cost = parsing.parse_cost(text)
        case DraftField.DURATION:
            draft.duration = parsing.parse_duration(text)
        case DraftField.WHEN:
            date, time = parsing.parse_date_time(text, today=today)
            if date > today + dt.timedelta(days=366):
                raise ValidationFailed("date_too_far", value=text[:30])
            draft.date = date
            draft.time = time or draft.time
        case DraftField.EVALUATION:
            draft.evaluation = parsing.parse_evaluation(text)
        case DraftField.FLOW:
            draft.information_flow = parsing.parse_flow(text)
        case DraftField.INITIATED_BY:
            draft.initiated_by = parsing.parse_initiated_by(text)
        case DraftField.SUCCESSFUL:
            draft.attempt_failed = not parsing.parse_bool(text)
    await uow.drafts.update(draft)
    return await draft_card(uow, user=user, draft_id=draft_id, draft=draft)


async def attach(
    uow: UnitOfWork,
    *,
    user: User,
    draft_id: int,
    attachment: Attachment | None = None,
    location: Location | None = None,
) -> DraftCard:
    draft = await own_draft(uow, user=user, draft_id=draft_id)
    if attachment is not None:
        draft.attachment = attachment
    if location is not None:
        if not (-90 <= location.latitude <= 90 and -180 <= location.longitude <= 180):
            raise ValidationFailed("location_invalid")
        draft.location = location
    await uow.drafts.update(draft)
    return await draft_card(uow, user=user, draft_id=draft_id, draft=draft)


def _entry_from(draft: Draft, *, postponed: bool) -> InteractionLogEntry:
    return InteractionLogEntry(
        entry_no=draft.entry_no,
        user_id=str(draft.user_id),
        postponed=postponed,
        **contact_interaction_of(draft),
    )


async def _store(uow: UnitOfWork, entry: InteractionLogEntry) -> InteractionLogEntry:
    """A resumed draft completes its postponed entry, unless that was finished or deleted
    meanwhile (resumed twice, or deleted from /postponed): then it must not overwrite."""
    if entry.entry_no is not None:
        current = await uow.entries.get(entry.entry_no)
        if current is None or not current.postponed:
            raise NotFound("postponed_not_found", entry_no=entry.entry_no)
        await uow.entries.update(entry)
    else:
        entry.entry_no = await uow.entries.add(entry)
    return entry


async def log_draft(uow: UnitOfWork, *, user: User, draft_id: int) -> InteractionLogged:
    """Finishing writes one log entry (or completes the postponed one it resumed)."""
    draft = await own_draft(uow, user=user, draft_id=draft_id)
    missing = [
        name
        for name, value in (
            ("template", draft.template_code),
            ("description", draft.description),
            ("salesperson", draft.salesperson_code),
        )
        if not value
    ]
    if missing:
        raise ValidationFailed("field_required", field=missing[0])
    contact = await usable_contact(uow, draft.contact_no)
    template = await existing_template(uow, draft.template_code)
    entry = await _store(uow, _entry_from(draft, postponed=False))
    assert draft.id is not None
    await uow.drafts.delete(draft.id)
    return InteractionLogged(
        entry=entry, contact=contact, template=template, resumed=draft.entry_no is not None
    )


async def postpone_draft(uow: UnitOfWork, *, user: User, draft_id: int) -> InteractionPostponed:
    """Cancel = postpone: kept as a postponed log entry, even with fields missing. A draft
    whose postponed entry was finished or deleted meanwhile (resumed twice) is kept as a
    new one: what the user typed is never lost, and /cancel always works."""
    return await _postpone(uow, await own_draft(uow, user=user, draft_id=draft_id))


async def _postpone(uow: UnitOfWork, draft: Draft) -> InteractionPostponed:
    contact = await uow.contacts.get(draft.contact_no)
    if contact is None:
        raise NotFound("contact_not_found", no=draft.contact_no)
    entry = _entry_from(draft, postponed=True)
    if entry.entry_no is not None:
        current = await uow.entries.get(entry.entry_no)
        if current is None or not current.postponed:
            entry.entry_no = None
    entry = await _store(uow, entry)
    assert draft.id is not None
    await uow.drafts.delete(draft.id)
    return InteractionPostponed(entry=entry, contact=contact)


async def postponed_interactions(
    uow: UnitOfWork, *, user: User, limit: int | None = None, offset: int = 0
) -> list[InteractionLogEntry]:
    """Newest first."""
    require_active(user)
    return await uow.entries.postponed(user.salesperson_code, limit=limit, offset=offset)


async def postponed_count(uow: UnitOfWork, *, user: User) -> int:
    require_active(user)
    return await uow.entries.count_postponed(user.salesperson_code)


async def own_postponed(uow: UnitOfWork, *, user: User, entry_no: int) -> InteractionLogEntry:
    """The user's own postponed entry; someone else's is refused exactly as a missing one
    (domain/access.py)."""
    entry = await uow.entries.get(entry_no)
    if entry is None or not entry.postponed:
        raise NotFound("postponed_not_found", entry_no=entry_no)
    require_own_postponed(user, entry)
    return entry


async def resume_postponed(
    uow: UnitOfWork,
    *,
    user: User,
    entry_no: int,
    now: dt.datetime,
    open_draft_id: int | None = None,
) -> DraftCard:
    """Reopens the wizard with the stored values; date and time are reset to now and
    "successful" to yes, and finishing completes the same entry number. The user's
    interaction still open (`open_draft_id`) is set aside first (see set_aside_open_draft)."""
    set_aside = await set_aside_open_draft(uow, user=user, draft_id=open_draft_id)
    entry = await own_postponed(uow, user=user, entry_no=entry_no)
    contact = await usable_contact(uow, entry.contact_no)
    moment = interaction_moment(now)
    resumed = contact_interaction_of(entry)
    resumed.update(date=moment.date(), time=moment.time(), attempt_failed=False)
    draft = Draft(id=None, user_id=user.telegram_id, entry_no=entry.entry_no, **resumed)
    draft.id = await uow.drafts.add(draft)
    card = await draft_card(uow, user=user, draft_id=draft.id, draft=draft, contact=contact)
    return replace(card, set_aside=set_aside)


async def delete_postponed(
    uow: UnitOfWork, *, user: User, entry_no: int, open_draft_id: int | None = None
) -> bool:
    """Removes the entry; the user's open draft (`open_draft_id`) goes with it if it
    resumed this entry: the user asked for it to be gone. True if the draft went."""
    await own_postponed(uow, user=user, entry_no=entry_no)
    goes = False
    if open_draft_id is not None:
        draft = await uow.drafts.get(open_draft_id)
        goes = draft is not None and (draft.user_id, draft.entry_no) == (user.telegram_id, entry_no)
        if goes:
            await uow.drafts.delete(open_draft_id)
    await uow.entries.delete(entry_no)
    return goes
