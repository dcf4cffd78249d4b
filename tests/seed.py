"""A small, realistic data set written through the ports, for every backend alike."""

from __future__ import annotations

from decimal import Decimal

from domain.model import (
    Contact,
    ContactType,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    User,
)
from domain.ports import UnitOfWork

JANA = User(telegram_id=1001, salesperson_code="JN")
PETR = User(telegram_id=1002, salesperson_code="PK", is_admin=True)


def person(no: str, name: str, company: str, **kw: object) -> Contact:
    return Contact(no=no, name=name, type=ContactType.PERSON, company_no=company, **kw)  # type: ignore[arg-type]


async def seed(uow: UnitOfWork) -> None:
    for sp in (Salesperson("JN", "Jana Nováková"), Salesperson("PK", "Petr Král")):
        await uow.salespeople.save(sp)
    for user in (JANA, PETR):
        await uow.users.save(user)
    await uow.groups.save(InteractionGroup("PHONE", "Phone calls"))
    await uow.groups.save(InteractionGroup("MEETING", "Meetings"))
    await uow.templates.save(
        InteractionTemplate(
            "CALL-OUT",
            "PHONE",
            "Outgoing call",
            Decimal("2.50"),
            5,
            InformationFlow.OUTBOUND,
            InitiatedBy.US,
        )
    )
    await uow.templates.save(
        InteractionTemplate(
            "CALL-IN",
            "PHONE",
            "Incoming call",
            Decimal(0),
            3,
            InformationFlow.INBOUND,
            InitiatedBy.THEM,
        )
    )
    await uow.templates.save(
        InteractionTemplate(
            "VISIT",
            "MEETING",
            "Customer visit",
            Decimal("40"),
            60,
            InformationFlow.OUTBOUND,
            InitiatedBy.US,
        )
    )
    contacts = [
        Contact(
            no="CT000001",
            name="Alza s.r.o.",
            city="Praha",
            country="CZ",
            salesperson_code="JN",
            business_relations=frozenset({"customer"}),
        ),
        person("CT000002", "Jan Novák", "CT000001", city="Praha", salesperson_code="JN"),
        person("CT000003", "Eva Nováková", "CT000001", city="Brno", salesperson_code="PK"),
        Contact(
            no="CT000004",
            name="Škoda Parts a.s.",
            city="Mladá Boleslav",
            country="CZ",
            salesperson_code="PK",
            business_relations=frozenset({"vendor"}),
        ),
        person("CT000005", "Иван Иванов", "CT000004", country="RU", exclude_from_segment=True),
        person("CT000006", "Blocked Person", "CT000004", privacy_blocked=True),
    ]
    await uow.contacts.save_many(contacts)
    await uow.setup.save(MarketingSetup(contact_nos="CONT", segment_nos="SEGM"))
    await uow.setup.save_series(NumberSeries("CONT", "CT", 6, 7))
    await uow.setup.save_series(NumberSeries("SEGM", "S", 5, 1))
    await uow.setup.save_series(NumberSeries("TODO", "TD", 6, 1))
