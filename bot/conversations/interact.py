"""/interact: search a contact, choose a template, adjust the card, Log or Postpone.
The state chart is in docs/conversations.md."""

from __future__ import annotations

from bot.conversations import followup
from bot.conversations.cards import (
    CHOICES,
    TEMPLATES_PAGE,
    TEXT_FIELDS,
    cancel_row,
    card_keyboard,
    card_text,
    choice_label,
    choice_rows,
    contact_label,
    page_argument,
    template_choices,
)
from bot.conversations.context import Ctx
from bot.conversations.notifications import notify_interaction
from bot.conversations.pickers import ContactPicker, search_prompt_rows
from bot.i18n import described
from bot.reply import Keyboard, StripKeyboard
from domain.errors import NotFound
from domain.services import interactions as svc
from domain.services.contacts import contacts_by_phone, last_template
from domain.views import DraftCard

FLOW = "interact"


async def on_text(ctx: Ctx) -> None:
    """Typed text means what the current step asks for."""
    step = ctx.state.step
    if step in ("search", "contact"):
        await PICKER.on_text(ctx)
    elif step == "field":
        await set_text_field(ctx)
    else:
        ctx.send(ctx.t("interact.use_buttons"))
        await show_card(ctx, new=True)


async def choose_contact(ctx: Ctx, *, contact_no: str) -> None:
    """A new draft for the contact; the service postpones the one still open."""
    card = await svc.start_draft(
        ctx.uow,
        user=ctx.user,
        contact_no=contact_no,
        now=ctx.now,
        open_draft_id=ctx.state.draft_id,
    )
    ctx.state.draft_id = card.draft.id
    await ask_template(ctx, card=card)


async def _chosen(ctx: Ctx, contact_no: str) -> None:
    await choose_contact(ctx, contact_no=contact_no)


PICKER = ContactPicker(FLOW, _chosen)


async def start(ctx: Ctx) -> None:
    """/interact with a name searches at once; without, the salesperson's recent (contact,
    template) pairs are offered above the search prompt: a repeat call is 3 actions."""
    if ctx.incoming.arguments:
        await PICKER.start(ctx)
        return
    recent = await svc.recent_choices(ctx.uow, user=ctx.user)
    # The pairs are kept in the state, the buttons carry their index: codes of any length
    # and characters stay out of the 64 bytes of callback data.
    ctx.state.go(FLOW, "search", recent=[[r.contact.no, r.template.code] for r in recent])
    rows: Keyboard = [
        [
            ctx.button(
                f"{contact_label(r.contact)} · {described(r.template, ctx.lang)}",
                "recent",
                str(n),
            )
        ]
        for n, r in enumerate(recent)
    ]
    text = ctx.t("interact.ask_search_recent" if recent else "contacts.ask_search")
    ctx.show(text, rows + search_prompt_rows(ctx))


async def on_recent(ctx: Ctx) -> None:
    """A recent pair tapped: its card, contact and template filled in."""
    assert ctx.incoming.tap is not None
    recent = ctx.state.data.get("recent") or []
    n = ctx.incoming.tap.argument
    if ctx.state.step != "search" or not n.isdigit() or int(n) >= len(recent):
        ctx.toast(ctx.t("stale"))
        return
    contact_no, template_code = recent[int(n)]
    card = await svc.start_with_template(
        ctx.uow,
        user=ctx.user,
        contact_no=str(contact_no),
        template_code=str(template_code),
        now=ctx.now,
        open_draft_id=ctx.state.draft_id,
    )
    ctx.state.draft_id = card.draft.id
    await show_card(ctx, card=card)


async def on_shared_contact(ctx: Ctx) -> None:
    """A phone contact shared into the chat: the contact with that number, straight to the
    template step; several: a list to choose from; none: a search, by the name it carries."""
    phone, name = ctx.incoming.shared_phone, ctx.incoming.shared_name
    found = await contacts_by_phone(ctx.uow, user=ctx.user, number=phone)
    if len(found) == 1:
        await choose_contact(ctx, contact_no=found[0].no)
        return
    if found:
        ctx.state.go(FLOW, "contact", query=name)
        rows: Keyboard = [[ctx.button(contact_label(c), "contact", c.no)] for c in found]
        ctx.show(ctx.t("shared.choose", phone=phone), [*rows, *search_prompt_rows(ctx)])
        return
    ctx.state.go(FLOW, "search", shared_name=name)
    rows = [[ctx.button(ctx.t("shared.search_name", name=name[:40]), "search_shared")]]
    ctx.show(ctx.t("shared.none", phone=phone), (rows if name else []) + search_prompt_rows(ctx))


