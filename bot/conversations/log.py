"""/log [text]: a contact's interaction history with its statistics; cancel or evaluate an
entry, or start a new interaction like one of them."""

from __future__ import annotations

from bot.conversations import callbacks, interact
from bot.conversations.cards import CHOICES, choice_label, contact_label, page_argument, page_rows
from bot.conversations.context import Ctx
from bot.conversations.pickers import ContactPicker
from bot.reply import Keyboard
from domain.errors import NotFound
from domain.model import Evaluation
from domain.services import entries as svc

FLOW = "log"
_PAGE = 5


async def _chosen(ctx: Ctx, contact_no: str) -> None:
    await show_history(ctx, contact_no=contact_no)


PICKER = ContactPicker(FLOW, _chosen)


async def on_history_page(ctx: Ctx) -> None:
    contact_no = str(ctx.state.data.get("contact", ""))
    await show_history(ctx, contact_no=contact_no, page=page_argument(ctx))


async def show_history(ctx: Ctx, *, contact_no: str, page: int = 0) -> None:
    contact, entries, stats = await svc.contact_history(
        ctx.uow, user=ctx.user, contact_no=contact_no, limit=_PAGE + 1, offset=page * _PAGE
    )
    ctx.state.go(FLOW, "history", contact=contact.no, page=page)
    lines = [
        ctx.t("log.title", contact=contact_label(contact)),
        ctx.t(
            "log.statistics",
            count=stats.interactions,
            cost=ctx.money(stats.cost),
            duration=ctx.minutes(stats.duration),
            last=ctx.date(stats.last_date),
            attempted=ctx.date(stats.last_attempted),
        ),
        "",
    ]
    rows: Keyboard = []
    for entry in entries[:_PAGE]:
        heading = ctx.t(
            "log.item",
            entry_no=entry.entry_no,
            date=ctx.date(entry.date),
            time=ctx.time(entry.time),
            description=entry.description,
        )
        # Only what says something: an evaluation once given, the cancellation.
        details = [heading]
        if entry.evaluation is not Evaluation.BLANK:
            details.append(choice_label(ctx, "evaluation", entry.evaluation.value))
        if entry.canceled:
            details.append(ctx.t("log.canceled"))
        lines.append(" · ".join(details))
        no = str(entry.entry_no)
        rows.append(
            [
                ctx.button(ctx.t("button.like", entry_no=no), "like", no),
                ctx.button(ctx.t("button.evaluate", entry_no=no), "evaluate", no),
                ctx.button(
                    ctx.t(
                        "button.uncancel" if entry.canceled else "button.cancel_entry", entry_no=no
                    ),
                    "uncancel" if entry.canceled else "cancel_entry",
                    no,
                ),
            ]
        )
    if not entries:
        lines.append(ctx.t("log.empty"))
    rows += page_rows(ctx, action="hpage", page=page, more=len(entries) > _PAGE)
    rows.append(
        [
            ctx.button(ctx.t("button.new_interaction"), "new_for", contact.no),
            ctx.button(ctx.t("button.chart"), "chart"),
        ]
    )
    ctx.show("\n".join(lines), rows)


async def _entry_no(ctx: Ctx) -> int:
    assert ctx.incoming.tap is not None
    argument = ctx.incoming.tap.argument.partition(":")[0]
    entry_no = callbacks.number(argument)
    if entry_no is None:
        raise NotFound("entry_not_found", entry_no=argument[:12])
    return entry_no


async def on_cancel_entry(ctx: Ctx) -> None:
    """Cancelling an entry asks first: one tap is too easily taken for leaving the list."""
    entry_no = await _entry_no(ctx)
    entry = await svc.changeable_entry(ctx.uow, user=ctx.user, entry_no=entry_no)
    page = ctx.state.data.get("page", 0)
    contact = ctx.state.data.get("contact", "")
    ctx.state.go(FLOW, "confirm_cancel", contact=contact, page=page, entry_no=entry_no)
    ctx.show(
        ctx.t(
            "log.confirm_cancel",
            entry_no=entry_no,
            date=ctx.date(entry.date),
            description=entry.description,
        ),
        [
            [
                ctx.button(
                    ctx.t("button.yes_cancel_entry", entry_no=entry_no), "cancel_yes", str(entry_no)
                ),
                ctx.button(ctx.t("button.no_keep"), "hpage", str(page)),
            ]
        ],
    )


async def on_cancel_confirmed(ctx: Ctx) -> None:
    entry_no = await _entry_no(ctx)
    if ctx.state.step != "confirm_cancel" or ctx.state.data.get("entry_no") != entry_no:
        ctx.toast(ctx.t("stale"))  # only the question's own Yes cancels
        return
    await _set_canceled(ctx, entry_no=entry_no, canceled=True)


async def on_uncancel(ctx: Ctx) -> None:
    await _set_canceled(ctx, entry_no=await _entry_no(ctx), canceled=False)


async def _set_canceled(ctx: Ctx, *, entry_no: int, canceled: bool) -> None:
    await svc.set_entry_canceled(ctx.uow, user=ctx.user, entry_no=entry_no, canceled=canceled)
    ctx.toast(
        ctx.t("log.canceled_toast" if canceled else "log.uncanceled_toast", entry_no=entry_no)
    )
    await _refresh(ctx)


async def on_evaluate(ctx: Ctx) -> None:
    entry_no = await _entry_no(ctx)
    ctx.state.step = "evaluate"
    rows: Keyboard = [
        [ctx.button(choice_label(ctx, "evaluation", v), "evaluation", f"{entry_no}:{v}")]
        for v in CHOICES["evaluation"]
    ]
    rows.append([ctx.button(ctx.t("button.back"), "hpage", str(ctx.state.data.get("page", 0)))])
    ctx.show(ctx.t("ask.evaluation_of", entry_no=entry_no), rows)


async def on_evaluation(ctx: Ctx) -> None:
    entry_no = await _entry_no(ctx)
    assert ctx.incoming.tap is not None
    value = ctx.incoming.tap.argument.partition(":")[2]
    await svc.evaluate_entry(ctx.uow, user=ctx.user, entry_no=entry_no, evaluation=value)
    await _refresh(ctx)


async def _refresh(ctx: Ctx) -> None:
    page = ctx.state.data.get("page", 0)
    await show_history(ctx, contact_no=str(ctx.state.data.get("contact", "")), page=int(page))


async def on_like(ctx: Ctx) -> None:
    await interact.start_like(ctx, entry_no=await _entry_no(ctx))


async def on_new_for(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    await interact.choose_contact(ctx, contact_no=ctx.incoming.tap.argument)
