"""Finding contacts and templates the way a salesperson on a phone needs them."""

from __future__ import annotations

from domain.access import require_active
from domain.errors import ValidationFailed
from domain.model import Contact, InteractionGroup, InteractionTemplate, User
from domain.ports import UnitOfWork
from domain.text import normalize, phone_key

SEARCH_MAX = 100


async def search_contacts(
    uow: UnitOfWork, *, user: User, query: str, limit: int, offset: int = 0
) -> list[Contact]:
    """Case- and diacritics-blind: "novak", "NOVAK" and "Novák" all find "Novák"."""
    require_active(user)
    needle = normalize(query)[:SEARCH_MAX]
    if not needle:
        raise ValidationFailed("search_empty")
    return await uow.contacts.search(needle, limit=limit, offset=max(offset, 0))


PHONE_MATCHES = 20


async def contacts_by_phone(uow: UnitOfWork, *, user: User, number: str) -> list[Contact]:
    """The contacts with this phone or mobile phone number, however it is written
    (domain.text.phone_key: "+420 777 123 456" is "777123456"), by name."""
    require_active(user)
    return await uow.contacts.by_phone(phone_key(number), limit=PHONE_MATCHES)


async def last_template(
    uow: UnitOfWork, *, user: User, contact_no: str
) -> InteractionTemplate | None:
    """The template of the contact's newest logged entry (anyone's): what is most likely
    wanted again; None when the contact has none, or its template is gone."""
    require_active(user)
    newest = await uow.entries.history([contact_no], limit=1)
    return await uow.templates.get(newest[0].template_code) if newest else None


async def templates_by_group(
    uow: UnitOfWork, *, user: User
) -> list[tuple[InteractionGroup, list[InteractionTemplate]]]:
    """Grouped by interaction group; within and across groups, this salesperson's most
    used first, then by description."""
    require_active(user)
    usage = await uow.templates.usage(user.salesperson_code)
    groups = {g.code: g for g in await uow.groups.list()}
    by_group: dict[str, list[InteractionTemplate]] = {}
    for template in await uow.templates.list():
        by_group.setdefault(template.group_code, []).append(template)

    def rank(t: InteractionTemplate) -> tuple[int, str]:
        return (-usage.get(t.code, 0), t.description.casefold())

    result = []
    for code, templates in by_group.items():
        templates.sort(key=rank)
        group = groups.get(code) or InteractionGroup(code=code)
        result.append((group, templates))
    result.sort(key=lambda item: (rank(item[1][0]), item[0].code))
    return result
