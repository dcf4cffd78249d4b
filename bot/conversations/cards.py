"""The summary card of an interaction being filled in, and the keyboards around it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.conversations import callbacks
from bot.conversations.context import Ctx
from bot.i18n import described
from bot.reply import Keyboard
from domain.model import Contact, Draft, Evaluation, InformationFlow, InitiatedBy, Segment
from domain.services.contacts import templates_by_group

# Fields typed as text; the others are chosen from buttons.
TEXT_FIELDS = ("description", "cost", "duration", "when")
CHOICES: dict[str, list[str]] = {
    "evaluation": [e.value for e in Evaluation],
    "flow": [f.value for f in InformationFlow],
    "initiated_by": [i.value for i in InitiatedBy],
    "successful": ["yes", "no"],
}


def choice_label(ctx: Ctx, field: str, value: str) -> str:
    return ctx.t(f"choice.{field}.{value or 'blank'}")


def card_text(ctx: Ctx, draft: Draft, contact: Contact, template_description: str) -> str:
    lines = [
        ctx.t("card.title_resumed" if draft.entry_no else "card.title"),
        ctx.t("card.contact", name=_contact_name(contact)),
        ctx.t("card.template", template=template_description or "—"),
        ctx.t("card.description", description=draft.description or "—"),
        ctx.t("card.when", date=ctx.date(draft.date), time=ctx.time(draft.time)),
        ctx.t("card.flow", flow=choice_label(ctx, "flow", draft.information_flow.value)),
        ctx.t(
            "card.initiated_by",
            initiated_by=choice_label(ctx, "initiated_by", draft.initiated_by.value),
        ),
        ctx.t("card.evaluation", evaluation=choice_label(ctx, "evaluation", draft.evaluation)),
        ctx.t(
            "card.successful",
            successful=choice_label(ctx, "successful", "no" if draft.attempt_failed else "yes"),
        ),
        ctx.t("card.cost", cost=ctx.money(draft.cost)),
        ctx.t("card.duration", duration=ctx.minutes(draft.duration)),
    ]
    if draft.attachment is not None:
        lines.append(ctx.t("card.attachment", kind=ctx.t(f"attachment.{draft.attachment.kind}")))
    if draft.location is not None:
        lines.append(
            ctx.t(
                "card.location",
                lat=f"{draft.location.latitude:.5f}",
                lon=f"{draft.location.longitude:.5f}",
            )
        )
    lines.append("")
    lines.append(ctx.t("card.hint"))
    return "\n".join(lines)


def _contact_name(contact: Contact) -> str:
    if contact.company_name and contact.company_no != contact.no:
        return f"{contact.name} ({contact.company_name})"
    return contact.name


def contact_label(contact: Contact) -> str:
    return _contact_name(contact)[:60]


def card_keyboard(ctx: Ctx) -> Keyboard:
    b = ctx.button
    return [
        [b(ctx.t("button.log"), "log"), b(ctx.t("button.postpone"), "postpone")],
        [
            b(ctx.t("field.description"), "field", "description"),
            b(ctx.t("field.when"), "field", "when"),
        ],
        [b(ctx.t("field.cost"), "field", "cost"), b(ctx.t("field.duration"), "field", "duration")],
        [
            b(ctx.t("field.evaluation"), "field", "evaluation"),
            b(ctx.t("field.successful"), "field", "successful"),
        ],
        [
            b(ctx.t("field.flow"), "field", "flow"),
            b(ctx.t("field.initiated_by"), "field", "initiated_by"),
        ],
        [b(ctx.t("button.change_template"), "retemplate")],
    ]


async def template_choices(ctx: Ctx, *, prefix: str = "") -> list[tuple[str, str]]:
    """Every template as (label, `prefix` + code), group by group, each labelled with its
    group: two templates of the same description are told apart by it."""
    return [
        (f"{described(t, ctx.lang)} · {described(group, ctx.lang)}", f"{prefix}{t.code}")
        for group, templates in await templates_by_group(ctx.uow, user=ctx.user)
        for t in templates
    ]


def cancel_row(ctx: Ctx) -> list[tuple[str, str]]:
    return [ctx.button(ctx.t("button.cancel"), "cancel")]


SEGMENTS_PAGE = 10
# Templates to a page: Telegram takes at most 100 buttons in one message.
TEMPLATES_PAGE = 20


def segment_rows(
    ctx: Ctx, segments: Sequence[Segment], *, action: str, page: int, page_action: str
) -> Keyboard:
    """A page of segments as buttons (`action` with the segment's number), then the page
    buttons (`page_action` with a page's number)."""
    choices = [(f"{s.no} · {s.description or '—'}"[:60], s.no) for s in segments]
    return choice_rows(
        ctx, choices, action=action, page=page, size=SEGMENTS_PAGE, page_action=page_action
    )


def choice_rows(
    ctx: Ctx,
    choices: Sequence[tuple[str, str]],
    *,
    action: str,
    page: int,
    size: int,
    page_action: str,
    page_prefix: str = "",
) -> Keyboard:
    """A page of `size` choices, each (label, argument of `action`), one button a row, then
    the page buttons (`page_action` with `page_prefix` and a page's number)."""
    shown = choices[page * size : (page + 1) * size]
    rows: Keyboard = [[ctx.button(label, action, argument)] for label, argument in shown]
    more = len(choices) > (page + 1) * size
    return rows + page_rows(ctx, action=page_action, page=page, more=more, prefix=page_prefix)


def page_argument(ctx: Ctx) -> int:
    """The page a page button asks for (0 for any other tap)."""
    argument = ctx.incoming.tap.argument if ctx.incoming.tap is not None else ""
    return callbacks.number(argument) or 0


def page_rows(ctx: Ctx, *, action: str, page: int, more: bool, prefix: str = "") -> Keyboard:
    """◀ Previous and Next ▶ of a paged list (`action` with `prefix` and the page's
    number); nothing when everything fits on one page."""
    nav = []
    if page > 0:
        nav.append(ctx.button(ctx.t("button.previous"), action, f"{prefix}{page - 1}"))
    if more:
        nav.append(ctx.button(ctx.t("button.next"), action, f"{prefix}{page + 1}"))
    return [nav] if nav else []
