"""Who may do what, enforced by the services themselves (the chat and the command line only
pass the acting user): each rule of domain/access.py, refused and allowed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest

from domain.access import OPERATOR
from domain.errors import DomainError, Forbidden, NotFound
from domain.model import ContactCriteria, User
from domain.ports import UnitOfWork
from domain.services import contacts, entries, interactions, log_segment, number_series, users
from domain.services import segments as seg
from domain.services.interactions import DraftField
from tests.seed import JANA, PETR
from tests.services.conftest import NOW, UowFactory

FAKE_ONLY = pytest.mark.parametrize("backend_url", ["fake"], indirect=True)
Use = Callable[[UnitOfWork, User, str], Awaitable[object]]


async def _segment(factory: UowFactory, *, salesperson: str = "") -> str:
    async with factory() as uow:
        segment = await seg.create_segment(
            uow,
            user=PETR,
            description="Autumn campaign",
            salesperson_code=salesperson,
            template_code="CALL-OUT",
        )
        await seg.add_contacts(
            uow, user=PETR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        await uow.commit()
    return segment.no


async def _first_line(uow: UnitOfWork, no: str) -> int:
    return (await uow.segments.lines(no))[0].line_no


SEGMENT_MANAGEMENT: dict[str, Use] = {
    "create": lambda uow, user, no: seg.create_segment(uow, user=user, description="Mine"),
    "describe": lambda uow, user, no: seg.describe_segment(
        uow, user=user, no=no, description="Renamed"
    ),
    "set template": lambda uow, user, no: seg.set_segment_template(
        uow, user=user, no=no, template_code="VISIT"
    ),
    "add contacts": lambda uow, user, no: seg.add_contacts(
        uow, user=user, no=no, criteria=ContactCriteria(city="Brno")
    ),
    "reduce": lambda uow, user, no: seg.reduce_contacts(
        uow, user=user, no=no, criteria=ContactCriteria(city="Praha")
    ),
    "refine": lambda uow, user, no: seg.refine_contacts(
        uow, user=user, no=no, criteria=ContactCriteria(city="Brno")
    ),
    "remove contact": lambda uow, user, no: seg.remove_contact(
        uow, user=user, no=no, contact_no="CT000002"
    ),
    "override a line": lambda uow, user, no: _override_first_line(uow, user, no),
    "list lines": lambda uow, user, no: seg.segment_lines(uow, user=user, no=no, limit=10),
    "list open segments": lambda uow, user, no: seg.open_segments(uow, user=user),
    "list logged segments": lambda uow, user, no: log_segment.logged_segments(
        uow, user=user, limit=10
    ),
    "cancel a logged segment": lambda uow, user, no: _cancel_logged(uow, user, no),
    "set a number series": lambda uow, user, no: number_series.use_series(
        uow, user=user, numbers="segments", code="SEG2", prefix="X", width=4, next_no=1
    ),
    "list number series": lambda uow, user, no: number_series.series_in_use(uow, user=user),
    "add a user": lambda uow, user, no: users.authorise_user(
        uow, user=user, telegram_id=77, salesperson_code="JN", admin=True
    ),
}


async def _override_first_line(uow: UnitOfWork, user: User, no: str) -> object:
    line_no = await _first_line(uow, no)
    return await seg.override_line_template(
        uow, user=user, no=no, line_no=line_no, template_code="VISIT"
    )


async def _cancel_logged(uow: UnitOfWork, user: User, no: str) -> object:
    event = await log_segment.log_segment(uow, user=PETR, no=no, follow_up=False, now=NOW)
    return await log_segment.set_logged_segment_canceled(
        uow, user=user, entry_no=event.logged.entry_no, canceled=True
    )


@FAKE_ONLY
@pytest.mark.parametrize("use", sorted(SEGMENT_MANAGEMENT))
async def test_only_administrators_manage_segments_and_series(
    uow_factory: UowFactory, use: str
) -> None:
    no = await _segment(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(Forbidden) as caught:
            await SEGMENT_MANAGEMENT[use](uow, JANA, no)
    assert caught.value.key == "admins_only"
    async with uow_factory() as uow:
        await SEGMENT_MANAGEMENT[use](uow, PETR, no)  # an administrator may


@FAKE_ONLY
@pytest.mark.parametrize(
    ("owner", "user", "allowed"),
    [
        ("PK", JANA, False),  # a colleague's campaign
        ("", JANA, True),  # no one's
        ("JN", JANA, True),  # her own
        ("JN", PETR, True),  # an administrator logs any
    ],
)
async def test_a_salesperson_logs_own_or_unowned_segments_administrators_any(
    uow_factory: UowFactory, owner: str, user: User, allowed: bool
) -> None:
    no = await _segment(uow_factory, salesperson=owner)
    async with uow_factory() as uow:
        listed = [s.no for s in await log_segment.loggable_segments(uow, user=user)]
        assert (no in listed) is allowed
        if allowed:
            event = await log_segment.log_segment(uow, user=user, no=no, follow_up=False, now=NOW)
            assert event.entries == 2
            return
        with pytest.raises(Forbidden) as checking:
            await log_segment.check_loggable(uow, no=no, user=user)
        with pytest.raises(Forbidden) as logging:
            await log_segment.log_segment(uow, user=user, no=no, follow_up=False, now=NOW)
    assert checking.value.key == logging.value.key == "segment_not_yours"
    async with uow_factory() as uow:
        assert await uow.logged_segments.list(limit=10) == []


async def _postponed(factory: UowFactory) -> tuple[int, int]:
    """JANA's open draft (with a template) and her postponed entry."""
    async with factory() as uow:
        first = (
            await interactions.start_draft(uow, user=JANA, contact_no="CT000002", now=NOW)
        ).draft
        assert first.id is not None
        postponed = await interactions.postpone_draft(uow, user=JANA, draft_id=first.id)
        assert postponed.entry.entry_no is not None
        draft = (
            await interactions.start_draft(uow, user=JANA, contact_no="CT000003", now=NOW)
        ).draft
        assert draft.id is not None
        await interactions.choose_template(uow, user=JANA, draft_id=draft.id, code="CALL-OUT")
        await uow.commit()
    return draft.id, postponed.entry.entry_no


