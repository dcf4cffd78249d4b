"""/segments (admins): create, describe, choose a template, add or remove contacts by
criteria, inspect lines and override a line's template. /loggedsegments: cancel or
restore a logged segment, each after a question naming it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversations import callbacks
from bot.conversations.cards import (
    TEMPLATES_PAGE,
    cancel_row,
    choice_rows,
    page_argument,
    page_rows,
    segment_rows,
    template_choices,
)
from bot.conversations.context import Ctx
from bot.reply import Keyboard
from domain.criteria import parse_criteria
from domain.services import segments as svc
from domain.services import views
from domain.services.log_segment import (
    logged_segment,
    logged_segments,
    set_logged_segment_canceled,
)

FLOW = "segments"
_LINES_PAGE = 8
_LOGGED_PAGE = 10
_TEXT_STEPS = ("describe", "new", "add", "reduce", "refine")


async def start(ctx: Ctx, *, page: int = 0) -> None:
    ctx.state.go(FLOW, "list")
    segments = await svc.open_segments(ctx.uow, user=ctx.user)
    rows = segment_rows(ctx, segments, action="open", page=page, page_action="list")
    rows.append([ctx.button(ctx.t("button.new_segment"), "new"), *cancel_row(ctx)])
    ctx.show(ctx.t("segments.title", count=len(segments)), rows)


async def on_open(ctx: Ctx, *, no: str | None = None) -> None:
    assert ctx.incoming.tap is not None
    no = no or ctx.incoming.tap.argument
    card = await views.segment_card(ctx.uow, user=ctx.user, no=no)
    summary, segment = card.summary, card.summary.segment
    ctx.state.go(FLOW, "menu", segment=no, ask="segments.ask_criteria")
    salesperson = (
        ctx.t("segments.salesperson", name=card.salesperson_name, code=segment.salesperson_code)
        if segment.salesperson_code
        else ctx.t("segments.nobody")
    )
    text = ctx.t(
        "segments.card",
        no=no,
        description=segment.description or "—",
        template=card.template_description or "—",
        salesperson=salesperson,
        lines=summary.lines,
        cost=ctx.money(summary.total_cost),
        duration=ctx.minutes(summary.total_duration),
    )
    b = ctx.button
    ctx.show(
        text,
        [
            [
                b(ctx.t("button.describe"), "ask", "describe"),
                b(ctx.t("button.template"), "templates"),
                b(ctx.t("button.salesperson"), "salespeople"),
            ],
            [
                b(ctx.t("button.add"), "ask", "add"),
                b(ctx.t("button.reduce"), "ask", "reduce"),
                b(ctx.t("button.refine"), "ask", "refine"),
            ],
            [b(ctx.t("button.lines"), "lines", "0"), b(ctx.t("button.back"), "list")],
        ],
    )


async def on_list(ctx: Ctx) -> None:
    await start(ctx, page=page_argument(ctx))


def _segment(ctx: Ctx) -> str:
    return str(ctx.state.data.get("segment", ""))


async def on_new(ctx: Ctx) -> None:
    ctx.state.go(FLOW, "new", ask="segments.ask_new")
    ctx.show(ctx.t("segments.ask_new"), [cancel_row(ctx)])


async def on_ask(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    step = ctx.incoming.tap.argument
    if step not in _TEXT_STEPS:
        ctx.toast(ctx.t("stale"))
        return
    help_key = "segments.ask_describe" if step == "describe" else "segments.ask_criteria"
    ctx.state.go(FLOW, step, segment=_segment(ctx), ask=help_key)
    ctx.show(ctx.t(help_key, no=_segment(ctx)), [[ctx.button(ctx.t("button.back"), "menu")]])


async def on_menu(ctx: Ctx) -> None:
    await on_open(ctx, no=_segment(ctx))


async def on_text(ctx: Ctx) -> None:
    step, no, text = ctx.state.step, _segment(ctx), ctx.incoming.text
    if step == "new":
        segment = await svc.create_segment(
            ctx.uow, user=ctx.user, description=text, salesperson_code=ctx.user.salesperson_code
        )
        no = segment.no
        ctx.send(ctx.t("segments.created", no=no))
    elif step == "describe":
        await svc.describe_segment(ctx.uow, user=ctx.user, no=no, description=text)
    elif step in ("add", "reduce", "refine", "menu"):
        # Criteria typed while the segment is open add contacts, and after Add, Reduce or
        # Refine more criteria do the same again, until a button is tapped.
        step = "add" if step == "menu" else step
        request = parse_criteria(text)
        if step == "add":
            count = await svc.add_contacts(
                ctx.uow,
                user=ctx.user,
                no=no,
                criteria=request.criteria,
                ignore_exclusion=request.ignore_exclusion,
                expand_companies=request.expand_companies,
            )
        elif step == "reduce":
            count = await svc.reduce_contacts(
                ctx.uow, user=ctx.user, no=no, criteria=request.criteria
            )
        else:
            count = await svc.refine_contacts(
                ctx.uow, user=ctx.user, no=no, criteria=request.criteria
            )
        ctx.send(ctx.t(f"segments.{step}_done", count=count))
        await on_open_new(ctx, no=no, step=step)
        return
    else:
        ctx.send(ctx.t("segments.use_buttons"))
        return
    ctx.state.data["segment"] = no
    await on_open_new(ctx, no=no)


async def on_open_new(ctx: Ctx, *, no: str, step: str = "menu") -> None:
    """After typed text the segment's count is sent anew below the user's message; the
    segment stays open for more criteria (`step`: the criteria step to stay in)."""
    card = await views.segment_card(ctx.uow, user=ctx.user, no=no)
    ctx.state.go(FLOW, step, segment=no, ask="segments.ask_criteria")
    key = "segments.updated" if step == "menu" else f"segments.more_{step}"
    ctx.send(
        ctx.t(key, no=no, count=card.summary.lines),
        [[ctx.button(ctx.t("button.open_segment", no=no), "menu")]],
    )


async def on_templates(ctx: Ctx) -> None:
    choices = await template_choices(ctx)
    page = page_argument(ctx)
    rows = choice_rows(
        ctx,
        choices,
        action="set_template",
        page=page,
        size=TEMPLATES_PAGE,
        page_action="templates",
    )
    rows.append([ctx.button(ctx.t("button.back"), "menu")])
    ctx.show(ctx.t("segments.choose_template", no=_segment(ctx)), rows)


async def on_set_template(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    followed = await svc.set_segment_template(
        ctx.uow, user=ctx.user, no=_segment(ctx), template_code=ctx.incoming.tap.argument
    )
    ctx.toast(ctx.t("segments.template_set", count=followed))
    await on_open(ctx, no=_segment(ctx))


async def on_salespeople(ctx: Ctx) -> None:
    rows: Keyboard = [
        [ctx.button(ctx.t("segments.salesperson", name=s.name, code=s.code)[:60], "assign", s.code)]
        for s in await svc.assignable_salespeople(ctx.uow, user=ctx.user)
    ]
    rows.append([ctx.button(ctx.t("button.nobody"), "assign", "")])
    rows.append([ctx.button(ctx.t("button.back"), "menu")])
    ctx.show(ctx.t("segments.choose_salesperson", no=_segment(ctx)), rows)


async def on_assign(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    no, code = _segment(ctx), ctx.incoming.tap.argument
    count = await svc.assign_segment(ctx.uow, user=ctx.user, no=no, salesperson_code=code)
    card = await views.segment_card(ctx.uow, user=ctx.user, no=no)
    if code:
        salesperson = ctx.t("segments.salesperson", name=card.salesperson_name, code=code)
        ctx.toast(ctx.t("segments.assigned", no=no, salesperson=salesperson, count=count))
    else:
        ctx.toast(ctx.t("segments.unassigned", no=no, count=count))
    await on_open(ctx, no=no)


async def on_lines(ctx: Ctx) -> None:
    await _show_lines(ctx, page=page_argument(ctx))


async def _show_lines(ctx: Ctx, *, page: int) -> None:
    no = _segment(ctx)
    lines = await views.segment_line_items(
        ctx.uow, user=ctx.user, no=no, limit=_LINES_PAGE + 1, offset=page * _LINES_PAGE
    )
    ctx.state.go(FLOW, "lines", segment=no, page=page)
    text = [ctx.t("segments.lines_title", no=no)]
    rows: Keyboard = []
    for item in lines[:_LINES_PAGE]:
        line, name = item.line, item.contact_name
        text.append(f"{line.contact_no} · {name} · {line.template_code or '—'}")
        rows.append(
            [
                ctx.button(
                    ctx.t("button.remove_line", contact=name[:30]), "remove", line.contact_no
                ),
                ctx.button(ctx.t("button.line_template"), "line_templates", str(line.line_no)),
            ]
        )
    rows += page_rows(ctx, action="lines", page=page, more=len(lines) > _LINES_PAGE)
    rows.append([ctx.button(ctx.t("button.back"), "menu")])
    ctx.show("\n".join(text), rows)


async def on_remove(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    await svc.remove_contact(
        ctx.uow, user=ctx.user, no=_segment(ctx), contact_no=ctx.incoming.tap.argument
    )
    ctx.toast(ctx.t("segments.line_removed"))
    await _show_lines(ctx, page=int(ctx.state.data.get("page", 0)))


async def on_line_templates(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    line_no, _, page = ctx.incoming.tap.argument.partition(":")
    choices = await template_choices(ctx, prefix=f"{line_no}:")
    rows = choice_rows(
        ctx,
        choices,
        action="line_template",
        page=callbacks.number(page) or 0,
        size=TEMPLATES_PAGE,
        page_action="line_templates",
        page_prefix=f"{line_no}:",
    )
    rows.append([ctx.button(ctx.t("button.back"), "lines", str(ctx.state.data.get("page", 0)))])
    ctx.show(ctx.t("segments.choose_line_template"), rows)


async def on_line_template(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    argument, _, code = ctx.incoming.tap.argument.partition(":")
    line_no = callbacks.number(argument)
    if line_no is None:
        ctx.toast(ctx.t("stale"))
        return
    await svc.override_line_template(
        ctx.uow, user=ctx.user, no=_segment(ctx), line_no=line_no, template_code=code
    )
    await _show_lines(ctx, page=int(ctx.state.data.get("page", 0)))


async def logged_start(ctx: Ctx, *, page: int = 0) -> None:
    ctx.state.go(FLOW, "logged", page=page)
    logged = await logged_segments(
        ctx.uow, user=ctx.user, limit=_LOGGED_PAGE + 1, offset=page * _LOGGED_PAGE
    )
    if not logged and page == 0:
        ctx.show(ctx.t("logged.none"))
        return
    lines = [ctx.t("logged.title")]
    rows: Keyboard = []
    for item, count in logged[:_LOGGED_PAGE]:
        lines.append(
            ctx.t(
                "logged.item",
                entry_no=item.entry_no,
                segment=item.segment_no,
                description=item.description,
                date=ctx.date(item.creation_date),
                count=count,
                canceled=ctx.t("log.canceled") if item.canceled else "",
            )
        )
        action = "uncancel_logged" if item.canceled else "cancel_logged"
        label = "button.uncancel_logged" if item.canceled else "button.cancel_logged"
        rows.append(
            [
                ctx.button(
                    ctx.t(label, entry_no=item.entry_no), "confirm", f"{action}:{item.entry_no}"
                )
            ]
        )
    rows += page_rows(ctx, action="logged", page=page, more=len(logged) > _LOGGED_PAGE)
    ctx.show("\n".join(lines), rows)


async def on_confirm(ctx: Ctx) -> None:
    """Cancelling or restoring a logged segment asks first, naming it: it changes every
    one of its interactions, and one tap is too easily taken for leaving the list."""
    assert ctx.incoming.tap is not None
    action, _, argument = ctx.incoming.tap.argument.partition(":")
    entry_no = callbacks.number(argument)
    if action not in ("cancel_logged", "uncancel_logged") or entry_no is None:
        ctx.toast(ctx.t("stale"))
        return
    logged = await logged_segment(ctx.uow, user=ctx.user, entry_no=entry_no)
    page = int(ctx.state.data.get("page", 0))
    ctx.state.go(FLOW, "confirm_logged", action=action, entry_no=entry_no, page=page)
    no = ctx.t("button.no_keep" if action == "cancel_logged" else "button.no")
    ctx.show(
        ctx.t(
            f"logged.confirm_{action}",
            entry_no=entry_no,
            segment=logged.segment_no,
            description=logged.description or "—",
            date=ctx.date(logged.creation_date),
        ),
        [
            [
                ctx.button(ctx.t(f"button.yes_{action}", entry_no=entry_no), action, str(entry_no)),
                ctx.button(no, "logged", str(page)),
            ]
        ],
    )


async def on_cancel_logged(ctx: Ctx, *, canceled: bool = True) -> None:
    assert ctx.incoming.tap is not None
    entry_no = callbacks.number(ctx.incoming.tap.argument)
    action = "cancel_logged" if canceled else "uncancel_logged"
    data = ctx.state.data
    if ctx.state.step != "confirm_logged" or (data.get("action"), data.get("entry_no")) != (
        action,
        entry_no,
    ):
        ctx.toast(ctx.t("stale"))  # only the question's own Yes changes the segment
        return
    assert entry_no is not None
    await set_logged_segment_canceled(ctx.uow, user=ctx.user, entry_no=entry_no, canceled=canceled)
    ctx.toast(
        ctx.t("logged.canceled_toast" if canceled else "logged.uncanceled_toast", entry_no=entry_no)
    )
    await logged_start(ctx, page=int(data.get("page", 0)))


async def on_uncancel_logged(ctx: Ctx) -> None:
    await on_cancel_logged(ctx, canceled=False)


async def on_logged(ctx: Ctx) -> None:
    await logged_start(ctx, page=page_argument(ctx))


TAPS: dict[str, Callable[[Ctx], Awaitable[None]]] = {
    "open": on_open,
    "list": on_list,
    "new": on_new,
    "ask": on_ask,
    "menu": on_menu,
    "templates": on_templates,
    "set_template": on_set_template,
    "salespeople": on_salespeople,
    "assign": on_assign,
    "lines": on_lines,
    "remove": on_remove,
    "line_templates": on_line_templates,
    "line_template": on_line_template,
    "confirm": on_confirm,
    "cancel_logged": on_cancel_logged,
    "uncancel_logged": on_uncancel_logged,
    "logged": on_logged,
}
