"""A paged list of contacts as buttons, shared by every flow that starts from a contact."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.conversations.cards import cancel_row, contact_label, page_argument, page_rows
from bot.conversations.context import Ctx
from bot.reply import SWITCH_INLINE, Keyboard
from domain.model import Contact
from domain.services.contacts import search_contacts
from domain.text import SUBSTRING_MIN, clean_name, normalize


async def pick_contact(ctx: Ctx, *, flow: str, query: str, page: int = 0) -> Contact | None:
    """Shows a page of matches and returns None, or returns the one contact meant: the
    only match, or the only exact match on the first page."""
    size = ctx.settings.page_size
    query = clean_name(query).strip()[:100]  # echoed: what it was searched for
    # One more than a page tells whether there is a next page.
    found = await search_contacts(
        ctx.uow, user=ctx.user, query=query, limit=size + 1, offset=page * size
    )
    exact = [c for c in found if c.search_name == normalize(query)]
    if page == 0 and (len(found) == 1 or len(exact) == 1):
        return found[0] if len(found) == 1 else exact[0]
    ctx.state.go(flow, "contact", query=query, page=page)
    if not found:
        # Why: a short text is looked up as the start of words only.
        short = len(normalize(query)) < SUBSTRING_MIN
        ctx.show(
            ctx.t("contacts.none_short" if short else "contacts.none", query=query),
            [cancel_row(ctx)],
        )
        return None
    rows: Keyboard = [[ctx.button(contact_label(c), "contact", c.no)] for c in found[:size]]
    rows += page_rows(ctx, action="page", page=page, more=len(found) > size)
    rows.append([ctx.button(ctx.t("button.search_again"), "again"), *cancel_row(ctx)])
    ctx.show(ctx.t("contacts.choose", query=query), rows)
    return None


def search_prompt_rows(ctx: Ctx) -> Keyboard:
    """Below a search prompt: a search as one types (inline mode in this chat), Cancel."""
    return [[(ctx.t("contacts.search_inline"), SWITCH_INLINE)], cancel_row(ctx)]


def ask_search(ctx: Ctx, *, flow: str) -> None:
    ctx.state.go(flow, "search")
    ctx.show(ctx.t("contacts.ask_search"), search_prompt_rows(ctx))


@dataclass(frozen=True, slots=True)
class ContactPicker:
    """The first steps of every flow that starts from a contact: search, page, search
    again, choose; `chosen` takes over with the contact's number."""

    flow: str
    chosen: Callable[[Ctx, str], Awaitable[None]]

    async def start(self, ctx: Ctx) -> None:
        """The command with text searches at once; without, it asks for a name."""
        if ctx.incoming.arguments:
            await self.search(ctx, query=ctx.incoming.arguments)
        else:
            ask_search(ctx, flow=self.flow)

    async def search(self, ctx: Ctx, *, query: str, page: int = 0) -> None:
        contact = await pick_contact(ctx, flow=self.flow, query=query, page=page)
        if contact is not None:
            await self.chosen(ctx, contact.no)

    async def on_text(self, ctx: Ctx) -> None:
        await self.search(ctx, query=ctx.incoming.text)

    async def on_page(self, ctx: Ctx) -> None:
        query = str(ctx.state.data.get("query", ""))
        await self.search(ctx, query=query, page=page_argument(ctx))

    async def on_search_again(self, ctx: Ctx) -> None:
        ask_search(ctx, flow=self.flow)

    async def on_contact(self, ctx: Ctx) -> None:
        assert ctx.incoming.tap is not None
        await self.chosen(ctx, ctx.incoming.tap.argument)