async def on_search_shared(ctx: Ctx) -> None:
    """The name a shared phone contact carried, searched."""
    name = str(ctx.state.data.get("shared_name", ""))
    if ctx.state.step != "search" or not name:
        ctx.toast(ctx.t("stale"))
        return
    await PICKER.search(ctx, query=name)


async def start_like(ctx: Ctx, *, entry_no: int) -> None:
    """ "New interaction like this one": same contact and template, straight to the card."""
    card = await svc.start_like(
        ctx.uow, user=ctx.user, entry_no=entry_no, now=ctx.now, open_draft_id=ctx.state.draft_id
    )
    ctx.state.draft_id = card.draft.id
    await show_card(ctx, card=card)


def _with_set_aside(ctx: Ctx, card: DraftCard | None, text: str) -> str:
    """The question, after a word on the interaction postponed to start this one."""
    if card is None or card.set_aside is None:
        return text
    event = card.set_aside
    notice = ctx.t(
        "interact.set_aside", contact=contact_label(event.contact), entry_no=event.entry.entry_no
    )
    return f"{notice}\n\n{text}"


async def ask_template(ctx: Ctx, *, card: DraftCard | None = None, page: int = 0) -> None:
    """`card` when the step already has it fresh from a service, else it is read."""
    ctx.state.go(FLOW, "template")
    card = card or await _card(ctx, with_template=False)
    choices = await template_choices(ctx)
    # The template last used with this contact comes first, marked: most likely again.
    last = await last_template(ctx.uow, user=ctx.user, contact_no=card.contact.no)
    if last is not None:
        at = next((n for n, (_, code) in enumerate(choices) if code == last.code), None)
        if at is not None:
            label, code = choices.pop(at)
            choices.insert(0, (ctx.t("interact.last_used", template=label), code))
    rows = choice_rows(
        ctx, choices, action="template", page=page, size=TEMPLATES_PAGE, page_action="tpage"
    )
    if card.draft.template_code:  # changing it: the card is a tap away, not only Cancel
        rows.append([ctx.button(ctx.t("button.back"), "back"), *cancel_row(ctx)])
    else:
        rows.append(cancel_row(ctx))
    question = ctx.t("interact.choose_template", contact=contact_label(card.contact))
    ctx.show(_with_set_aside(ctx, card, question), rows)


