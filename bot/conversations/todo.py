"""/todo: the user's open to-dos, overdue first, each with Log now, Snooze and Cancel
(administrators may list a salesperson's, or everyone's); the same buttons on the
scheduler's reminders and agenda; /agenda on|off."""

from __future__ import annotations

from dataclasses import replace

from bot import formatting as fmt
from bot.conversations import interact, postponed
from bot.conversations.cards import page_argument, page_rows
from bot.conversations.context import Ctx
from bot.conversations.followup import FLOW, on_date, tapped_pair, todo_buttons, todo_label
from bot.reply import Keyboard, StripKeyboard
from domain.errors import NotFound
from domain.followups import Snooze
from domain.services import interactions as interactions_svc
from domain.services import todos as svc

_PAGE = 8


# /todo ----------------------------------------------------------------------------------


async def start(ctx: Ctx, *, page: int = 0, salesperson: str | None = None) -> None:
    """/todo [salesperson|*] (administrators may name one, or * for everyone)."""
    if salesperson is None:
        salesperson = (
            ctx.incoming.arguments.strip()
            if ctx.incoming.command
            else str(ctx.state.data.get("salesperson", ""))
        )
    listed = await svc.todo_page(
        ctx.uow, user=ctx.user, page=page, size=_PAGE, salesperson_code=salesperson
    )
    ctx.state.go(FLOW, "list", page=listed.page, salesperson=salesperson)
    if not listed.items:
        ctx.show(ctx.t("todo.none"))
        return
    now = ctx.now
    lines = [ctx.t("todo.title", count=listed.total, salesperson=listed.salesperson_code)]
    rows: Keyboard = []
    for item in listed.items:
        mark = "⏰ " if item.todo.overdue(now) else ""
        lines.append(mark + todo_label(ctx.t, item, ctx.lang))
        rows += todo_buttons(ctx.t, item.todo.no)
    rows += page_rows(
        ctx, action="page", page=listed.page, more=listed.total > (listed.page + 1) * _PAGE
    )
    ctx.show("\n".join(lines), rows)


async def on_page(ctx: Ctx) -> None:
    await start(ctx, page=page_argument(ctx))


def _todo_no(ctx: Ctx) -> str:
    assert ctx.incoming.tap is not None
    no = ctx.incoming.tap.argument.partition(":")[0]
    if not no or len(no) > 20:
        raise NotFound("todo_not_found", no=no[:20])
    return no


async def on_log_now(ctx: Ctx) -> None:
    """The card with the to-do's contact and template filled in; logging it closes the
    to-do and links the entry (ChatState.todo_no)."""
    no = _todo_no(ctx)
    todo = await svc.open_todo(ctx.uow, user=ctx.user, no=no)
    card = await interactions_svc.start_draft(
        ctx.uow,
        user=ctx.user,
        contact_no=todo.contact_no,
        now=ctx.now,
        open_draft_id=ctx.state.draft_id,
    )
    assert card.draft.id is not None
    ctx.state.draft_id = card.draft.id
    ctx.state.todo_no, ctx.state.todo_draft_id = todo.no, card.draft.id
    if todo.template_code:
        chosen = await interactions_svc.choose_template(
            ctx.uow,
            user=ctx.user,
            draft_id=card.draft.id,
            code=todo.template_code,
            contact=card.contact,
        )
        card = replace(chosen, set_aside=card.set_aside)  # the card says what was set aside
    await interact.show_card(ctx, new=True, card=card)


async def on_snooze(ctx: Ctx) -> None:
    no = _todo_no(ctx)
    try:
        snooze = Snooze(tapped_pair(ctx)[1])
    except ValueError:
        raise NotFound("todo_not_found", no=no) from None
    todo = await svc.snooze(
        ctx.uow,
        user=ctx.user,
        no=no,
        snooze=snooze,
        today=ctx.now.date(),
        agenda_time=ctx.settings.agenda_time,
    )
    ctx.toast(ctx.t("todo.snoozed", no=no, day=fmt.day(todo.date, ctx.lang)))
    await _refresh(ctx)


async def on_cancel(ctx: Ctx) -> None:
    no = _todo_no(ctx)
    await svc.cancel(ctx.uow, user=ctx.user, no=no)
    ctx.toast(ctx.t("todo.canceled", no=no))
    await _refresh(ctx)


async def _refresh(ctx: Ctx) -> None:
    """In /todo the list is drawn again; on a reminder or the agenda the buttons go."""
    if ctx.state.flow == FLOW and ctx.state.step == "list":
        await start(ctx, page=int(ctx.state.data.get("page", 0)))
    elif ctx.incoming.message_id is not None:
        ctx.reply.add(StripKeyboard(ctx.incoming.chat_id, ctx.incoming.message_id))


async def on_resume(ctx: Ctx) -> None:
    """Resume from a postponed interaction's reminder or the agenda."""
    await postponed.on_resume(ctx)


async def on_text(ctx: Ctx) -> None:
    if ctx.state.step == "date":
        await on_date(ctx)
    else:
        ctx.send(ctx.t("idle_text"))


# /agenda --------------------------------------------------------------------------------


async def agenda(ctx: Ctx) -> None:
    """/agenda on|off."""
    word = ctx.incoming.arguments.strip().lower()
    if word not in ("on", "off"):
        ctx.send(ctx.t("agenda.usage", on=ctx.t("agenda.on" if ctx.user.agenda else "agenda.off")))
        return
    await svc.set_agenda(ctx.uow, user=ctx.user, on=word == "on")
    ctx.send(ctx.t("agenda.now_on" if word == "on" else "agenda.now_off"))
