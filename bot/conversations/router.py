"""Which step handles an update: a command by name, a tap by the current flow and the
button's action, typed text by the current flow."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversations import (
    common,
    followup,
    imports,
    interact,
    language,
    log,
    logsegment,
    postponed,
    segments,
    stats,
    todo,
)
from bot.conversations.callbacks import ANYTIME_VERSION
from bot.conversations.context import Ctx
from domain.access import may_administer

Step = Callable[[Ctx], Awaitable[None]]

COMMANDS: dict[str, Step] = {
    "start": common.start,
    "help": common.help_text,
    "cancel": common.cancel,
    "interact": interact.start,
    "postponed": postponed.start,
    "logsegment": logsegment.start,
    "log": log.PICKER.start,
    "stats": stats.start,
    "export": stats.export,
    "todo": todo.start,
    "agenda": todo.agenda,
    "language": language.start,
    # Refuses non-administrators itself, with the import's own words.
    "import": imports.start,
}
ADMIN_COMMANDS: dict[str, Step] = {
    "segments": segments.start,
    "loggedsegments": segments.logged_start,
}

_ANY_FLOW: dict[str, Step] = {"cancel": common.cancel, language.ACTION: language.on_choose}
# Buttons that stay good whatever the user did since (callbacks.ANYTIME_VERSION): what
# they name is checked by the services when tapped.
ANYTIME: dict[str, Step] = {
    followup.NEXT: followup.on_next,
    followup.CLOSE: followup.on_close,
    followup.LOG_NOW: todo.on_log_now,
    followup.SNOOZE: todo.on_snooze,
    followup.CANCEL: todo.on_cancel,
    followup.RESUME: todo.on_resume,
}
_ADMIN_FLOWS = {segments.FLOW}
TAPS: dict[str, dict[str, Step]] = {
    interact.FLOW: {
        "page": interact.PICKER.on_page,
        "recent": interact.on_recent,
        "search_shared": interact.on_search_shared,
        "again": interact.PICKER.on_search_again,
        "contact": interact.PICKER.on_contact,
        "template": interact.on_template,
        "retemplate": interact.on_retemplate,
        "tpage": interact.on_template_page,
        "field": interact.on_field,
        "set": interact.on_set,
        "back": interact.on_back,
        "log": interact.on_log,
        "postpone": interact.postpone,
        "discard": interact.on_discard,
    },
    postponed.FLOW: {
        "page": postponed.on_page,
        "resume": postponed.on_resume,
        "delete": postponed.on_delete,
        "delete_yes": postponed.on_delete_confirmed,
        "delete_no": postponed.on_delete_declined,
    },
    logsegment.FLOW: {
        "page": logsegment.on_page,
        "segment": logsegment.on_segment,
        "follow_up": logsegment.on_follow_up,
    },
    log.FLOW: {
        "page": log.PICKER.on_page,
        "again": log.PICKER.on_search_again,
        "contact": log.PICKER.on_contact,
        "hpage": log.on_history_page,
        "like": log.on_like,
        "evaluate": log.on_evaluate,
        "evaluation": log.on_evaluation,
        "cancel_entry": log.on_cancel_entry,
        "cancel_yes": log.on_cancel_confirmed,
        "uncancel": log.on_uncancel,
        "new_for": log.on_new_for,
        "chart": stats.on_contact_chart,
    },
    segments.FLOW: dict(segments.TAPS),
    followup.FLOW: {"page": todo.on_page},
}
TEXT: dict[str, Step] = {
    interact.FLOW: interact.on_text,
    log.FLOW: log.PICKER.on_text,
    segments.FLOW: segments.on_text,
    followup.FLOW: todo.on_text,
}


def command_step(ctx: Ctx) -> Step:
    name = ctx.incoming.command
    if name in COMMANDS:
        return COMMANDS[name]
    if name in ADMIN_COMMANDS:
        return ADMIN_COMMANDS[name] if may_administer(ctx.user) else common.admins_only
    return common.unknown_command


def tap_step(ctx: Ctx) -> Step | None:
    """None when the button is stale: drawn for an older state, or not of this flow."""
    tap = ctx.incoming.tap
    if tap is not None and tap.version == ANYTIME_VERSION:
        return ANYTIME.get(tap.action)
    if tap is None or tap.version != ctx.state.version:
        return None
    if _demoted(ctx):
        return _leave_admin_flow
    return _ANY_FLOW.get(tap.action) or TAPS.get(ctx.state.flow, {}).get(tap.action)


def text_step(ctx: Ctx) -> Step:
    if ctx.incoming.shared_phone:
        return interact.on_shared_contact
    if ctx.incoming.attachment is not None or ctx.incoming.location is not None:
        return interact.on_attachment
    if _demoted(ctx):
        return _leave_admin_flow
    return TEXT.get(ctx.state.flow, common.idle_text)


def _demoted(ctx: Ctx) -> bool:
    """In an administrator's flow, but no longer one: the flow's buttons and questions
    must not outlive the right to use them."""
    return ctx.state.flow in _ADMIN_FLOWS and not may_administer(ctx.user)


async def _leave_admin_flow(ctx: Ctx) -> None:
    ctx.state.go("idle")
    await common.admins_only(ctx)
