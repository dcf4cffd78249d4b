"""Follow-ups after Log: the to-do it did closed, the contact's open to-dos offered for
closing with it, and the "schedule next" row (the template's suggestion, Tomorrow, In 3
days, Next week, Pick a date, No follow-up); and the to-do buttons /todo and the
scheduler's messages share.

Their buttons are "anytime" buttons (callbacks.ANYTIME_VERSION): they stay good on the
logged confirmation, in /todo and in the scheduler's reminders whatever the user does
next; the services check the to-do or entry they name when tapped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import formatting as fmt
from bot.conversations import callbacks
from bot.conversations.cards import contact_label
from bot.conversations.context import Ctx
from bot.i18n import described
from bot.reply import Keyboard, StripKeyboard
from domain import parsing
from domain.errors import NotFound
from domain.events import InteractionLogged
from domain.followups import NextStep
from domain.services import todos as svc
from domain.services.todos import TodoItem

FLOW = "todo"
_CLOSE_OFFERS = 2  # open to-dos with the contact offered for closing after Log

# Actions of the anytime buttons.
NEXT = "nx"  # argument "<entry no>:<NextStep | pick | none>"
LOG_NOW = "tdl"  # argument: the to-do's number
SNOOZE = "tds"  # argument "<to-do no>:<Snooze>"
CANCEL = "tdc"  # argument: the to-do's number
CLOSE = "tdx"  # argument "<to-do no>:<entry no>"
RESUME = "ppr"  # argument: a postponed entry's number

Translate = Callable[..., str]


def todo_label(t: Translate, item: TodoItem, lang: str) -> str:
    todo = item.todo
    when = fmt.day(todo.date, lang) + (f" {fmt.time(todo.time, lang)}" if todo.time else "")
    return str(
        t(
            "todo.item",
            no=todo.no,
            when=when,
            contact=item.contact_name,
            what=item.template_description or todo.description or "—",
        )
    )


def todo_buttons(t: Translate, no: str) -> Keyboard:
    """Log now, Snooze (tomorrow, next week), Cancel: on /todo, reminders and the agenda."""
    return [
        [
            callbacks.anytime_button(t("button.log_now", no=no), LOG_NOW, no),
            callbacks.anytime_button(t("button.snooze_tomorrow"), SNOOZE, f"{no}:tomorrow"),
            callbacks.anytime_button(t("button.snooze_week"), SNOOZE, f"{no}:week"),
            callbacks.anytime_button(t("button.cancel_todo"), CANCEL, no),
        ]
    ]


def resume_button(t: Translate, entry_no: int) -> tuple[str, str]:
    return callbacks.anytime_button(t("button.resume", entry_no=entry_no), RESUME, str(entry_no))


# After Log ------------------------------------------------------------------------------


async def after_log(ctx: Ctx, event: InteractionLogged, *, draft_id: int) -> None:
    """The logged confirmation: the to-do it did closed ("Log now"), or the user's open
    to-dos with the contact to close with it; then the "schedule next" row."""
    entry_no = event.entry.entry_no
    assert entry_no is not None
    lines = [
        ctx.t(
            "interact.logged",
            entry_no=entry_no,
            contact=contact_label(event.contact),
            template=described(event.template, ctx.lang),
        )
    ]
    rows: Keyboard = []
    todo_no, todo_draft = ctx.state.todo_no, ctx.state.todo_draft_id
    ctx.state.todo_no, ctx.state.todo_draft_id = "", None
    if todo_no and todo_draft == draft_id:
        done = await svc.close_with_entry(ctx.uow, user=ctx.user, no=todo_no, entry_no=entry_no)
        lines.append(ctx.t("todo.closed_by_log", no=done.no))
    else:
        offers = await svc.open_for_contact(
            ctx.uow, user=ctx.user, contact_no=event.entry.contact_no
        )
        for item in offers[:_CLOSE_OFFERS]:
            label = ctx.t("button.close_todo", todo=todo_label(ctx.t, item, ctx.lang))
            rows.append([ctx.anytime(label, CLOSE, f"{item.todo.no}:{entry_no}")])
    rows += await _next_rows(ctx, entry_no)
    ctx.show("\n".join(lines), rows)


async def _next_rows(ctx: Ctx, entry_no: int) -> Keyboard:
    """One row of choices (two lines on a phone): the template's suggestion first."""
    suggested = await svc.suggestion(
        ctx.uow, user=ctx.user, entry_no=entry_no, today=ctx.now.date()
    )
    rows: Keyboard = []
    if suggested is not None:
        label = ctx.t(
            "button.next_suggested",
            template=described(suggested.template, ctx.lang),
            day=fmt.day(suggested.date, ctx.lang),
        )
        rows.append([ctx.anytime(label, NEXT, f"{entry_no}:{NextStep.SUGGESTED.value}")])
    rows.append(
        [
            ctx.anytime(ctx.t("button.next_tomorrow"), NEXT, f"{entry_no}:tomorrow"),
            ctx.anytime(ctx.t("button.next_in3"), NEXT, f"{entry_no}:in3"),
            ctx.anytime(ctx.t("button.next_week"), NEXT, f"{entry_no}:week"),
        ]
    )
    rows.append(
        [
            ctx.anytime(ctx.t("button.next_pick"), NEXT, f"{entry_no}:pick"),
            ctx.anytime(ctx.t("button.next_none"), NEXT, f"{entry_no}:none"),
        ]
    )
    return rows


