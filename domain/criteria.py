"""Contact criteria as an admin types them: `city=Praha type=person +expand`."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from domain.errors import ValidationFailed
from domain.model import ContactCriteria, ContactType
from domain.text import clean_name, normalize

KEYS = {
    "type": "type",
    "salesperson": "salesperson_code",
    "city": "city",
    "post": "post_code",
    "country": "country",
    "relation": "business_relation",
    "company": "company_no",
    "name": "name_query",
    "template": "has_template_code",
}
FLAGS = {"+excluded": "ignore_exclusion", "+expand": "expand_companies"}


@dataclass(frozen=True, slots=True)
class CriteriaRequest:
    criteria: ContactCriteria
    ignore_exclusion: bool = False
    expand_companies: bool = False


def parse_criteria(text: str) -> CriteriaRequest:
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
