"""Generated worlds for the contract suite: a segment with lines, the templates, contacts
and salespeople they point to (or do not), another segment to copy into, and log entries.

Codes come from small pools so that lines hit and miss the reference data alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from domain.model import (
    Contact,
    ContactCriteria,
    ContactType,
    InformationFlow,
    InitiatedBy,
    InteractionLogEntry,
    InteractionTemplate,
    Salesperson,
    Segment,
    SegmentLine,
)

SEGMENT = "S1"
FOLLOW_UP = "S2"
CONTACTS = ("CT1", "CT2", "CT3", "CT4")
TEMPLATES = ("T1", "T2", "T3")
SALESPEOPLE = ("SP1", "SP2")

T = TypeVar("T")

_money = st.integers(min_value=0, max_value=99_999).map(lambda cents: Decimal(cents) / 100)
_minutes = st.integers(min_value=0, max_value=600)
_day = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))
_text = st.sampled_from(["", "", "Call", "Spring fair", "Visit Brno"])
_flow = st.sampled_from(list(InformationFlow))
_initiated = st.sampled_from(list(InitiatedBy))
_salesperson = st.sampled_from(["", "", *SALESPEOPLE, "SP9"])
# Mostly codes that exist, sometimes none or one never stored (TX, CT9, SP9).
_template_code = st.sampled_from([*TEMPLATES, *TEMPLATES, "", "TX"])
_contact_no = st.sampled_from([*CONTACTS, *CONTACTS, "CT9"])


@dataclass(frozen=True)
class World:
    salespeople: list[Salesperson]
    templates: list[InteractionTemplate]
    contacts: list[Contact]
    header: Segment
    lines: list[SegmentLine]
    follow_up: Segment
    follow_up_lines: list[SegmentLine]
    entries: list[InteractionLogEntry]
    old_template: str  # the header's template before it changes to the header's current
    criteria: ContactCriteria
    limit: int
    assignee: str  # the salesperson the segment is given to at the end


_templates = st.builds(
    lambda codes, draws: [
        InteractionTemplate(
            code=code,
            group_code=group,
            description=desc,
            unit_cost=cost,
            unit_duration=minutes,
            information_flow=flow,
            initiated_by=by,
            campaign_no=campaign,
        )
        for code, (group, desc, cost, minutes, flow, by, campaign) in zip(
            codes, draws, strict=False
        )
    ],
    st.lists(st.sampled_from(TEMPLATES), unique=True, min_size=2, max_size=3),
    st.lists(
        st.tuples(
            st.sampled_from(["PHONE", "MEET"]),
            _text,
            _money,
            _minutes,
            _flow,
            _initiated,
            st.sampled_from(["", "CA1", "CA2"]),
        ),
        min_size=3,
        max_size=3,
    ),
)

_city = st.sampled_from(["", "Praha", "PRAHA", "praha", "Plzeň", "PLZEŇ", "Brno"])
_name = st.sampled_from(["Novák", "Nováková", "NOVÁK s.r.o.", "Svoboda", "Dvořák"])
_relations = st.sets(st.sampled_from(["customer", "vendor"])).map(frozenset)

_contacts = st.lists(
    st.builds(
        lambda no, blocked, person, name, city, post, country, salesperson, relations: Contact(
            no=no,
            name=name,
            type=ContactType.PERSON if person else ContactType.COMPANY,
            company_no=("CT1" if no != "CT1" else "") if person else "",
            privacy_blocked=blocked,
            city=city,
            post_code=post,
            country=country,
            salesperson_code=salesperson,
            business_relations=relations,
        ),
        st.sampled_from(CONTACTS),
        st.sampled_from([False, False, False, True]),
        st.booleans(),
        _name,
        _city,
        st.sampled_from(["", "11000"]),
        st.sampled_from(["CZ", "SK"]),
        st.sampled_from(["", *SALESPEOPLE]),
        _relations,
    ),
    unique_by=lambda c: c.no,
    min_size=len(CONTACTS) - 1,
    max_size=len(CONTACTS),
)

_criteria = st.builds(
    ContactCriteria,
    type=st.none() | st.sampled_from(list(ContactType)),
    salesperson_code=st.sampled_from(["", "", *SALESPEOPLE]),
    city=st.sampled_from(["", "", "praha", "Plzeň", "plzeň", "BRNO"]),
    post_code=st.sampled_from(["", "", "11000"]),
    country=st.sampled_from(["", "", "CZ"]),
    business_relation=st.sampled_from(["", "", "customer"]),
    company_no=st.sampled_from(["", "", "CT1"]),
    company_query=st.sampled_from(["", "", "CT1", "ct1", "novák", "S.R.O", "dvořák", "CT"]),
    name_query=st.sampled_from(["", "", "novak", "NOVÁK", "vá", "s.r.o"]),
    has_template_code=st.sampled_from(["", "", *TEMPLATES]),
    contact_nos=st.sets(st.sampled_from([*CONTACTS, "CT9"]), max_size=3).map(frozenset),
)


def _header(no: str) -> st.SearchStrategy[Segment]:
    return st.builds(
        Segment,
        no=st.just(no),
        description=_text,
        template_code=_template_code,
        salesperson_code=_salesperson,
        date=st.none() | _day,
        cost=_money,
        duration=_minutes,
        information_flow=_flow,
        initiated_by=_initiated,
        campaign_no=st.sampled_from(["", "", "CA3"]),
    )


def _lines(segment_no: str, max_size: int) -> st.SearchStrategy[list[SegmentLine]]:
    line = st.builds(
        SegmentLine,
        segment_no=st.just(segment_no),
        line_no=st.integers(min_value=1, max_value=99).map(lambda n: n * 10_000),
        contact_no=_contact_no,
        contact_company_no=st.sampled_from(["", "CT1"]),
        template_code=_template_code,
        description=_text,
        cost=_money,
        duration=_minutes,
        information_flow=_flow,
        initiated_by=_initiated,
        salesperson_code=_salesperson,
        date=st.none() | _day,
        template_overridden=st.booleans(),
    )
    return st.lists(line, unique_by=lambda ln: ln.line_no, max_size=max_size)


_entries = st.lists(
    st.builds(
        InteractionLogEntry,
        entry_no=st.none(),
        contact_no=st.sampled_from(CONTACTS),
        contact_company_no=st.just("CT1"),
        date=_day,
        time=st.times().map(lambda t: t.replace(second=0, microsecond=0, fold=0)),
        salesperson_code=st.sampled_from(SALESPEOPLE),
        user_id=st.just("1001"),
        template_code=_template_code,
        cost=_money,
        duration=_minutes,
        initiated_by=_initiated,
        attempt_failed=st.booleans(),
        canceled=st.booleans(),
        postponed=st.booleans(),
    ),
    max_size=6,
)

worlds: st.SearchStrategy[World] = st.builds(
    World,
    salespeople=st.lists(st.sampled_from(SALESPEOPLE), unique=True).map(
        lambda codes: [Salesperson(code=c, name=c) for c in codes]
    ),
    templates=_templates,
    contacts=_contacts,
    header=_header(SEGMENT),
    lines=_lines(SEGMENT, 6),
    follow_up=_header(FOLLOW_UP),
    follow_up_lines=_lines(FOLLOW_UP, 2),
    entries=_entries,
    old_template=st.sampled_from(["", "T1", "T2"]),
    criteria=_criteria,
    limit=st.integers(min_value=1, max_value=6),
    assignee=st.sampled_from(["", *SALESPEOPLE]),
)


def draw(strategy: st.SearchStrategy[T], examples: int) -> list[T]:
    """The same `examples` draws on every run: hypothesis cannot drive an async test with
    database fixtures itself, so the test loops over these and names the failing one."""
    drawn: list[T] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: T) -> None:
        drawn.append(value)

    collect()
    return drawn
