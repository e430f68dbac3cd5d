"""A word without its adjective or inflection ending, so that one name in several languages
meets itself: Palestinian, Palestinski, Palestinska, Palestine; Islamic, islamski, islamiska,
Islamischer, islamique; Russian adjectives and the names they are made from (Karachevsky,
Karachevskiy, Karachev; Bryanskiy, Bryansk; Dolgoprudnenskoye, Dolgoprudnensk).

The ending is taken from the word's folded spelling (names/phonetic.py: y as i, sch as sh),
the longest one that leaves a stem of at least MIN_STEM letters, twice at most (Europaisch,
Europa, Europ: European). Used to compare words a name alignment has already paired as
alike, never to find them: two different words rarely share a stem of five letters and more.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from watchlist.names.phonetic import fold

#: A stem shorter than this is not stripped further (Omsk stays Omsk, Tomskiy is Tomsk).
MIN_STEM: Final = 4
#: Stems this long or longer make two words one (Islam: Islamic, islamski).
MATCH_STEM: Final = 5

# Endings as spelt after folding: Slavic adjectives (-skiy, -skaya, -skoye, -sky, -ski, -ska,
# -sk of the place they are made from), Germanic and Scandinavian (-isch, -ische, -ischer,
# -isk, -iska), Romance (-ique, -ico, -ica, -ano, -ana, -ien, -ienne, -ese), English (-ian,
# -ic, -ean), inflections and the vowels words end in across languages.
_ENDINGS: Final = tuple(
    sorted(
        set(
            """
            skogo skoie skoi skaia skaja skii skij ski ska sko skie skih skikh sk
            ishen isher ishes ishe ish iske iska isko isk
            ikue ikues ico ica icos icas iki ika ikos ic
            ian ians ean eans ain aine ano ana ani ien ienne iens ese
            ija iia ia ijas iias
            as os us es
            a e o i s
            """.split()
        ),
        key=len,
        reverse=True,
    )
)


#: The endings as a set, and the longest one's length: a word's ending is looked up by its
#: last letters, a few set lookups instead of an `endswith` per ending.
_ENDING_SET: Final = frozenset(_ENDINGS)
_LONGEST: Final = max(map(len, _ENDINGS))


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """The folded word less its adjective or inflection ending (at most two endings off):
    each time the longest ending that leaves MIN_STEM letters."""
    word = fold(token)
    for _ in range(2):
        n = len(word)
        for k in range(min(_LONGEST, n - MIN_STEM), 0, -1):
            if word[n - k :] in _ENDING_SET:
                word = word[: n - k]
                break
        else:
            break
    return word


def same_stem(a: str, b: str) -> bool:
    """Whether two words of letters are one word in other forms: the same stem of at least
    MATCH_STEM letters."""
    if not a.isalpha() or not b.isalpha():
        return False
    sa = stem(a)
    return len(sa) >= MATCH_STEM and sa == stem(b)
