"""/postponed: the user's own postponed interactions, to resume or delete."""

from __future__ import annotations

from bot import formatting as fmt
from bot.context import Ctx
from bot.flows import interact
from bot.reply import Keyboard
from domain.services import interactions as svc

FLOW = "postponed"
_SHOWN = 20


async def start(ctx: Ctx) -> None:
    entries = await svc.postponed_interactions(ctx.uow, user=ctx.user)
    ctx.state.go(FLOW, "list")
    if not entries:
        ctx.show(ctx.t("postponed.none"))
        return
    lines = [ctx.t("postponed.title", count=len(entries))]
    rows: Keyboard = []
    for entry in entries[:_SHOWN]:
        contact = await ctx.uow.contacts.get(entry.contact_no)
        template = await ctx.uow.templates.get(entry.template_code) if entry.template_code else None
        lines.append(
            ctx.t(
                "postponed.item",
                entry_no=entry.entry_no,
                date=fmt.date(entry.date),
                contact=contact.name if contact else entry.contact_no,
                template=template.description if template else "—",
                description=entry.description or "—",
            )
        )
        rows.append(
            [
                ctx.button(
                    ctx.t("button.resume", entry_no=entry.entry_no), "resume", str(entry.entry_no)
                ),
                ctx.button(
                    ctx.t("button.delete", entry_no=entry.entry_no), "delete", str(entry.entry_no)
                ),
            ]
        )
    ctx.show("\n".join(lines), rows)


async def on_resume(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    entry_no = int(ctx.incoming.tap.argument)
    draft = await svc.resume_postponed(ctx.uow, user=ctx.user, entry_no=entry_no, now=ctx.now)
    ctx.state.go(interact.FLOW, "card")
    ctx.state.draft_id = draft.id
    await interact.show_card(ctx, draft=draft)


async def on_delete(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    entry_no = int(ctx.incoming.tap.argument)
    entry = await svc.own_postponed(ctx.uow, user=ctx.user, entry_no=entry_no)
    contact = await ctx.uow.contacts.get(entry.contact_no)
    ctx.state.go(FLOW, "confirm_delete", entry_no=entry_no)
    ctx.show(
        ctx.t(
            "postponed.confirm_delete",
            entry_no=entry_no,
            contact=contact.name if contact else entry.contact_no,
        ),
        [
            [
                ctx.button(ctx.t("button.yes_delete"), "delete_yes", str(entry_no)),
                ctx.button(ctx.t("button.no_keep"), "delete_no"),
            ]
        ],
    )


async def on_delete_confirmed(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    entry_no = int(ctx.incoming.tap.argument)
    await svc.delete_postponed(ctx.uow, user=ctx.user, entry_no=entry_no)
    ctx.toast(ctx.t("postponed.deleted", entry_no=entry_no))
    await start(ctx)


async def on_delete_declined(ctx: Ctx) -> None:
    await start(ctx)
