"""Every field a caller gives, checked in one place: names, types, birth dates, countries,
genders, thresholds. A bad value raises InvalidInput naming the field, with a stable code.

Queries, pairs of names and customers are all built through these checks, so `screen`, a
batch file, a comparison, a portfolio and the API refuse the same values the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from watchlist.errors import InvalidInput
from watchlist.model.entity import SCHEMATA
from watchlist.model.schemata import SCHEMA_WORDS
from watchlist.sources.dates import parse_date

#: Entity types as people write them (any case), folded to the schema screening knows.
SCHEMA_NAMES = {**{s.lower(): s for s in SCHEMATA}, **SCHEMA_WORDS}

GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female", "other": "other"}

#: What the screener reads as a date: YYYY, YYYY-MM, YYYY-MM-DD (or YYYY-DD-MM), DD/MM/YYYY.
_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")

DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


def name(value: str | None, field: str = "name") -> str:
    """A name with at least one character that is not a space."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(
            f"{field}: a name is needed, not an empty one", code="required", field=field
        )
    return text


def schema(value: str | None, field: str = "schema") -> str | None:
    """A schema (Person, Organization, Company, LegalEntity, Vessel, Airplane, or a word for
    one such as "individual" or "ship"); None when not given."""
    text = (value or "").strip()
    if not text:
        return None
    key = text.lower().replace(" ", "_").replace("-", "_")
    found = SCHEMA_NAMES.get(key) or SCHEMA_NAMES.get(key.replace("_", ""))
    if found is None:
        raise InvalidInput(
            f"{field}: unknown type {text!r}; use one of {', '.join(SCHEMATA)}",
            code="unknown_schema",
            field=field,
        )
    return found


def _real(year: int, month: int | None, day: int | None) -> bool:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return year >= 1000


def _screenable(value: str) -> bool:
    """Whether the screener reads `value` as a date to at least its month: a real year and
    month, or day and month swapped (compared as such). A day past the month's end (a typo
    such as 1974-01-32) leaves year and month, which the screener compares; a month that is
    no month (1999-99-99) would leave a bare year, silently, so it is refused."""
    m = _ISO.match(value)
    if m:
        y, mo, d = m.groups()
        year, month, day = int(y), int(mo) if mo else None, int(d) if d else None
    else:
        m = _DMY.match(value)
        if not m:
            return False
        day, month, year = (int(x) for x in m.groups())
    if month is None:
        return _real(year, None, None)
    return _real(year, month, None) or (day is not None and _real(year, day, None))


def birth_date(value: str, field: str = "birth_dates") -> str:
    """A birth date as the query gives it (kept as written when the screener reads it so,
    else as an ISO prefix: "27 Aug 1977" becomes "1977-08-27")."""
    text = value.strip()
    if _screenable(text):
        return text
    iso = parse_date(text, dayfirst=True)
    if iso is None:
        raise InvalidInput(
            f"birth date: not a date: {value!r} (write {DATE_FORMS})",
            code="invalid_date",
            field=field,
        )
    return iso


def customer_birth_date(value: str, field: str = "birth_dates") -> str:
    """A customer's birth date as an ISO prefix, day first where ambiguous (27/08/1977)."""
    iso = parse_date(value, dayfirst=True)
    if iso is None:
        raise InvalidInput(
            f"birth date: not a date: {value!r} (write {DATE_FORMS})",
            code="invalid_date",
            field=field,
        )
    return iso


@lru_cache(maxsize=4096)
def _country_code(value: str) -> str | None:
    from followthemoney import registry

    code = registry.country.clean(value)
    return str(code) if code else None


def country(value: str, field: str = "countries") -> str:
    """A country name or ISO code, kept as written."""
    text = value.strip()
    if _country_code(text) is None:
        raise InvalidInput(
            f"country: unknown country {value!r} (give a name or an ISO code such as RU)",
            code="unknown_country",
            field=field,
        )
    return text


def gender(value: str | None, field: str = "gender") -> str | None:
    text = (value or "").strip().lower()
    if not text:
        return None
    found = GENDERS.get(text)
    if found is None:
        raise InvalidInput(
            f"gender: not a gender: {value!r} (male, female or other)",
            code="unknown_value",
            field=field,
        )
    return found


def threshold(value: float | None, field: str = "threshold") -> float | None:
    """A score threshold in [0, 1], or None for the calibrated default."""
    if value is None:
        return None
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise InvalidInput(
            f"threshold: a score threshold is between 0 and 1, not {value:g}",
            code="out_of_range",
            field=field,
        )
    return value


def texts(values: Iterable[str] | None) -> list[str]:
    """The non-blank values of a repeated field, stripped."""
    return [v.strip() for v in values or () if v is not None and v.strip()]
