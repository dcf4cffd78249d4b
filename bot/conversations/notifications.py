"""Team notifications: written to the outbox in the same transaction as what they report."""

from __future__ import annotations

from bot import formatting as fmt
from bot.conversations.cards import contact_label
from bot.conversations.context import Ctx
from bot.i18n import described, translate
from domain.events import InteractionLogged, SegmentLogged
from domain.model import Evaluation
from domain.services.views import announce, salesperson_name


async def notify_interaction(ctx: Ctx, event: InteractionLogged) -> None:
    team = ctx.settings.team_chat_id
    if team is None:
        return
    entry = event.entry
    lang = ctx.settings.team_language
    sentences = [
        translate(
            "notify.interaction",
            lang,
            salesperson=await salesperson_name(ctx.uow, code=entry.salesperson_code),
            contact=contact_label(event.contact),  # a person with their company: two Jan Nováks
            template=described(event.template, lang),
            date=fmt.date(entry.date, lang),
            time=fmt.time(entry.time, lang),
        )
    ]
    # What the team learns from: an evaluation given, an attempt that failed; not defaults.
    if entry.evaluation is not Evaluation.BLANK:
        evaluation = translate(f"choice.evaluation.{entry.evaluation.value}", lang)
        sentences.append(translate("notify.evaluation", lang, evaluation=evaluation))
    if entry.attempt_failed:
        sentences.append(translate("notify.attempt_failed", lang))
    text = " ".join(sentences)
    await announce(ctx.uow, chat_id=team, text=text)
    ctx.reply.outbox_written = True


async def notify_segment(ctx: Ctx, event: SegmentLogged) -> None:
    """One message per logged segment, never one per line."""
    team = ctx.settings.team_chat_id
    if team is None:
        return
    text = translate(
        "notify.segment",
        ctx.settings.team_language,
        salesperson=await salesperson_name(ctx.uow, code=ctx.user.salesperson_code),
        segment=event.segment.no,
        description=event.segment.description,
        count=event.entries,
        template=event.template_description or "—",
        logged=event.logged.entry_no,
    )
    await announce(ctx.uow, chat_id=team, text=text)
    ctx.reply.outbox_written = True
