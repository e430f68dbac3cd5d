"""Patronymics: a father's given name with a son's or a daughter's ending.

Russian, Ukrainian and Belarusian spellings of one patronymic differ in more than letters
(Hryhorovych, Grigorievich; Hennadiyovych, Gennadevich; Volodymyrovych, Vladimirovich): the
father's name is spelt the language's way, and the ending too. Two patronymics are one when
their fathers' names are alike once the Slavic spellings of one sound are evened out (h for
g, a final -iy or -e dropped), and the endings say the same sex: Ivanovich, a son's, is not
Ivanovna, a daughter's. Tokens are compared folded (names/phonetic.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

# A son's and a daughter's endings, as folded (ovych folds to ovich, eevich to ivich).
_ENDING = re.compile(r"(?:(?P<son>[oei]vich|[oe]vic)|(?P<daughter>[oe]vna|ivna|ichna))$")
#: Fathers' names at least this alike (normalised Levenshtein) are one name spelt two ways.
SAME_FATHER = 0.75
_SLAVIC_J = re.compile(r"^j(?=[aeiou])")


@lru_cache(maxsize=65536)
def father(folded: str) -> tuple[str, bool] | None:
    """The father's name of a folded patronymic, evened out, and whether it is a son's; None
    for a word that is no patronymic."""
    found = _ENDING.search(folded) if len(folded) > 6 else None
    if found is None:
        return None
    name = folded[: found.start()]
    name = _SLAVIC_J.sub("i", name.replace("dz", "j")).replace("h", "g").rstrip("ie")
    return (name, found.group("son") is not None) if len(name) >= 3 else None


def _may_be_patronymic(folded: str) -> bool:
    """What `father` asks first, without its cache: more than six letters, the last one an
    ending's (-ich, -ic, -na)."""
    return len(folded) > 6 and folded[-1] in "hca"


def same_father(fa: str, fb: str) -> bool:
    """Whether two folded patronymics name one father, both a son's or both a daughter's."""
    if not (_may_be_patronymic(fa) and _may_be_patronymic(fb)):
        return False
    a, b = father(fa), father(fb)
    return (
        a is not None
        and b is not None
        and a[1] == b[1]
        and Levenshtein.normalized_similarity(a[0], b[0]) >= SAME_FATHER
    )


def son_and_daughter(fa: str, fb: str) -> bool:
    """Whether two folded patronymics are a son's and a daughter's (Ivanovich, Ivanovna)."""
    a, b = father(fa), father(fb)
    return a is not None and b is not None and a[1] != b[1]
