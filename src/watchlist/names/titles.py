"""Honorifics and titles that precede a name (Mr, Dr, General, Sheikh, Hajji): not the name."""

from __future__ import annotations

from functools import lru_cache

from rigour._core import person_name_prefixes_list

from watchlist.names.normalize import normalize

# Beyond rigour's list: religious and military titles common in sanctions lists. Amir and
# Emir are not among them: as the first word of a name they are far more often the given name
# (Amir Khan, Emir Kusturica), and a name that lost its given name meets every namesake.
_EXTRA = """
mr mrs ms miss dr prof sheikh shaikh shaykh sheik cheikh hajji haji hadji hajj alhaj alhajji
mullah mulla maulana maulvi mawlawi mawlana mufti qari imam general gen colonel col
lt lieutenant major maj captain capt commander brigadier sir lord lady dame judge senator
admiral marshal sergeant sgt corporal cpl president minister deputy governor engineer eng
"""


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Normalised single-word titles."""
    words = {normalize(p) for p in person_name_prefixes_list()}
    words.update(_EXTRA.split())
    return frozenset(w for w in words if w and " " not in w)


def strip_titles(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Leading title words removed, keeping at least one word.

    Only leading ones: inside a name a title word is often a name ("Khalid Sheikh Mohammed").
    """
    known = titles()
    start = 0
    while start < len(tokens) - 1 and tokens[start] in known:
        start += 1
    return tokens[start:]
