"""Birth dates as ISO prefixes compared: exact, year only, day and month swapped, near years."""

from __future__ import annotations

import re
from functools import lru_cache

_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


@lru_cache(maxsize=65536)
def parse_prefix(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of "1977", "1977-08", "1977-8-27" or "27/08/1977"; None if not a date."""
    m = _DATE.match(value)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        m = _DMY.match(value)
        if not m:
            return None
        day, month, year = m.group(1), m.group(2), m.group(3)
    y = int(year)
    mo = int(month) if month else None
    d = int(day) if day else None
    if mo is not None and not 1 <= mo <= 12 and not (d is not None and 1 <= d <= 12):
        mo = d = None
    return y, mo, d


def compare_dates(query: str, listed: str) -> str:
    """How two dates relate: exact, month, year, swapped, near, differ or unknown."""
    q, c = parse_prefix(query), parse_prefix(listed)
    if q is None or c is None:
        return "unknown"
    (qy, qm, qd), (cy, cm, cd) = q, c
    if qy == cy:
        if qm is None or cm is None:
            return "year"
        if qm == cm:
            if qd is None or cd is None:
                return "month"
            return "exact" if qd == cd else "year"
        if qd is not None and cd is not None and qd == cm and qm == cd:
            return "swapped"
        return "year"
    if abs(qy - cy) <= 1:
        return "near"
    return "differ"
