"""Domain refusals rendered for people, and the apology for everything unexpected."""

from __future__ import annotations

from typing import Any

from bot.context import Ctx
from domain.errors import DomainError


def render_error(ctx: Ctx, error: DomainError) -> str:
    params: dict[str, Any] = dict(error.params)
    if "field" in params:
        params["field"] = ctx.t(f"field.{params['field']}")
    if "reason" in params:
        params["reason"] = ctx.t(f"line_problem.{params['reason']}")
    return ctx.t(f"error.{error.key}", **params)
