"""Salespeople, users, groups, templates, setup and number series, drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from domain.model import (
    Attachment,
    AttachmentKind,
    Draft,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    Location,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    User,
)
from storage import SqlUnitOfWork
from tests.storage.builders import DAY, NOON, entry, template

UowFactory = Callable[[], SqlUnitOfWork]


async def test_salespeople(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.salespeople.save(Salesperson("SP2", "Bert", "b@x.cz"))
        await uow.salespeople.save(Salesperson("SP1", "Anna"))
        await uow.salespeople.save(Salesperson("SP2", "Bertram", blocked=True))
        assert await uow.salespeople.list() == [
            Salesperson("SP1", "Anna"),
            Salesperson("SP2", "Bertram", blocked=True),
        ]
        assert await uow.salespeople.get("SP3") is None


async def test_users(uow_factory: UowFactory) -> None:
    big_id = 7_000_000_000  # Telegram ids exceed 32 bits
    async with uow_factory() as uow:
        await uow.users.save(User(big_id, "SP1", is_admin=True, language_code="cs"))
        await uow.users.save(User(5, "SP2"))
        await uow.users.save(User(5, "SP3"))
        assert await uow.users.get(big_id) == User(big_id, "SP1", True, "cs")
        assert await uow.users.list() == [User(5, "SP3"), User(big_id, "SP1", True, "cs")]
        assert await uow.users.remove(5) is True
        assert await uow.users.remove(5) is False
        assert await uow.users.get(5) is None


async def test_groups_and_templates(uow_factory: UowFactory) -> None:
    mail = template(
        "MAIL",
        "LETTERS",
        description="Mailing",
        unit_cost=Decimal("0.85"),
        unit_duration=3,
        information_flow=InformationFlow.OUTBOUND,
        initiated_by=InitiatedBy.US,
        campaign_no="CA1",
        correspondence_type="EMAIL",
    )
    async with uow_factory() as uow:
        await uow.groups.save(InteractionGroup("PHONE", "Phone"))
        await uow.groups.save(InteractionGroup("LETTERS"))
        await uow.groups.save(InteractionGroup("PHONE", "Telephone"))
        assert await uow.groups.list() == [
            InteractionGroup("LETTERS"),
            InteractionGroup("PHONE", "Telephone"),
        ]
        assert await uow.groups.get("PHONE") == InteractionGroup("PHONE", "Telephone")
        assert await uow.groups.get("X") is None
        await uow.templates.save(mail)
        await uow.templates.save(template("CALL", "PHONE"))
        assert await uow.templates.get("MAIL") == mail
        assert [t.code for t in await uow.templates.list()] == ["CALL", "MAIL"]
        assert await uow.templates.get("X") is None


async def test_template_usage_counts_a_salespersons_non_postponed_entries(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        for code, kw in (
            ("CALL", {}),
            ("CALL", {"canceled": True}),
            ("CALL", {"postponed": True}),
            ("MAIL", {}),
            ("MAIL", {"salesperson_code": "SP2"}),
            ("VISIT", {"postponed": True}),
        ):
            await uow.entries.add(entry(template_code=code, **kw))
        assert await uow.templates.usage("SP1") == {"CALL": 2, "MAIL": 1}
        assert await uow.templates.usage("SP9") == {}


async def test_setup_and_number_series(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.setup.get() == MarketingSetup()
        setup = MarketingSetup("CT", "SEG", "SP1", "cs")
        await uow.setup.save(setup)
        await uow.setup.save(setup)
        assert await uow.setup.get() == setup
        assert await uow.setup.series("SEG") is None
        await uow.setup.save_series(NumberSeries("SEG", "S", 5))
        series = await uow.setup.series("SEG")
        assert series == NumberSeries("SEG", "S", 5, 1)
        assert series.take() == "S00001"
        await uow.setup.save_series(series)
        assert await uow.setup.series("SEG") == NumberSeries("SEG", "S", 5, 2)


async def test_drafts(uow_factory: UowFactory) -> None:
    draft = Draft(
        id=None,
        user_id=7_000_000_000,
        salesperson_code="SP1",
        contact_no="CT1",
        contact_company_no="CO1",
        date=DAY,
        time=NOON,
        template_code="CALL",
        group_code="PHONE",
        description="Call about the offer",
        information_flow=InformationFlow.OUTBOUND,
        initiated_by=InitiatedBy.US,
        cost=Decimal("2.50"),
        duration=10,
        evaluation=Evaluation.NEGATIVE,
        attempt_failed=True,
        campaign_no="CA",
        attachment=Attachment(AttachmentKind.PHOTO, "photo-id"),
        location=Location(49.19, 16.61),
        entry_no=12,
    )
    async with uow_factory() as uow:
        first = await uow.drafts.add(draft)
        second = await uow.drafts.add(draft)
        assert second == first + 1
        draft.id = first
        assert await uow.drafts.get(first) == draft
        draft.time = dt.time(8, 15, 30)
        draft.attachment = None
        draft.entry_no = None
        await uow.drafts.update(draft)
        assert await uow.drafts.get(first) == draft
        await uow.drafts.delete(first)
        assert await uow.drafts.get(first) is None
        assert await uow.drafts.get(second) is not None
