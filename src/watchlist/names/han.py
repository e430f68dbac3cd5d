"""Han characters read the Korean and the Japanese way, not only as Mandarin pinyin.

金正恩 is Kim Jong Un and 山田太郎 is Yamada Taro: readings per character come from the Unicode
Consortium's Unihan database (kHangul, kJapaneseKun, kJapaneseOn; data/names/README.md).
A Japanese name's reading is not fixed by its characters, so instead of spelling it out,
`reads_as` checks whether a romanised name can be cut into one reading per character.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from watchlist.names import hangul
from watchlist.names.normalize import normalize
from watchlist.names.tables import table_lines

# Rendaku: the first consonant of a later part of a Japanese compound is voiced (Yama+ta ->
# Yamada); long vowels are written doubled, with macrons dropped, or not at all (Tarou, Taro).
_RENDAKU = {"k": "g", "s": "z", "t": "d", "h": "b", "f": "b", "c": "j"}
_LONG = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ei", "e"))


@lru_cache(maxsize=1)
def readings() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Character -> (Hangul readings, Japanese readings)."""
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for line in table_lines("han_readings.tsv.gz"):
        char, korean, kun, on = (line.split("\t") + ["", "", ""])[:4]
        table[char] = (tuple(korean.split()), tuple(kun.split()) + tuple(on.split()))
    return table


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char in readings()


def _long_vowels(text: str) -> str:
    for long, short in _LONG:
        text = text.replace(long, short)
    return text


@lru_cache(maxsize=4096)
def _japanese(char: str, first: bool) -> frozenset[str]:
    found: set[str] = set()
    for reading in readings().get(char, ((), ()))[1]:
        reading = reading.replace("-", "")
        # Kun readings carry their inflected ending (futoi); names use the stem (futo).
        forms = {reading} | {reading[:n] for n in range(2, len(reading))}
        for form in forms:
            found.add(_long_vowels(form))
            if not first and form[0] in _RENDAKU:
                found.add(_long_vowels(_RENDAKU[form[0]] + form[1:]))
    return frozenset(f for f in found if f)


def _segments(text: str, chars: str) -> bool:
    """Whether `text` is one Japanese reading per character of `chars`, in order."""
    ends = {0}
    for i, char in enumerate(chars):
        options = _japanese(char, i == 0)
        ends = {e + len(r) for e in ends for r in options if text.startswith(r, e)}
        if not ends:
            return False
    return len(text) in ends


def korean_spellings(han: str) -> set[str]:
    """A Hanja name in Korean: surname and given name, each spelling joined without spaces."""
    table = readings()
    syllables = []
    for char in han:
        korean = table.get(char, ((), ()))[0]
        if not korean:
            return set()
        syllables.append(korean[-1] if len(korean) > 1 and char == han[0] else korean[0])
    word = "".join(syllables)
    surname, given = hangul.split_surname(word)
    out = set()
    for sur in hangul.surname_spellings(surname) if surname else ("",):
        for spelling in hangul.given_spellings(given):
            out.add(sur + "".join(spelling))
    return out


def reads_as(han_text: str, latin_text: str) -> bool:
    """Whether a name in Han characters reads as a romanised name, the Japanese or the Korean
    way, with its parts in any order."""
    han_words = [w for w in normalize(han_text).split() if all(is_han(c) for c in w)]
    latin_words = normalize(latin_text).split()
    if not han_words or not latin_words or len(latin_words) > 4 or len(han_words) > 3:
        return False
    if not all(w.isascii() and w.isalpha() for w in latin_words):
        return False
    latin_orders = {_long_vowels("".join(p)) for p in itertools.permutations(latin_words)}
    for han_order in itertools.permutations(han_words):
        chars = "".join(han_order)
        if any(_segments(text, chars) for text in latin_orders):
            return True
        korean = {_long_vowels(s) for s in korean_spellings(chars)}
        if korean & latin_orders:
            return True
    return False
