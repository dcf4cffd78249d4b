"""/stats [team] [week|month|quarter]: activity charts sent as photos; a contact's chart from
/log; /export [from] [to] [salesperson]: the interaction log as a CSV document."""

from __future__ import annotations

from typing import Any

from bot import formatting as fmt
from bot.attachments import export_params
from bot.conversations.cards import contact_label
from bot.conversations.context import Ctx
from bot.reply import SendFile
from domain.activity import Period, Totals
from domain.services import statistics as svc

_PERIODS = {p.value: p for p in (Period.WEEK, Period.MONTH, Period.QUARTER)}


async def start(ctx: Ctx) -> None:
    words = ctx.incoming.arguments.lower().split()
    team = bool(words) and words[0] == "team"
    words = words[1:] if team else words
    if len(words) > 1 or (words and words[0] not in _PERIODS):
        ctx.send(ctx.t("stats.usage"))
        return
    period = _PERIODS[words[0]] if words else Period.MONTH
    today = ctx.now.date()
    if team:
        report = await svc.team_activity(ctx.uow, user=ctx.user, period=period, today=today)
    else:
        report = await svc.own_activity(ctx.uow, user=ctx.user, period=period, today=today)
    span = report.chart.span
    title = ctx.t(
        "stats.title.team" if team else "stats.title.own",
        period=ctx.t(f"stats.period.{period.value}"),
        first=ctx.date(span.first),
        last=ctx.date(span.last),
    )
    _send_chart(ctx, report, title=title, name=f"stats-{period.value}.png")


async def on_contact_chart(ctx: Ctx) -> None:
    """From /log: the contact's interactions per month over the last year."""
    contact_no = str(ctx.state.data.get("contact", ""))
    contact, report = await svc.contact_activity(
        ctx.uow, user=ctx.user, contact_no=contact_no, today=ctx.now.date()
    )
    span = report.chart.span
    title = ctx.t(
        "stats.title.contact",
        contact=contact_label(contact),
        first=ctx.date(span.first),
        last=ctx.date(span.last),
    )
    ctx.toast(ctx.t("stats.chart_toast"))
    _send_chart(ctx, report, title=title, name=f"chart-{contact.no}.png")


def _send_chart(ctx: Ctx, report: svc.Report, *, title: str, name: str) -> None:
    chart = report.chart
    spec: dict[str, Any] = {
        "title": title,
        "labels": [fmt.short_date(start, ctx.lang) for start in chart.span.starts],
        "series": chart.series,
        "groups": chart.groups,
        "empty": ctx.t("stats.empty"),
    }
    caption = ctx.t(
        "stats.caption", title=title, totals=_totals(ctx, report.totals, report.previous)
    )
    ctx.reply.add(SendFile(ctx.incoming.chat_id, "photo", "chart", spec, name, caption))


def _totals(ctx: Ctx, now: Totals, before: Totals) -> str:
    percent = now.successful_percent
    return ctx.t(
        "stats.totals",
        count=now.interactions,
        previous=before.interactions,
        change=now.interactions - before.interactions,
        cost=ctx.money(now.cost),
        duration=ctx.minutes(now.duration),
        successful=ctx.t("stats.percent", value=percent) if percent is not None else "—",
        failed=now.attempts_failed,
    )


async def export(ctx: Ctx) -> None:
    words = ctx.incoming.arguments.split()
    dates = [w for w in words if w[:1].isdigit()]
    names = [w for w in words if not w[:1].isdigit()]
    if len(dates) > 2 or len(names) > 1:
        ctx.send(ctx.t("export.usage"))
        return
    date_from, date_to = svc.export_dates(*([*dates, None, None])[:2])
    code = await svc.export_scope(ctx.uow, user=ctx.user, salesperson_code="".join(names))
    params = export_params(date_from=date_from, date_to=date_to, salesperson_code=code)
    caption = ctx.t(
        "export.caption",
        whose=code or ctx.t("export.everyone"),
        first=ctx.date(date_from) if date_from else "…",
        last=ctx.date(date_to) if date_to else "…",
    )
    name = f"interactions{'-' + code if code else ''}.csv"
    ctx.reply.add(SendFile(ctx.incoming.chat_id, "document", "export", params, name, caption))
