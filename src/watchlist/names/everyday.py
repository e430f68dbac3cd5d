"""How much of an everyday word of some language a token is.

A company's distinctive word that is also a common word (Liberty, Northern, Capital, Istok:
"source" in Russian) names many firms and tells less of which one is meant than a coined one
(Rosneft, Sepasad). The reference is the Zipf frequency (log10 of occurrences per billion
running words) of the commonest word of any of about forty languages spelt so once
romanised (data/names/word_frequencies.tsv.gz, built by scripts/word_corpus.py from the
wordfreq package's lists); words rarer than one in a hundred thousand are not in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from watchlist.names.phonetic import fold
from watchlist.names.tables import token_values

#: A word at most this frequent (Zipf) is not an everyday word: its weight is not capped.
EVERYDAY_ZIPF = 3.5
#: Weight taken off per Zipf unit above EVERYDAY_ZIPF...
EVERYDAY_SLOPE = 1.0
#: ...down to this floor, a generic word's weight (match/things.py).
EVERYDAY_FLOOR = 0.5


@lru_cache(maxsize=1)
def word_frequencies() -> Mapping[str, float]:
    """Folded token -> the highest Zipf frequency of a word spelt so in any language."""
    return token_values("word_frequencies.tsv.gz")


def zipf(token: str) -> float:
    """The token's Zipf frequency as a word of some language; 0 when it is no common word."""
    return word_frequencies().get(fold(token), 0.0)


#: Letters of which a word has one at least: a token of ACRONYM_MIN letters or more without
#: any is an acronym (MMZ, KBC), no word of a language.
VOWELS = frozenset("aeiouy")
ACRONYM_MIN = 3


def acronym(token: str) -> bool:
    """Whether a token of a name written in letters (not an abjad's consonant skeleton) is an
    acronym, which no frequency of everyday words says anything about: the table is read
    through folded spellings, which make one of a doubled letter (MMZ as MZ, a syllable of
    some language), and two letters are an initial or a word as often (Sg, Mg)."""
    return len(token) >= ACRONYM_MIN and token.isalpha() and not any(c in VOWELS for c in token)


def everyday_cap(token: str, ceiling: float) -> float:
    """The most a distinctive word may weigh given how everyday a word it is: `ceiling`
    for a rare or coined word, less the commoner it is, never under EVERYDAY_FLOOR."""
    found = zipf(token)
    if found <= EVERYDAY_ZIPF:
        return ceiling
    return max(EVERYDAY_FLOOR, min(ceiling, ceiling - EVERYDAY_SLOPE * (found - EVERYDAY_ZIPF)))