def tapped_pair(ctx: Ctx) -> tuple[str, str]:
    """The two halves of a button's "first:second" argument."""
    assert ctx.incoming.tap is not None
    first, _, second = ctx.incoming.tap.argument.partition(":")
    return first, second


def _entry_no(text: str) -> int:
    entry_no = callbacks.number(text)
    if entry_no is None:
        raise NotFound("entry_not_found", entry_no=text[:12])
    return entry_no


async def on_next(ctx: Ctx) -> None:
    entry_text, choice = tapped_pair(ctx)
    entry_no = _entry_no(entry_text)
    if choice == "none":
        if ctx.incoming.message_id is not None:
            ctx.reply.add(StripKeyboard(ctx.incoming.chat_id, ctx.incoming.message_id))
        ctx.toast(ctx.t("todo.no_follow_up"))
        return
    if choice == "pick":
        ctx.state.go(FLOW, "date", entry_no=entry_no, ask="todo.ask_date")
        ctx.send(ctx.t("todo.ask_date"))
        ctx.toast("")
        return
    try:
        step = NextStep(choice)
    except ValueError:
        raise NotFound("entry_not_found", entry_no=entry_no) from None
    await _schedule(ctx, entry_no=entry_no, step=step)


async def on_date(ctx: Ctx) -> None:
    """The picked date, typed as the card's date is (2026-12-03, 3.12.), with a time if
    wanted (3.12. 14:00): then the reminder comes at that time."""
    entry_no = int(ctx.state.data.get("entry_no", 0))
    date, time = parsing.parse_date_time(ctx.incoming.text, today=ctx.now.date())
    await _schedule(ctx, entry_no=entry_no, step=None, date=date, time=time)
    ctx.state.go("idle")


async def _schedule(
    ctx: Ctx, *, entry_no: int, step: NextStep | None, date: Any = None, time: Any = None
) -> None:
    todo = await svc.schedule_next(
        ctx.uow,
        user=ctx.user,
        entry_no=entry_no,
        step=step,
        today=ctx.now.date(),
        agenda_time=ctx.settings.agenda_time,
        date=date,
        time=time,
    )
    item = await svc.todo_item(ctx.uow, user=ctx.user, no=todo.no)
    text = ctx.t("todo.scheduled", entry_no=entry_no, todo=todo_label(ctx.t, item, ctx.lang))
    ctx.show(text)
    ctx.toast(ctx.t("todo.scheduled_toast"))


async def on_close(ctx: Ctx) -> None:
    """Closes a to-do with the interaction just logged (offered on the confirmation)."""
    no, entry_text = tapped_pair(ctx)
    todo = await svc.close_with_entry(
        ctx.uow, user=ctx.user, no=no[:20], entry_no=_entry_no(entry_text)
    )
    ctx.toast(ctx.t("todo.closed", no=todo.no, entry_no=todo.closed_by_entry_no))
    if ctx.incoming.message_id is not None:
        ctx.reply.add(StripKeyboard(ctx.incoming.chat_id, ctx.incoming.message_id))
