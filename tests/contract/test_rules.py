"""Storage (SQLite, PostgreSQL) and the in-memory fakes give exactly what the domain's rules
give, on the same generated worlds: domain/segment_rules.py, domain/statistics.py and
domain/usage.py are the specification, the set-based SQL and the fakes are implementations of it."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import fields, replace

from domain import criteria
from domain import segment_rules as rules
from domain.activity import Key, activity_cells
from domain.model import ContactCriteria, InteractionLogEntry
from domain.ports import UnitOfWork
from domain.statistics import contact_statistics
from domain.usage import RECENT_WINDOW, template_usage
from tests.contract.conftest import UowFactory
from tests.contract.worlds import (
    CONTACTS,
    FOLLOW_UP,
    SALESPEOPLE,
    SEGMENT,
    TEMPLATES,
    World,
    draw,
    worlds,
)

EXAMPLES = 40
WORLDS = draw(worlds, EXAMPLES)
LOGGED_ON = dt.date(2026, 11, 28)
LOGGED_AT = dt.time(14, 30)
USER_ID = "1001"


async def _store(uow: UnitOfWork, world: World) -> None:
    for salesperson in world.salespeople:
        await uow.salespeople.save(salesperson)
    for template in world.templates:
        await uow.templates.save(template)
    await uow.contacts.save_many(world.contacts)
    for header in (world.header, world.follow_up):
        await uow.segments.add(header)
    await uow.segments.add_lines([*world.lines, *world.follow_up_lines])
    for entry in world.entries:
        await uow.entries.add(entry)


async def _check(uow: UnitOfWork, world: World) -> None:
    templates = {t.code: t for t in world.templates}
    contacts = {c.no: c for c in world.contacts}
    salespeople = {s.code for s in world.salespeople}

    assert await uow.segments.invalid_lines(SEGMENT, limit=world.limit) == rules.invalid_lines(
        world.lines,
        header=world.header,
        templates=templates,
        contacts=contacts,
        salespeople=salespeople,
        limit=world.limit,
    ), "invalid lines"

    for some in (CONTACTS[:1], CONTACTS[1:3], CONTACTS):
        expected = contact_statistics(e for e in world.entries if e.contact_no in some)
        assert await uow.entries.statistics(some) == expected, f"statistics of {some}"

    # Bare /interact's recent pairs: newest first (date, time, entry number, which follows
    # the order the entries were added in), postponed ones left out.
    numbered = list(enumerate(world.entries, start=1))
    for code in SALESPEOPLE:
        newest = sorted(
            ((e.date, e.time, n, e) for n, e in numbered if e.salesperson_code == code),
            key=lambda item: item[:3],
            reverse=True,
        )
        expected_recent = [(e.contact_no, e.template_code) for *_, e in newest if not e.postponed][
            :RECENT_WINDOW
        ]
        found_recent = await uow.entries.recent(code, limit=RECENT_WINDOW)
        assert found_recent == expected_recent, f"recent entries of {code}"

    days = sorted({e.date for e in world.entries}) or [LOGGED_ON]
    for key in Key:
        # one bar, several bars (a day before the first entry starting one), a later start
        middle = days[len(days) // 2]
        several = (days[0] - dt.timedelta(days=1), days[len(days) // 3], middle)
        for starts, last in (((days[0],), days[-1]), (several, days[-1]), ((middle,), middle)):
            for code in {"", *(e.salesperson_code for e in world.entries[:1])}:
                for some_contacts in (None, CONTACTS[1:3]):
                    chosen = [
                        e
                        for e in world.entries
                        if (not code or e.salesperson_code == code)
                        and (some_contacts is None or e.contact_no in some_contacts)
                    ]
                    expected_cells = activity_cells(chosen, key=key, starts=starts, last=last)
                    found = await uow.entries.activity(
                        key=key,
                        starts=starts,
                        last=last,
                        salesperson_code=code,
                        contact_nos=some_contacts,
                    )
                    assert found == expected_cells, f"activity by {key} of {code!r}"

    for wanted in _criteria_of(world):
        templated = criteria.with_template(world.entries, wanted.has_template_code)
        companies = criteria.companies_named(world.contacts, wanted.company_query)
        expected_nos = [
            c.no
            for c in sorted(world.contacts, key=lambda c: c.no)
            if criteria.matches(c, wanted, with_template=templated, companies=companies)
        ]
        found = await uow.contacts.matching(wanted)
        assert [c.no for c in found] == expected_nos, f"contacts matching {wanted}"
    persons = await uow.contacts.persons_of(["CT1", "CT2"])
    expected_persons = criteria.persons_of(world.contacts, ["CT1", "CT2"])
    assert [c.no for c in persons] == [c.no for c in expected_persons], "persons of companies"

    copied = await uow.segments.copy_lines(source_no=SEGMENT, target_no=FOLLOW_UP)
    after = max((ln.line_no for ln in world.follow_up_lines), default=0)
    follow_up = rules.follow_up_lines(world.lines, target_no=FOLLOW_UP, after_line_no=after)
    assert copied == len(follow_up)
    expected_lines = sorted([*world.follow_up_lines, *follow_up], key=lambda ln: ln.line_no)
    assert await uow.segments.lines(FOLLOW_UP) == expected_lines, "follow-up lines"

    lines = copy.deepcopy(sorted(world.lines, key=lambda ln: ln.line_no))
    following = [ln for ln in lines if rules.follows_header(ln, old_code=world.old_template)]
    for line in following:
        rules.follow_header(line, segment=world.header)
    followed = await uow.segments.follow_header_template(
        SEGMENT, old_code=world.old_template, segment=world.header
    )
    assert followed == len(following)
    assert await uow.segments.lines(SEGMENT) == lines, "lines following the header"

    for line in lines:
        rules.assign_line(line, salesperson_code=world.assignee)
    assigned = await uow.segments.assign_lines(SEGMENT, salesperson_code=world.assignee)
    assert assigned == len(lines)
    assert await uow.segments.lines(SEGMENT) == lines, "lines given to a salesperson"

    before = {e.entry_no for e, _ in await _all_entries(uow)}
    written = await uow.entries.add_from_segment(
        segment_no=SEGMENT,
        logged_segment_entry_no=7,
        user_id=USER_ID,
        date=LOGGED_ON,
        time=LOGGED_AT,
        lines=len(lines),  # as Log Segment passes them, from its checks
    )
    logged = [e for e, _ in await _all_entries(uow) if e.entry_no not in before]
    assert written == len(lines) == len(logged)
    first = min((e.entry_no or 0 for e in logged), default=0)
    assert logged == rules.entries_from_segment(
        world.header,
        lines,
        templates=templates,
        first_entry_no=first,
        logged_segment_entry_no=7,
        user_id=USER_ID,
        date=LOGGED_ON,
        time=LOGGED_AT,
    ), "entries of the logged segment"


async def _check_usage(uow: UnitOfWork, when: str) -> None:
    entries = [e for e, _ in await _all_entries(uow)]
    for code in ("", *SALESPEOPLE, "SP9"):
        expected = template_usage(entries, code)
        assert await uow.templates.usage(code) == expected, f"usage of {code!r} {when}"


async def _check_usage_follows_the_log(uow: UnitOfWork) -> None:
    """The counted usage follows every way the log changes: entries added, a logged
    segment (canceled and not), entries postponed and finished, moved to another template
    or salesperson, canceled, deleted."""
    await _check_usage(uow, "after entries and a logged segment")
    for canceled in (True, False):
        await uow.entries.set_canceled_by_logged_segment(7, canceled=canceled)
        await _check_usage(uow, f"after the logged segment canceled={canceled}")
    for index, (entry, _) in enumerate(await _all_entries(uow)):
        assert entry.entry_no is not None
        change = index % 5
        if change == 0:
            entry.postponed = not entry.postponed
        elif change == 1:
            entry.template_code = TEMPLATES[index % len(TEMPLATES)]
        elif change == 2:
            entry.salesperson_code = SALESPEOPLE[index % len(SALESPEOPLE)]
        elif change == 3:
            entry.canceled = not entry.canceled
        if change == 4:
            await uow.entries.delete(entry.entry_no)
        else:
            await uow.entries.update(entry)
        await _check_usage(uow, f"after change {change} of entry {entry.entry_no}")


def _criteria_of(world: World) -> list[ContactCriteria]:
    """The world's criteria, and each of its criteria alone (all of them at once rarely
    match anyone)."""
    alone = [
        replace(ContactCriteria(), **{f.name: value})
        for f in fields(ContactCriteria)
        if (value := getattr(world.criteria, f.name)) not in (None, "", frozenset())
    ]
    return [world.criteria, *alone]


async def _all_entries(uow: UnitOfWork) -> list[tuple[InteractionLogEntry, str]]:
    return await uow.entries.export(
        date_from=None, date_to=None, salesperson_code="", include_postponed=True
    )


async def test_storage_and_fakes_follow_the_domain_rules(backend: UowFactory) -> None:
    for index, world in enumerate(WORLDS):
        async with backend() as uow:  # never committed: the rollback is the cleanup
            try:
                await _store(uow, world)
                await _check_usage(uow, "after entries were added")
                await _check(uow, world)
                await _check_usage_follows_the_log(uow)
            except AssertionError as error:
                raise AssertionError(f"example {index}: {error}\n{world}") from error
