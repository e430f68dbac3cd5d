"""The customer beside the listed entry, field by field: agrees, differs or missing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from normality import normalize

from watchlist.screening.screener import clean_country
from watchlist.workflow.customers import CustomerRecord

NAMES = ("name", "alias", "weakAlias", "previousName")
COUNTRIES = ("nationality", "citizenship", "country", "jurisdiction")
IDENTIFIERS = (
    "passportNumber",
    "idNumber",
    "taxNumber",
    "registrationNumber",
    "innCode",
    "ogrnCode",
    "vatCode",
    "imoNumber",
    "swiftBic",
    "leiCode",
)


def _name(value: str) -> str:
    return normalize(value, ascii=True) or value.casefold()


def _id(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def _country(value: str) -> str:
    return clean_country(value) or value.casefold()


def _date_agrees(a: str, b: str) -> bool:
    """1977 agrees with 1977-08-27; 1977-08-27 with itself."""
    return a.startswith(b) or b.startswith(a)


def _values(props: dict[str, list[str]], names: Iterable[str]) -> list[str]:
    return [v for n in names for v in props.get(n, [])]


def verdict(mine: Sequence[str], theirs: Sequence[str], same: Any = None, key: Any = None) -> str:
    if not mine or not theirs:
        return "missing"
    if same is not None:
        return "agrees" if any(same(a, b) for a in mine for b in theirs) else "differs"
    left = {key(v) for v in mine}
    return "agrees" if left & {key(v) for v in theirs} else "differs"


def compare_fields(
    customer: CustomerRecord, schema: str, props: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """One row per field: label, customer's values, the entry's values, verdict."""
    rows = [
        ("Name", [customer.name], _values(props, NAMES), None, _name),
        (
            "Type",
            [customer.schema] if customer.schema else [],
            [schema] if schema else [],
            None,
            str,
        ),
        (
            "Birth date",
            list(customer.birth_dates),
            _values(props, ("birthDate",)),
            _date_agrees,
            None,
        ),
        ("Country", list(customer.countries), _values(props, COUNTRIES), None, _country),
        ("Identifier", list(customer.identifiers), _values(props, IDENTIFIERS), None, _id),
        (
            "Gender",
            [customer.gender] if customer.gender else [],
            _values(props, ("gender",)),
            None,
            str.casefold,
        ),
    ]
    return [
        {
            "label": label,
            "customer": mine,
            "entity": theirs,
            "verdict": verdict(mine, theirs, same, key),
        }
        for label, mine, theirs, same, key in rows
    ]
