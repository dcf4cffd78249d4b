"""Contact criteria: as an admin types them (`city=Praha type=person +expand`), and which
contacts they match (the specification storage computes in SQL)."""

from __future__ import annotations

import shlex
from collections.abc import Container, Iterable
from dataclasses import dataclass

from domain.errors import ValidationFailed
from domain.model import Contact, ContactCriteria, ContactType, InteractionLogEntry
from domain.statistics import counts_in_statistics
from domain.text import clean_name, normalize

KEYS = {
    "type": "type",
    "salesperson": "salesperson_code",  # a code or part of a name: code_named
    "city": "city",
    "post": "post_code",
    "country": "country",
    "relation": "business_relation",
    "company": "company_query",
    "name": "name_query",
    "template": "has_template_code",  # a code or part of a description: code_named
}
FLAGS = {"+excluded": "ignore_exclusion", "+expand": "expand_companies"}


@dataclass(frozen=True, slots=True)
class CriteriaRequest:
    criteria: ContactCriteria
    ignore_exclusion: bool = False
    expand_companies: bool = False


def parse_criteria(text: str) -> CriteriaRequest:
    """`key=value` pairs (a value with spaces in quotes: `company="Alza s.r.o."`) and flags;
    a contact must match every criterion given."""
    text = clean_name(text)
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise ValidationFailed("criteria_invalid", token=text[:30]) from exc
    values: dict[str, object] = {}
    flags = {"ignore_exclusion": False, "expand_companies": False}
    for token in tokens:
        if token.lower() in FLAGS:
            flags[FLAGS[token.lower()]] = True
            continue
        key, sep, value = token.partition("=")
        if not sep or key.lower() not in KEYS or not value:
            raise ValidationFailed("criteria_invalid", token=token[:30])
        values[KEYS[key.lower()]] = value
    if "type" in values:
        try:
            values["type"] = ContactType(str(values["type"]).lower())
        except ValueError as exc:
            raise ValidationFailed("criteria_invalid", token=f"type={values['type']}") from exc
    if "business_relation" in values:  # stored in lower case (domain.importing)
        values["business_relation"] = str(values["business_relation"]).lower()
    if "name_query" in values:
        values["name_query"] = normalize(str(values["name_query"]))
    if not values and not flags["expand_companies"]:
        raise ValidationFailed("criteria_empty")
    return CriteriaRequest(ContactCriteria(**values), **flags)  # type: ignore[arg-type]


def code_named(text: str, known: Iterable[tuple[str, str]], *, what: str) -> str:
    """The code a criterion names among `known` (code, name) pairs: the code itself (case-
    blind), else the only one whose normalised name contains the normalised text. Unknown
    or several: refused, naming them, rather than matching nobody without a word."""
    known = list(known)
    wanted = text.strip().upper()
    if any(code == wanted for code, _ in known):
        return wanted
    part = normalize(text)
    found = sorted(code for code, name in known if part and part in normalize(name))
    if len(found) == 1:
        return found[0]
    if not found:
        codes = ", ".join(sorted(code for code, _ in known)[:10])
        raise ValidationFailed(f"criteria_{what}_unknown", value=text[:30], known=codes)
    raise ValidationFailed(
        f"criteria_{what}_ambiguous", value=text[:30], found=", ".join(found[:10])
    )


def with_template(entries: Iterable[InteractionLogEntry], code: str) -> set[str]:
    """The contacts with an interaction on template `code` in their log; postponed and
    canceled entries do not count."""
    return {e.contact_no for e in entries if e.template_code == code and counts_in_statistics(e)}


def company_number(query: str) -> str:
    """The company number a company criterion may be: contact numbers are upper case."""
    return query.strip().upper()


def companies_named(contacts: Iterable[Contact], query: str) -> set[str]:
    """The companies a company criterion names: the one with that number, and those whose
    normalised name contains the normalised text (as the name criterion)."""
    number, text = company_number(query), normalize(query)
    return {
        c.no
        for c in contacts
        if c.type is ContactType.COMPANY and (c.no == number or (text and text in c.search_name))
    }


def matches(
    contact: Contact,
    criteria: ContactCriteria,
    *,
    with_template: Container[str],
    companies: Container[str] = (),
) -> bool:
    """Every criterion set holds; `with_template` are the contacts with_template gives for
    `criteria.has_template_code`, `companies` those companies_named gives for
    `criteria.company_query` (a company matches through itself, a person through its
    company). The city is compared case-blind, the name as a substring of the normalised
    name."""
    k = criteria
    return all(
        (
            k.type is None or contact.type is k.type,
            not k.salesperson_code or contact.salesperson_code == k.salesperson_code,
            not k.city or contact.city.casefold() == k.city.casefold(),
            not k.post_code or contact.post_code == k.post_code,
            not k.country or contact.country == k.country,
            not k.business_relation or k.business_relation in contact.business_relations,
            not k.company_no or contact.company_no == k.company_no,
            not k.company_query or contact.company_no in companies,
            not normalize(k.name_query) or normalize(k.name_query) in contact.search_name,
            not k.has_template_code or contact.no in with_template,
            not k.contact_nos or contact.no in k.contact_nos,
        )
    )


def persons_of(contacts: Iterable[Contact], company_nos: Container[str]) -> list[Contact]:
    """The persons of these companies, by company, then by number."""
    found = [c for c in contacts if c.type is ContactType.PERSON and c.company_no in company_nos]
    return sorted(found, key=lambda c: (c.company_no, c.no))
