"""A small, realistic data set to try every feature of the bot (`interlog demo-data`, the
sandbox).

Everything is written through the ports in one unit of work. Contacts are numbered from the
Contact Nos. series, like real ones; the company "Škoda Díly a.s." marks the set as loaded,
so a second run changes nothing. Salespeople, groups, templates and number series that
already exist are left as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from domain.access import OPERATOR, require_admin
from domain.model import (
    Contact,
    ContactCriteria,
    ContactType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    NumberSeries,
    Salesperson,
    User,
)
from domain.ports import UnitOfWork
from domain.services.number_series import take_number
from domain.services.segments import add_contacts, create_segment
from domain.text import normalize

MARKER = "Škoda Díly a.s."
DEFAULT_CONTACT_NOS = NumberSeries("CONT", "CT", 6)
DEFAULT_SEGMENT_NOS = NumberSeries("SEGM", "S", 5)
DEMO_USER_ID = "demo"

SALESPEOPLE = (
    Salesperson("JN", "Jana Nováková", "jana.novakova@example.com"),
    Salesperson("PK", "Petr Král", "petr.kral@example.com"),
    Salesperson("AS", "Alice Smith", "alice.smith@example.com"),
)

GROUPS = (
    InteractionGroup("PHONE", "Phone calls"),
    InteractionGroup("MEETING", "Meetings"),
    InteractionGroup("EMAIL", "E-mails"),
    InteractionGroup("VISIT", "Customer visits"),
    InteractionGroup("LETTER", "Letters"),
)

_OUT, _IN = InformationFlow.OUTBOUND, InformationFlow.INBOUND
_US, _THEM = InitiatedBy.US, InitiatedBy.THEM
TEMPLATES = (
    InteractionTemplate("CALL-OUT", "PHONE", "Outgoing phone call", Decimal("2.50"), 5, _OUT, _US),
    InteractionTemplate("CALL-IN", "PHONE", "Incoming phone call", Decimal(0), 5, _IN, _THEM),
    InteractionTemplate("MEETING", "MEETING", "Meeting", Decimal("30.00"), 60, _OUT, _US),
    InteractionTemplate("EMAIL-OUT", "EMAIL", "E-mail sent", Decimal("0.50"), 10, _OUT, _US),
    InteractionTemplate("EMAIL-IN", "EMAIL", "E-mail received", Decimal(0), 5, _IN, _THEM),
    InteractionTemplate("VISIT", "VISIT", "Customer visit", Decimal("45.00"), 90, _OUT, _US),
    InteractionTemplate("LETTER", "LETTER", "Letter", Decimal("1.20"), 15, _OUT, _US),
)


@dataclass(frozen=True, slots=True)
class _Person:
    name: str
    email: str = ""
    mobile: str = ""
    exclude: bool = False
    blocked: bool = False


@dataclass(frozen=True, slots=True)
class _Company:
    name: str
    city: str
    post_code: str
    country: str
    salesperson: str
    relations: tuple[str, ...]
    phone: str
    persons: tuple[_Person, ...]
    exclude: bool = False


COMPANIES = (
    _Company(
        MARKER, "Mladá Boleslav", "293 01", "CZ", "JN", ("customer",), "+420 326 811 111",
        (
            _Person("Jan Novák", "jan.novak@skoda-dily.cz", "+420 601 234 567"),
            _Person("Eva Dvořáková", "eva.dvorakova@skoda-dily.cz", "+420 602 345 678"),
        ),
    ),
    _Company(
        "Žluťoučký kůň s.r.o.", "Praha", "110 00", "CZ", "JN", ("customer",), "+420 222 333 444",
        (
            _Person("Tomáš Černý", "tomas.cerny@zlutoucky-kun.cz", "+420 603 111 222"),
            _Person("Lucie Procházková", "lucie.prochazkova@zlutoucky-kun.cz"),
            _Person("Jiří Svoboda", "jiri.svoboda@zlutoucky-kun.cz", exclude=True),
        ),
    ),
    _Company(
        "Brno Ocel", "Brno", "602 00", "CZ", "PK", ("vendor",), "+420 543 210 987",
        (
            _Person("Martin Horák", "martin.horak@brno-ocel.cz", "+420 604 555 666"),
            _Person("Kateřina Veselá", "katerina.vesela@brno-ocel.cz"),
        ),
    ),
    _Company(
        "Northwind Traders", "London", "EC1A 1BB", "GB", "AS", ("customer",), "+44 20 7946 0000",
        (
            _Person("Nancy Davolio", "nancy.davolio@northwind.example", "+44 7700 900123"),
            _Person("Andrew Fuller", "andrew.fuller@northwind.example", blocked=True),
        ),
    ),
    _Company(
        "Ostravské strojírny a.s.", "Ostrava", "702 00", "CZ", "PK", ("customer", "vendor"),
        "+420 596 123 456",
        (_Person("Petra Kučerová", "petra.kucerova@ostravske-strojirny.cz", "+420 605 777 888"),),
    ),
    _Company(
        "Plzeňský pivovar s.r.o.", "Plzeň", "301 00", "CZ", "JN", ("customer",), "+420 377 062 111",
        (
            _Person("Václav Říha", "vaclav.riha@plzensky-pivovar.cz", "+420 606 999 000"),
            _Person("Zdeňka Malá", "zdenka.mala@plzensky-pivovar.cz"),
        ),
    ),
    _Company(
        "Contoso Ltd.", "Manchester", "M1 1AE", "GB", "AS", ("vendor",), "+44 161 496 0000",
        (_Person("Oliver Brown", "oliver.brown@contoso.example", exclude=True),),
    ),
    _Company(
        "Fabrikam Inc.", "Seattle", "98101", "US", "AS", ("customer",), "+1 206 555 0100",
        (
            _Person("Emily Clarke", "emily.clarke@fabrikam.example", "+1 206 555 0111"),
            _Person("Chloé Dubois", "chloe.dubois@fabrikam.example"),
        ),
    ),
    _Company(
        "Liberecké textilky s.r.o.", "Liberec", "460 01", "CZ", "PK", ("vendor",),
        "+420 485 100 200",
        (_Person("Hana Šťastná", "hana.stastna@textilky.cz", "+420 607 123 321"),),
        exclude=True,
    ),
    _Company(
        "Adatum Corporation", "Dublin", "D02 X285", "IE", "AS", ("customer",), "+353 1 555 0100",
        (
            _Person("Seán Ó Briain", "sean.obriain@adatum.example"),
            _Person("Aoife Murphy", "aoife.murphy@adatum.example", "+353 87 555 0199"),
        ),
    ),
)  # fmt: skip

SEGMENT_DESCRIPTION = "Spring price list: call the key customers"

# (days ago, hour, minute, company index, person index or None, template, description, ...)
_HISTORY = (
    (21, 9, 30, 0, 0, "CALL-OUT", "Introduced the spring price list", Evaluation.POSITIVE, False),
    (14, 13, 0, 0, 1, "VISIT", "Visit: new brake pads range", Evaluation.VERY_POSITIVE, False),
    (10, 10, 15, 1, 0, "CALL-OUT", "Called about the overdue order", Evaluation.BLANK, True),
    (9, 11, 0, 1, 0, "CALL-IN", "Called back about the order", Evaluation.NEUTRAL, False),
    (7, 8, 45, 2, 0, "EMAIL-OUT", "Sent the steel price enquiry", Evaluation.BLANK, False),
    (6, 16, 20, 2, 1, "EMAIL-IN", "Quotation received", Evaluation.POSITIVE, False),
    (3, 14, 0, 3, 0, "MEETING", "Quarterly review", Evaluation.POSITIVE, False),
    (1, 9, 5, 5, 0, "LETTER", "Sent the framework contract", Evaluation.BLANK, False),
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    salespeople: int
    groups: int
    templates: int
    companies: int
    persons: int
    entries: int
    segment_no: str
    segment_lines: int


@dataclass(frozen=True, slots=True)
class DemoOutcome:
    """What `load_demo` did: loaded the set (its summary), found it loaded already, or
    found `contacts` of another data set there and wrote nothing."""

    summary: DemoSummary | None = None
    loaded_already: bool = False
    contacts: int = 0


async def load_demo(uow: UnitOfWork, *, user: User, today: dt.date) -> DemoOutcome:
    """The demo set, into an empty database only (its contacts would take numbers a real
    data set may have); a second run changes nothing. Administrators only; the caller
    commits."""
    require_admin(user)
    if await _already_loaded(uow):
        return DemoOutcome(loaded_already=True)
    if contacts := await uow.contacts.count():
        return DemoOutcome(contacts=contacts)
    return DemoOutcome(summary=await _load_demo_data(uow, today=today))


async def _already_loaded(uow: UnitOfWork) -> bool:
    candidates = await uow.contacts.matching(ContactCriteria(name_query=normalize(MARKER)))
    return any(c.name == MARKER and c.type is ContactType.COMPANY for c in candidates)


async def _load_demo_data(uow: UnitOfWork, *, today: dt.date) -> DemoSummary:
    """Writes the demo set (the caller commits); `load_demo` checks first."""
    setup = await uow.setup.get()
    setup.contact_nos = setup.contact_nos or DEFAULT_CONTACT_NOS.code
    setup.segment_nos = setup.segment_nos or DEFAULT_SEGMENT_NOS.code
    await uow.setup.save(setup)
    for code, default in (
        (setup.contact_nos, DEFAULT_CONTACT_NOS),
        (setup.segment_nos, DEFAULT_SEGMENT_NOS),
    ):
        if await uow.setup.series(code) is None:
            await uow.setup.save_series(NumberSeries(code, default.prefix, default.width))

    salespeople = groups = templates = 0
    for salesperson in SALESPEOPLE:
        if await uow.salespeople.get(salesperson.code) is None:
            await uow.salespeople.save(salesperson)
            salespeople += 1
    for group in GROUPS:
        if await uow.groups.get(group.code) is None:
            await uow.groups.save(group)
            groups += 1
    for template in TEMPLATES:
        if await uow.templates.get(template.code) is None:
            await uow.templates.save(template)
            templates += 1

    contacts: list[Contact] = []
    numbers: list[tuple[str, list[str]]] = []
    for company in COMPANIES:
        company_no = await _number(uow, setup.contact_nos)
        contacts.append(
            Contact(
                no=company_no,
                name=company.name,
                type=ContactType.COMPANY,
                salesperson_code=company.salesperson,
                phone=company.phone,
                city=company.city,
                post_code=company.post_code,
                country=company.country,
                business_relations=frozenset(company.relations),
                exclude_from_segment=company.exclude,
            )
        )
        person_nos: list[str] = []
        for person in company.persons:
            person_no = await _number(uow, setup.contact_nos)
            person_nos.append(person_no)
            contacts.append(
                Contact(
                    no=person_no,
                    name=person.name,
                    type=ContactType.PERSON,
                    company_no=company_no,
                    salesperson_code=company.salesperson,
                    email=person.email,
                    phone=company.phone,
                    mobile_phone=person.mobile,
                    city=company.city,
                    post_code=company.post_code,
                    country=company.country,
                    exclude_from_segment=person.exclude,
                    privacy_blocked=person.blocked,
                )
            )
        numbers.append((company_no, person_nos))
    await uow.contacts.save_many(contacts)

    entries = await _history(uow, contacts, numbers, today=today)

    segment = await create_segment(
        uow,
        user=OPERATOR,
        description=SEGMENT_DESCRIPTION,
        salesperson_code="JN",
        template_code="CALL-OUT",
    )
    lines = await add_contacts(
        uow,
        user=OPERATOR,
        no=segment.no,
        criteria=ContactCriteria(
            type=ContactType.PERSON,
            salesperson_code="JN",
            contact_nos=frozenset(c.no for c in contacts),
        ),
    )
    persons = sum(len(c.persons) for c in COMPANIES)
    return DemoSummary(
        salespeople=salespeople,
        groups=groups,
        templates=templates,
        companies=len(COMPANIES),
        persons=persons,
        entries=entries,
        segment_no=segment.no,
        segment_lines=lines,
    )


async def _number(uow: UnitOfWork, series_code: str) -> str:
    return await take_number(uow, series_code=series_code, setting="contact_nos")


async def _history(
    uow: UnitOfWork,
    contacts: list[Contact],
    numbers: list[tuple[str, list[str]]],
    *,
    today: dt.date,
) -> int:
    """A few past interactions, so the log, statistics and export have something to show."""
    by_no = {c.no: c for c in contacts}
    templates = {t.code: t for t in await uow.templates.list()}
    written = 0
    for days, hour, minute, company, person, code, description, evaluation, failed in _HISTORY:
        template = templates.get(code)
        if template is None:
            continue
        company_no, person_nos = numbers[company]
        contact = by_no[person_nos[person] if person is not None else company_no]
        await uow.entries.add(
            InteractionLogEntry(
                entry_no=None,
                contact_no=contact.no,
                contact_company_no=contact.company_no,
                date=today - dt.timedelta(days=days),
                time=dt.time(hour, minute),
                salesperson_code=contact.salesperson_code,
                user_id=DEMO_USER_ID,
                template_code=template.code,
                group_code=template.group_code,
                description=description,
                information_flow=template.information_flow,
                initiated_by=template.initiated_by,
                cost=template.unit_cost,
                duration=template.unit_duration,
                evaluation=evaluation,
                attempt_failed=failed,
            )
        )
        written += 1
    return written