OWN_DRAFT: dict[str, Callable[[UnitOfWork, User, int], Awaitable[object]]] = {
    "read": lambda uow, user, d: interactions.own_draft(uow, user=user, draft_id=d),
    "choose template": lambda uow, user, d: interactions.choose_template(
        uow, user=user, draft_id=d, code="VISIT"
    ),
    "set a field": lambda uow, user, d: interactions.set_field(
        uow, user=user, draft_id=d, field=DraftField.COST, text="9", today=NOW.date()
    ),
    "attach": lambda uow, user, d: interactions.attach(uow, user=user, draft_id=d),
    "log": lambda uow, user, d: interactions.log_draft(uow, user=user, draft_id=d),
    "postpone": lambda uow, user, d: interactions.postpone_draft(uow, user=user, draft_id=d),
}


@FAKE_ONLY
@pytest.mark.parametrize("use", sorted(OWN_DRAFT))
async def test_an_interaction_being_filled_in_is_its_users_alone(
    uow_factory: UowFactory, use: str
) -> None:
    """Administrators included."""
    draft_id, _ = await _postponed(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(Forbidden) as caught:
            await OWN_DRAFT[use](uow, PETR, draft_id)
    assert caught.value.key == "draft_not_yours"
    async with uow_factory() as uow:
        await OWN_DRAFT[use](uow, JANA, draft_id)


OWN_POSTPONED: dict[str, Callable[[UnitOfWork, User, int], Awaitable[object]]] = {
    "read": lambda uow, user, e: interactions.own_postponed(uow, user=user, entry_no=e),
    "resume": lambda uow, user, e: interactions.resume_postponed(
        uow, user=user, entry_no=e, now=NOW
    ),
    "delete": lambda uow, user, e: interactions.delete_postponed(uow, user=user, entry_no=e),
}


@FAKE_ONLY
@pytest.mark.parametrize("use", sorted(OWN_POSTPONED))
async def test_a_postponed_interaction_is_its_salespersons_alone(
    uow_factory: UowFactory, use: str
) -> None:
    """Administrators included; and nobody else's shows in their list."""
    _, entry_no = await _postponed(uow_factory)
    async with uow_factory() as uow:
        assert await interactions.postponed_interactions(uow, user=PETR) == []
        with pytest.raises(NotFound) as caught:
            await OWN_POSTPONED[use](uow, PETR, entry_no)
    assert caught.value.key == "postponed_not_found"  # as a missing one: nothing revealed
    async with uow_factory() as uow:
        await OWN_POSTPONED[use](uow, JANA, entry_no)


EVERYTHING: dict[str, Callable[[UnitOfWork, User, int, int], Awaitable[object]]] = {
    "start an interaction": lambda uow, user, d, e: interactions.start_draft(
        uow, user=user, contact_no="CT000002", now=NOW
    ),
    "choose a template": lambda uow, user, d, e: interactions.choose_template(
        uow, user=user, draft_id=d, code="VISIT"
    ),
    "set a field": lambda uow, user, d, e: interactions.set_field(
        uow, user=user, draft_id=d, field=DraftField.COST, text="9", today=NOW.date()
    ),
    "log": lambda uow, user, d, e: interactions.log_draft(uow, user=user, draft_id=d),
    "postpone": lambda uow, user, d, e: interactions.postpone_draft(uow, user=user, draft_id=d),
    "list postponed": lambda uow, user, d, e: interactions.postponed_interactions(uow, user=user),
    "resume": lambda uow, user, d, e: interactions.resume_postponed(
        uow, user=user, entry_no=e, now=NOW
    ),
    "delete postponed": lambda uow, user, d, e: interactions.delete_postponed(
        uow, user=user, entry_no=e
    ),
    "search contacts": lambda uow, user, d, e: contacts.search_contacts(
        uow, user=user, query="novak", limit=5
    ),
    "list templates": lambda uow, user, d, e: contacts.templates_by_group(uow, user=user),
    "read a history": lambda uow, user, d, e: entries.contact_history(
        uow, user=user, contact_no="CT000002", limit=5
    ),
    "read statistics": lambda uow, user, d, e: entries.contact_statistics(
        uow, user=user, contact_no="CT000002"
    ),
    "list loggable segments": lambda uow, user, d, e: log_segment.loggable_segments(uow, user=user),
    "manage segments": lambda uow, user, d, e: seg.create_segment(uow, user=user),
}


@FAKE_ONLY
@pytest.mark.parametrize("use", sorted(EVERYTHING))
async def test_a_blocked_salesperson_can_do_nothing(uow_factory: UowFactory, use: str) -> None:
    """Not even an administrator (their salesperson left the company, say)."""
    draft_id, entry_no = await _postponed(uow_factory)
    async with uow_factory() as uow:
        await uow.users.save(replace(JANA, is_admin=True))
        await _block(uow, "JN")
        await uow.commit()
    async with uow_factory() as uow:
        jana = await uow.users.get(JANA.telegram_id)
        assert jana is not None
        with pytest.raises(Forbidden) as caught:
            await EVERYTHING[use](uow, jana, draft_id, entry_no)
    assert caught.value.key == "salesperson_blocked"


async def _block(uow: UnitOfWork, code: str) -> None:
    salesperson = await uow.salespeople.get(code)
    assert salesperson is not None
    salesperson.blocked = True
    await uow.salespeople.save(salesperson)


async def test_a_user_is_read_with_the_blocked_flag_of_their_salesperson(
    uow_factory: UowFactory,
) -> None:
    """On every backend: the services trust the flag the user is read with."""
    async with uow_factory() as uow:
        await _block(uow, "JN")
        await uow.commit()
    async with uow_factory() as uow:
        jana, petr = await uow.users.get(JANA.telegram_id), await uow.users.get(PETR.telegram_id)
        listed = {u.telegram_id: u.salesperson_blocked for u in await uow.users.list()}
    assert jana is not None and jana.salesperson_blocked
    assert petr is not None and not petr.salesperson_blocked
    assert listed == {JANA.telegram_id: True, PETR.telegram_id: False}


@FAKE_ONLY
async def test_nobody_new_may_act_as_a_blocked_salesperson(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await _block(uow, "PK")
        with pytest.raises(Forbidden) as caught:
            await users.authorise_user(
                uow, user=OPERATOR, telegram_id=77, salesperson_code=" pk ", admin=False
            )
        assert await uow.users.get(77) is None
    assert caught.value.key == "salesperson_blocked"


@FAKE_ONLY
@pytest.mark.parametrize(
    ("series", "key"),
    [
        ({"code": "C" * 21}, "series_code_length"),
        ({"prefix": "P" * 15, "width": 6}, "series_number_too_long"),
        ({"width": 0}, "series_width"),
        ({"width": 19, "prefix": ""}, "series_width"),
        ({"width": 3, "next_no": 1000}, "series_next"),
        ({"next_no": 0}, "series_next"),
        ({"prefix": "S", "width": 5}, "series_number_taken"),  # S00001 exists
    ],
)
async def test_a_number_series_is_checked_before_it_is_used(
    uow_factory: UowFactory, series: dict[str, object], key: str
) -> None:
    await _segment(uow_factory)
    values: dict[str, object] = {"code": "SEGM", "prefix": "X", "width": 4, "next_no": 1}
    values.update(series)
    async with uow_factory() as uow:
        with pytest.raises(DomainError) as caught:
            await number_series.use_series(uow, user=OPERATOR, numbers="segments", **values)  # type: ignore[arg-type]
    assert caught.value.key == key


@FAKE_ONLY
@pytest.mark.parametrize("how", ["start", "resume"])
async def test_starting_another_interaction_postpones_the_open_one(
    uow_factory: UowFactory, how: str
) -> None:
    draft_id, entry_no = await _postponed(uow_factory)
    async with uow_factory() as uow:
        if how == "start":
            await interactions.start_draft(
                uow, user=JANA, contact_no="CT000001", now=NOW, open_draft_id=draft_id
            )
        else:
            await interactions.resume_postponed(
                uow, user=JANA, entry_no=entry_no, now=NOW, open_draft_id=draft_id
            )
        assert await uow.drafts.get(draft_id) is None
        postponed = await interactions.postponed_interactions(uow, user=JANA)
    assert {(e.contact_no, e.template_code) for e in postponed} >= {("CT000003", "CALL-OUT")}
