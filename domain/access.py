"""Who may do what: every permission rule, applied by the services to the acting user.

The adapters (chat and command line) never decide a right themselves: they pass the user
to a service, which refuses, or ask a predicate here which screen to show."""

from __future__ import annotations

from typing import Final

from domain.errors import Forbidden, NotFound
from domain.model import Draft, InteractionLogEntry, Segment, User

# Whoever runs the command line on the server: an administrator with no salesperson.
OPERATOR: Final = User(telegram_id=0, salesperson_code="", is_admin=True)


def require_active(user: User) -> None:
    """A blocked salesperson (left the company, say) can do nothing more."""
    if user.salesperson_blocked:
        raise Forbidden("salesperson_blocked", code=user.salesperson_code)


def may_administer(user: User) -> bool:
    """Segments (creating, editing, listing, cancelling logged ones) and number series are
    managed by administrators."""
    return user.is_admin


def require_admin(user: User) -> None:
    require_active(user)
    if not may_administer(user):
        raise Forbidden("admins_only")


def may_log(user: User, segment: Segment) -> bool:
    """Administrators log any segment; a salesperson those that are theirs or no one's, not
    a colleague's campaign that may not be ready."""
    return user.is_admin or segment.salesperson_code in ("", user.salesperson_code)


def require_may_log(user: User, segment: Segment) -> None:
    require_active(user)
    if not may_log(user, segment):
        raise Forbidden("segment_not_yours", no=segment.no, salesperson=segment.salesperson_code)


def require_own_draft(user: User, draft: Draft) -> None:
    """An interaction being filled in is its user's alone, administrators included."""
    require_active(user)
    if draft.user_id != user.telegram_id:
        raise Forbidden("draft_not_yours")


def require_own_postponed(user: User, entry: InteractionLogEntry) -> None:
    """Postponed interactions are their salesperson's alone, administrators included.
    Someone else's is refused exactly as a missing one: the answer must not tell anyone
    which entry numbers exist."""
    require_active(user)
    if entry.salesperson_code != user.salesperson_code:
        raise NotFound("postponed_not_found", entry_no=entry.entry_no)


def require_may_change_entry(user: User, entry: InteractionLogEntry) -> None:
    """A logged entry is changed (cancelled, evaluated) by its salesperson or an
    administrator."""
    require_active(user)
    if not user.is_admin and entry.salesperson_code != user.salesperson_code:
        raise Forbidden("entry_not_yours", entry_no=entry.entry_no)


def require_may_see_team(user: User) -> None:
    """The team's activity, salesperson by salesperson, is for administrators."""
    require_active(user)
    if not may_administer(user):
        raise Forbidden("team_stats_admins_only")


def exported_salesperson(user: User, salesperson_code: str) -> str:
    """Whose entries `user` exports when asking for `salesperson_code` (empty: everyone's
    for an administrator, their own for a salesperson): administrators export anyone's, a
    salesperson only their own."""
    require_active(user)
    if may_administer(user):
        return salesperson_code
    if salesperson_code not in ("", user.salesperson_code):
        raise Forbidden("export_not_yours", salesperson=salesperson_code)
    return user.salesperson_code