async def on_template(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    card = await svc.choose_template(
        ctx.uow, user=ctx.user, draft_id=_draft_id(ctx), code=ctx.incoming.tap.argument
    )
    await show_card(ctx, card=card)


async def on_retemplate(ctx: Ctx) -> None:
    await ask_template(ctx)


async def on_template_page(ctx: Ctx) -> None:
    await ask_template(ctx, page=page_argument(ctx))


def _draft_id(ctx: Ctx) -> int:
    """The draft of this conversation; the services check that it is the user's own."""
    if ctx.state.draft_id is None:
        raise NotFound("draft_not_found")
    return ctx.state.draft_id


async def _card(ctx: Ctx, *, with_template: bool = True) -> DraftCard:
    return await svc.draft_card(
        ctx.uow, user=ctx.user, draft_id=_draft_id(ctx), with_template=with_template
    )


async def show_card(ctx: Ctx, *, new: bool = False, card: DraftCard | None = None) -> None:
    """`card` when the step already has it fresh from a service, else it is read."""
    card = card or await _card(ctx)
    if card.template is None:
        await ask_template(ctx, card=card)
        return
    prompt = ctx.state.data.get("prompt_message_id")
    if prompt and (new or ctx.incoming.tap is None):
        ctx.reply.add(StripKeyboard(ctx.incoming.chat_id, int(prompt)))
    ctx.state.go(FLOW, "card")
    text = card_text(ctx, card.draft, card.contact, described(card.template, ctx.lang))
    ctx.show(_with_set_aside(ctx, card, text), card_keyboard(ctx), new=new)


async def on_field(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    field = ctx.incoming.tap.argument
    back = [ctx.button(ctx.t("button.back"), "back"), *cancel_row(ctx)]
    if field in TEXT_FIELDS:
        ctx.state.go(
            FLOW,
            "field",
            field=field,
            ask=f"ask.{field}",
            prompt_message_id=ctx.incoming.message_id,
        )
        ctx.show(ctx.t(f"ask.{field}"), [back])
    elif field in CHOICES:
        ctx.state.go(FLOW, "choice", field=field)
        rows: Keyboard = [
            [ctx.button(choice_label(ctx, field, value), "set", f"{field}:{value}")]
            for value in CHOICES[field]
        ]
        ctx.show(ctx.t(f"ask.{field}"), [*rows, back])
    else:
        ctx.toast(ctx.t("stale"))


async def on_set(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    field, _, value = ctx.incoming.tap.argument.partition(":")
    if field not in CHOICES or value not in CHOICES[field]:
        ctx.toast(ctx.t("stale"))
        return
    await show_card(ctx, card=await _set(ctx, field=field, text=value))


async def set_text_field(ctx: Ctx) -> None:
    # Bad input raises a refusal: the pipeline shows it with this step's question again.
    field = str(ctx.state.data.get("field", ""))
    await show_card(ctx, new=True, card=await _set(ctx, field=field, text=ctx.incoming.text))


async def _set(ctx: Ctx, *, field: str, text: str) -> DraftCard:
    return await svc.set_field(
        ctx.uow,
        user=ctx.user,
        draft_id=_draft_id(ctx),
        field=svc.DraftField(field),
        text=text,
        today=ctx.now.date(),
    )


async def on_back(ctx: Ctx) -> None:
    await show_card(ctx)


async def on_attachment(ctx: Ctx) -> None:
    """A voice note, photo, document or location sent while an interaction is open (once
    its contact is chosen); then the card, or the templates still to choose from."""
    if ctx.state.flow != FLOW or ctx.state.draft_id is None:
        ctx.send(ctx.t("attachment.no_card"))
        return
    card = await svc.attach(
        ctx.uow,
        user=ctx.user,
        draft_id=ctx.state.draft_id,
        attachment=ctx.incoming.attachment,
        location=ctx.incoming.location,
    )
    await show_card(ctx, new=True, card=card)


async def on_log(ctx: Ctx) -> None:
    draft_id = _draft_id(ctx)
    event = await svc.log_draft(ctx.uow, user=ctx.user, draft_id=draft_id)
    ctx.state.go("idle")
    ctx.state.draft_id = None
    await notify_interaction(ctx, event)
    # The entry is safely logged; what follows (the to-do it did, the next step) is extra.
    await followup.after_log(ctx, event, draft_id=draft_id)
    ctx.toast(ctx.t("interact.logged_toast"))


async def on_cancel(ctx: Ctx) -> None:
    """The Cancel button while an interaction is open: as in Business Central's wizard,
    the question whether to finish it later, unless it has nothing but its contact."""
    cancelled = await svc.cancel_wizard(ctx.uow, user=ctx.user, draft_id=ctx.state.draft_id)
    if cancelled is None:  # finished meanwhile
        ctx.state.go("idle")
        ctx.state.draft_id = None
        ctx.show(ctx.t("cancel.nothing"))
        return
    contact = contact_label(cancelled.contact)
    if not cancelled.ask:
        ctx.state.go("idle")
        ctx.state.draft_id = None
        ctx.show(ctx.t("cancel.dropped", contact=contact))
        return
    ctx.state.go(FLOW, "confirm_cancel")
    b = ctx.button
    ctx.show(
        ctx.t("interact.ask_postpone", contact=contact),
        [
            [b(ctx.t("button.postpone"), "postpone"), b(ctx.t("button.discard"), "discard")],
            [b(ctx.t("button.back"), "back")],
        ],
    )


async def on_discard(ctx: Ctx) -> None:
    """Discard, the other answer to Cancel's question."""
    if ctx.state.step != "confirm_cancel":
        ctx.toast(ctx.t("stale"))  # only the question's own Discard drops the interaction
        return
    discarded = await svc.discard_draft(ctx.uow, user=ctx.user, draft_id=ctx.state.draft_id)
    ctx.state.go("idle")
    ctx.state.draft_id = None
    if discarded is None:
        ctx.show(ctx.t("cancel.nothing"))
    elif discarded.entry_no is not None:
        ctx.show(
            ctx.t(
                "cancel.discarded_resumed",
                contact=contact_label(discarded.contact),
                entry_no=discarded.entry_no,
            )
        )
    else:
        ctx.show(ctx.t("cancel.discarded", contact=contact_label(discarded.contact)))


async def postpone(ctx: Ctx) -> None:
    """/cancel, the Postpone button and Postpone in answer to Cancel: keep the draft as a
    postponed interaction."""
    event = await svc.postpone_open_draft(ctx.uow, user=ctx.user, draft_id=ctx.state.draft_id)
    ctx.state.go("idle")
    ctx.state.draft_id = None
    ctx.state.todo_no, ctx.state.todo_draft_id = "", None
    if event is None:  # none, or finished meanwhile (resumed twice, say)
        ctx.show(ctx.t("cancel.nothing"))
        return
    ctx.show(
        ctx.t(
            "cancel.postponed", contact=contact_label(event.contact), entry_no=event.entry.entry_no
        )
    )
