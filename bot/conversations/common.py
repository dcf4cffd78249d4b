"""/start, /help and /cancel: who you are, what you can do, and the way out of any step."""

from __future__ import annotations

from bot.conversations import interact
from bot.conversations.context import Ctx
from bot.deep_links import contact_of
from domain.access import may_administer
from domain.services.views import salesperson_name

COMMANDS = (
    "interact",
    "postponed",
    "todo",
    "agenda",
    "log",
    "logsegment",
    "stats",
    "export",
    "cancel",
    "language",
    "help",
)
ADMIN_COMMANDS = ("segments", "loggedsegments", "import")


async def start(ctx: Ctx) -> None:
    """/start: who you are and what you can do; `/start c_<contact no>` (a deep link, from
    a QR code or a shared contact card) opens a new interaction with that contact at the
    template step, refused like a search's choice when the contact is unknown or blocked."""
    if contact_no := contact_of(ctx.incoming.arguments):
        await interact.choose_contact(ctx, contact_no=contact_no)
        return
    await help_text(ctx)


async def help_text(ctx: Ctx) -> None:
    name = await salesperson_name(ctx.uow, code=ctx.user.salesperson_code)
    commands = COMMANDS + (ADMIN_COMMANDS if may_administer(ctx.user) else ())
    lines = [ctx.t("start.hello", name=name, code=ctx.user.salesperson_code), ""]
    lines += [f"/{c} — {ctx.t(f'command.{c}')}" for c in commands]
    ctx.send("\n".join(lines))


async def cancel(ctx: Ctx) -> None:
    """/cancel postpones an interaction in progress, whichever flow the user went on to
    since; the Cancel button in the interaction asks first. Anything else simply ends."""
    tapped = ctx.incoming.tap is not None
    if tapped and ctx.state.flow == interact.FLOW and ctx.state.draft_id is not None:
        await interact.on_cancel(ctx)
        return
    if ctx.state.flow == interact.FLOW or ctx.state.draft_id is not None:
        await interact.postpone(ctx)
        return
    had_flow = ctx.state.flow != "idle"
    ctx.state.go("idle")
    ctx.show(ctx.t("cancel.done" if had_flow else "cancel.nothing"))


async def unknown_command(ctx: Ctx) -> None:
    ctx.send(ctx.t("unknown_command", command=ctx.incoming.command[:32]))


async def idle_text(ctx: Ctx) -> None:
    ctx.send(ctx.t("idle_text"))


async def admins_only(ctx: Ctx) -> None:
    ctx.send(ctx.t("admins_only"))
