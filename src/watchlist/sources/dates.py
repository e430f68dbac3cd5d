"""Dates as official lists write them, turned into ISO prefixes (YYYY, YYYY-MM, YYYY-MM-DD)."""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}

_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|to|and)\s*(\d{4})$", re.I)
_QUALIFIERS = re.compile(r"^(circa|approximately|approx\.?|about|ca\.?|c\.)\s+", re.I)


def _valid(year: int, month: int = 1, day: int = 1) -> bool:
    if not 1000 <= year <= 2100:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _prefix(year: int, month: int | None, day: int | None) -> str | None:
    if month is None or month == 0:
        return f"{year:04d}" if _valid(year) else None
    if day is None or day == 0:
        return f"{year:04d}-{month:02d}" if _valid(year, month) else None
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


def parse_date(text: str | None, dayfirst: bool = True) -> str | None:
    """One date as an ISO prefix, or None when the text is not a date.

    Reads `1977-08-27`, `27 Aug 1977`, `Aug 1977`, `27/08/1977` (`00` for unknown parts, as
    OFSI writes), `27.08.1977`, `1977`, and drops qualifiers such as `circa`.
    """
    if text is None:
        return None
    value = _QUALIFIERS.sub("", text.strip().strip(".,;")).strip()
    if not value:
        return None
    if isinstance(text, datetime):  # pragma: no cover - spreadsheets hand over datetimes
        return text.date().isoformat()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?", value)
    if m:
        y, mo, d = m.groups()
        return _prefix(int(y), int(mo) if mo else None, int(d) if d else None)
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", value)
    if m:
        a, b, y = (int(x) for x in m.groups())
        day, month = (a, b) if dayfirst else (b, a)
        return _prefix(y, month, day)
    m = re.fullmatch(r"(\d{1,2})?\s*([A-Za-z]{3,9})\.?,?\s+(\d{4})", value)
    if m and m.group(2).lower() in MONTHS:
        d = int(m.group(1)) if m.group(1) else None
        return _prefix(int(m.group(3)), MONTHS[m.group(2).lower()], d)
    m = re.fullmatch(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})", value)
    if m and m.group(1).lower() in MONTHS:
        return _prefix(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    return None


def parse_dates(text: str | None, dayfirst: bool = True, max_span: int = 15) -> list[str]:
    """A date, or every year of a year range such as `1960 to 1965`, as ISO prefixes."""
    if text is None:
        return []
    value = _QUALIFIERS.sub("", text.strip()).strip()
    m = _YEAR_RANGE.match(value)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        if start <= end and end - start <= max_span:
            return [str(y) for y in range(start, end + 1) if _valid(y)]
        return [p for p in (_prefix(start, None, None), _prefix(end, None, None)) if p]
    one = parse_date(value, dayfirst=dayfirst)
    return [one] if one else []


def to_date(prefix: str | None) -> date | None:
    """A full ISO date prefix as a `date`; shorter prefixes say too little for a release."""
    if prefix and len(prefix) == 10:
        return date.fromisoformat(prefix)
    return None
