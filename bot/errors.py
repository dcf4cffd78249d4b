"""Domain refusals rendered for people, and the apology for everything unexpected."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import StatementError

from bot.conversations.context import Ctx
from domain.errors import DomainError, NumberSeriesMissing, SegmentNotLoggable


def render_error(ctx: Ctx, error: DomainError) -> str:
    params: dict[str, Any] = dict(error.params)
    if "field" in params:
        params["field"] = ctx.t(f"field.{params['field']}")
    if "setting" in params:  # a field of the marketing setup, by its name in the catalogue
        params["setting"] = ctx.t(f"setting.{params['setting']}")
    if "reason" in params:
        params["reason"] = ctx.t(f"line_problem.{params['reason']}")
    return ctx.t(f"error.{error.key}", **params)


def shown_as_message(error: DomainError) -> bool:
    """Refusals that name something to fix elsewhere (a segment's line or description, a
    number series) stay in the chat as a message: a tap's popup is gone before it is read."""
    return isinstance(error, SegmentNotLoggable | NumberSeriesMissing) or (
        error.key == "field_required" and "segment" in error.params
    )


def without_sql_parameters(error: BaseException) -> BaseException:
    """The error, its causes and contexts told to show the failed statement without its
    parameters: they hold what users typed, which has no place in a log or an admin chat."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, StatementError):
            current.hide_parameters = True
        pending += [current.__cause__, current.__context__]
        if isinstance(current, BaseExceptionGroup):
            pending += current.exceptions
    return error
