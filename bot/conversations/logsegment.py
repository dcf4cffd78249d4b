"""/logsegment: choose an open segment, see what will be logged, answer the follow-up
prompt, log. The state chart is in docs/conversations.md."""

from __future__ import annotations

from bot.conversations.cards import cancel_row, page_argument, segment_rows
from bot.conversations.context import Ctx
from bot.conversations.notifications import notify_segment
from domain.services import views
from domain.services.log_segment import log_segment, loggable_segments

FLOW = "logsegment"


async def start(ctx: Ctx, *, page: int = 0) -> None:
    segments = await loggable_segments(ctx.uow, user=ctx.user)
    ctx.state.go(FLOW, "choose")
    if not segments:
        ctx.show(ctx.t("logsegment.none"))
        return
    rows = segment_rows(ctx, segments, action="segment", page=page, page_action="page")
    rows.append(cancel_row(ctx))
    ctx.show(ctx.t("logsegment.choose"), rows)


async def on_page(ctx: Ctx) -> None:
    await start(ctx, page=page_argument(ctx))


async def on_segment(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    no = ctx.incoming.tap.argument
    # Every refusal is told now, before the user answers anything.
    card = await views.segment_preview(ctx.uow, user=ctx.user, no=no)
    summary, segment = card.summary, card.summary.segment
    preview = ctx.t(
        "logsegment.preview",
        no=segment.no,
        description=segment.description or "—",
        lines=summary.lines,
        template=card.template_description or "—",
        cost=ctx.money(summary.total_cost),
        duration=ctx.minutes(summary.total_duration),
    )
    ctx.state.go(FLOW, "follow_up", segment=no)
    ctx.show(
        f"{preview}\n\n{ctx.t('logsegment.ask_follow_up')}",
        [
            [
                ctx.button(ctx.t("button.yes"), "follow_up", "1"),
                ctx.button(ctx.t("button.no"), "follow_up", "0"),
            ],
            [ctx.button(ctx.t("button.cancel"), "cancel")],
        ],
    )


async def on_follow_up(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    no = str(ctx.state.data.get("segment", ""))
    if ctx.state.step != "follow_up" or not no:
        ctx.toast(ctx.t("stale"))
        return
    event = await log_segment(
        ctx.uow,
        user=ctx.user,
        no=no,
        follow_up=ctx.incoming.tap.argument == "1",
        now=ctx.now,
        follow_up_description=ctx.t("logsegment.follow_up_description", no=no),
    )
    await notify_segment(ctx, event)
    ctx.state.go("idle")
    text = ctx.t("logsegment.logged", no=no, logged=event.logged.entry_no, count=event.entries)
    if event.follow_up_no:
        text += "\n" + ctx.t("logsegment.follow_up_created", no=event.follow_up_no)
    ctx.show(text)
