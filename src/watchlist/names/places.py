"""Countries in organisation names, one spelling each: Russia, Rossiya and Rosja are one
country, Syria, Siria and Sīrija another, and a country's adjective or people (Syrian,
Egyptian, Rossiyskiy, Chinese) names it too.

The reference is rigour's territory table (`rigour.territories`), which knows the names of
countries in many languages. A word is looked up as it is; failing that, as a country's
adjective: less an ending (-ian, -an, -ese, -i, -ish, the Slavic -iyskiy...), with a
country's name ending put back (Syri-an, Syri-a; Chin-ese, Chin-a; Rossi-yskiy, Rossi-ya), the
stem of four letters at least. Only countries (a region or a city of one name may be another
of the same region: Kazan is not Chelny), and codes are no names (Ken is no Kenya).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rigour._core import territories_jsonl
from rigour.data import iter_jsonl_text

from watchlist.names.normalize import normalize

#: A country's other names shorter than this are left out (Risi, Lasa, Sile)...
MIN_NAME = 5
#: ...and common words and given names the table lists as some country's other name.
_WORDS = frozenset(
    """
    island internet online maurice mauricio maurizio domingo ruslan salvador trinidad marita
    moloko liber helene shine poole norra elitee marsh granada kanda columbia keeling
    """.split()
)
#: ...and a country's adjective has a stem of at least this many letters (Cub-an is not read).
MIN_STEM = 4

# Endings of a country's adjective or its people, tried shortest first (Syri-an before
# Egypt-ian), and what the country's name may end in instead.
_ADJECTIVE_ENDINGS = (
    "s",
    "i",
    "an",
    "ic",
    "ian",
    "ean",
    "ese",
    "ish",
    "ien",
    "isk",
    "iska",
    "iske",
    "isch",
    "ische",
    "ischer",
    "ischen",
    "ienne",
    "iyskiy",
    "iyskaya",
    "iyskoye",
    "iyskogo",
    "iyskoy",
    "iiskii",
    "iiskaia",
    "iiskoe",
    "iiskogo",
    "iiskoi",
    "ijskij",
    "ijskaja",
    "ijskoe",
    "ijskogo",
    "ijskoj",
    "skiy",
    "skaya",
    "skoye",
    "skogo",
    "skoy",
    "skii",
    "skaia",
    "skoe",
    "skoi",
    "skij",
    "skaja",
    "skoj",
    "sk",
    "ska",
    "ske",
    "sko",
    "ski",
)
_NAME_ENDINGS = ("", "a", "ia", "e", "o", "y", "ya", "iya", "ey", "any")


def _words(name: str) -> list[str]:
    """A name's words in ASCII letters, less a parenthesised remark."""
    name = unicodedata.normalize("NFKD", normalize(name.split("(")[0]))
    return "".join(c for c in name if c == " " or (c.isascii() and c.isalpha())).split()


@lru_cache(maxsize=1)
def countries() -> tuple[dict[str, str], dict[str, str]]:
    """Each one-word name of a country (rigour's table: its name and the other names it
    knows, strong and weak) and the country's code; and each code's own one-word spelling
    (Russia -> russia, United States -> unitedstates); not the other names that are common
    words or given names (Island, Iceland's name in Icelandic; Maurice)."""
    names: dict[str, str] = {}
    spelling: dict[str, str] = {}
    for row in iter_jsonl_text(territories_jsonl()):
        code = str(row["code"])
        if "-" in code or code == "zz":  # a region, a city; the world
            continue
        own = _words(row["name"])
        spelling[code] = "".join(own)
        names.setdefault("".join(own), code)
        for other in [
            *row.get("names_strong", []),
            row.get("full_name") or "",
            *row.get("names_weak", []),
        ]:
            words = _words(other)
            if len(words) != 1 or len(words[0]) < MIN_NAME:
                continue
            word = words[0]
            if word in _WORDS:
                continue
            names.setdefault(word, code)
    return names, spelling


@lru_cache(maxsize=100_000)
def country_code(token: str) -> str | None:
    """The code of the country a word names (Rossiya: ru), or whose adjective it is (Syrian,
    Rossiyskiy, Chinese); None for any other word."""
    if not token.isalpha() or not token.isascii():
        return None
    names = countries()[0]
    found = names.get(token)
    if found is not None:
        return found
    for ending in _ADJECTIVE_ENDINGS:
        if not token.endswith(ending) or len(token) - len(ending) < MIN_STEM:
            continue
        base = token[: -len(ending)]
        for end in _NAME_ENDINGS:
            found = names.get(base + end)
            if found is not None:
                return found
    return None


def country_word(token: str) -> str | None:
    """The one spelling of the country a word names (Rossiya, Russian: russia), or None."""
    code = country_code(token)
    return None if code is None else countries()[1].get(code, token)
