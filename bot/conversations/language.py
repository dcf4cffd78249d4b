"""/language: the user chooses the language the bot speaks to them (Čeština or English);
until then it follows their Telegram app's. Works from any step, which goes on after."""

from __future__ import annotations

from bot.conversations.context import Ctx
from bot.i18n import LANGUAGES
from bot.menus import chat_menus
from domain.services.users import choose_language

ACTION = "language"


async def start(ctx: Ctx) -> None:
    # Each language named in itself, so that anyone finds theirs.
    buttons = [ctx.button(ctx.t(f"language.name.{lang}"), ACTION, lang) for lang in ("cs", "en")]
    ctx.send(ctx.t("language.choose"), [buttons])


async def on_choose(ctx: Ctx) -> None:
    assert ctx.incoming.tap is not None
    ctx.user = await choose_language(
        ctx.uow, user=ctx.user, language=ctx.incoming.tap.argument, offered=LANGUAGES
    )
    text = ctx.t("language.chosen")
    ctx.toast(text)
    ctx.show(text)
    # The command menu in the chosen language as well, in this chat.
    ctx.reply.add(chat_menus(ctx.user))
