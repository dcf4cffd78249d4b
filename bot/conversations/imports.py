"""A CSV document captioned /import contacts (or templates, groups, salespeople): who may,
what kind, and whether Telegram lets the bot download it; the import itself runs after the
commit, off the update's path (bot/chat_import.py)."""

from __future__ import annotations

from bot.chat_import import MAX_DOWNLOAD
from bot.conversations.context import Ctx
from bot.reply import StartImport
from domain.model import AttachmentKind
from domain.services import imports

_MB = 1024 * 1024


async def start(ctx: Ctx) -> None:
    incoming = ctx.incoming
    kind = incoming.arguments.strip().lower()
    attachment = incoming.attachment
    if attachment is None or attachment.kind is not AttachmentKind.DOCUMENT:
        imports.authorise(ctx.user, kind or imports.KINDS[-1])
        ctx.send(ctx.t("import.usage"))
        return
    imports.authorise(ctx.user, kind)
    name = incoming.file_name or "file.csv"
    if incoming.file_size > MAX_DOWNLOAD:
        size = f"{incoming.file_size / _MB:.1f}"
        ctx.send(ctx.t("import.too_big", name=name, size=size, limit=MAX_DOWNLOAD // _MB))
        return
    ctx.reply.add(
        StartImport(
            chat_id=incoming.chat_id,
            telegram_id=ctx.user.telegram_id,
            kind=kind,
            file_id=attachment.file_id,
            file_name=name,
            language=ctx.lang,
        )
    )
