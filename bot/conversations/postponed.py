"""/postponed: the user's own postponed interactions, to resume or delete."""

from __future__ import annotations

from bot.conversations import callbacks, interact
from bot.conversations.cards import page_argument, page_rows
from bot.conversations.context import Ctx
from bot.reply import Keyboard
from domain.errors import NotFound
from domain.services import interactions as svc
from domain.services import views

FLOW = "postponed"
# Each item takes up to about 330 characters: eight stay well within a message's 4,096.
_PAGE = 8


async def start(ctx: Ctx, *, page: int = 0) -> None:
    listed = await views.postponed_page(ctx.uow, user=ctx.user, page=page, size=_PAGE)
    page = listed.page
    ctx.state.go(FLOW, "list", page=page)
    if not listed.items:
        ctx.show(ctx.t("postponed.none"))
        return
    lines = [ctx.t("postponed.title", count=listed.total)]
    rows: Keyboard = []
    for item in listed.items:
        entry = item.entry
        heading = ctx.t(
            "postponed.item",
            entry_no=entry.entry_no,
            date=ctx.date(entry.date),
            contact=item.contact_name,
        )
        lines.append(" · ".join([heading, *item.details]))
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
    rows += page_rows(ctx, action="page", page=page, more=listed.total > (page + 1) * _PAGE)
    ctx.show("\n".join(lines), rows)


async def on_page(ctx: Ctx) -> None:
    await start(ctx, page=page_argument(ctx))


async def on_resume(ctx: Ctx) -> None:
    entry_no = _entry_no(ctx)
    card = await svc.resume_postponed(
        ctx.uow, user=ctx.user, entry_no=entry_no, now=ctx.now, open_draft_id=ctx.state.draft_id
    )
    ctx.state.go(interact.FLOW, "card")
    ctx.state.draft_id = card.draft.id
    await interact.show_card(ctx, card=card)


async def on_delete(ctx: Ctx) -> None:
    entry_no = _entry_no(ctx)
    item = await views.postponed_item(ctx.uow, user=ctx.user, entry_no=entry_no)
    ctx.state.go(FLOW, "confirm_delete", entry_no=entry_no, page=ctx.state.data.get("page", 0))
    ctx.show(
        ctx.t(
            "postponed.confirm_delete",
            entry_no=entry_no,
            contact=item.contact_name,
        ),
        [
            [
                ctx.button(ctx.t("button.yes_delete"), "delete_yes", str(entry_no)),
                ctx.button(ctx.t("button.no_keep"), "delete_no"),
            ]
        ],
    )


async def on_delete_confirmed(ctx: Ctx) -> None:
    entry_no = _entry_no(ctx)
    if ctx.state.step != "confirm_delete" or ctx.state.data.get("entry_no") != entry_no:
        ctx.toast(ctx.t("stale"))  # only the question's own Yes deletes
        return
    if await svc.delete_postponed(
        ctx.uow, user=ctx.user, entry_no=entry_no, open_draft_id=ctx.state.draft_id
    ):
        ctx.state.draft_id = None  # it resumed the deleted entry: gone with it
    ctx.toast(ctx.t("postponed.deleted", entry_no=entry_no))
    await start(ctx, page=int(ctx.state.data.get("page", 0)))


def _entry_no(ctx: Ctx) -> int:
    assert ctx.incoming.tap is not None
    entry_no = callbacks.number(ctx.incoming.tap.argument)
    if entry_no is None:
        raise NotFound("postponed_not_found", entry_no=ctx.incoming.tap.argument[:12])
    return entry_no


async def on_delete_declined(ctx: Ctx) -> None:
    await start(ctx, page=int(ctx.state.data.get("page", 0)))
