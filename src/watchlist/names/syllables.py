"""Chinese and Korean given names read from Han or Hangul, compared syllable by syllable.

A name written in Han characters or Hangul says how many syllables its given name has and
which: 미영 is Mi-yeong, two syllables, so it is not Myong, one syllable of like letters, nor
정순 (Jeong-sun) Jong Un, whose second syllable differs, however alike the letters of the
whole. A romanised word is compared with such a name only when it cuts into syllables of the
same language (pinyin for Han, Korean for Hangul); a word that does not (Kwai, a Cantonese
spelling) is left to letter likeness.

Korean syllables are compared by a key that evens out the romanisation systems and popular
spellings (Revised, McCune-Reischauer, Kim Jong Un's mix: eo, eu, u and o; voiced and
voiceless consonants; r and l; oo, ou and ee): the key says which syllable is meant, not how
it is spelt. Pinyin syllables are compared with an aspirated initial as its plain pair
(Wade-Giles drops the mark that tells them apart), as `pinyin.other_given_name` does.
"""

from __future__ import annotations

from functools import lru_cache

from watchlist.names import hangul
from watchlist.names.pinyin import SYLLABLES, _initial_unmarked
from watchlist.names.wadegiles import syllable as wade_giles

PINYIN = "pinyin"
KOREAN = "korean"

#: Longest syllable of either language, in letters (zhuang, kkyeong; McCune-Reischauer
#: tchyaeng and tchwaeng, for 쩅 and 쬉, have eight).
_LONGEST = 8

# Korean spellings of one sound, replaced in order: the final ng kept apart from g first.
_KOREAN_KEY = (
    ("ng", "N"),
    ("tch", "c"),
    ("ch", "c"),
    ("jj", "c"),
    ("j", "c"),
    ("sh", "s"),
    ("ss", "s"),
    ("kk", "k"),
    ("g", "k"),
    ("tt", "t"),
    ("d", "t"),
    ("pp", "p"),
    ("b", "p"),
    ("r", "l"),
    ("eo", "o"),
    ("eu", "o"),
    ("oo", "o"),
    ("ou", "o"),
    ("u", "o"),
    ("ee", "i"),
    ("ui", "i"),
    ("oi", "i"),
    ("ae", "e"),
)


@lru_cache(maxsize=65536)
def korean_key(syllable: str) -> str:
    """A romanised Korean syllable with the spelling systems' differences evened out."""
    for spelling, key in _KOREAN_KEY:
        syllable = syllable.replace(spelling, key)
    return syllable


@lru_cache(maxsize=1)
def _korean_keys() -> frozenset[str]:
    """The key of every Hangul syllable in Revised and McCune-Reischauer spellings, and of
    the customary spellings of surnames."""
    keys: set[str] = set()
    for code in range(0xAC00, 0xAC00 + 11172):
        for system in ("rr", "mr"):
            keys.update(map(korean_key, hangul.romanise_syllables(chr(code), system)))
    for spellings in hangul.SURNAMES.values():
        keys.update(map(korean_key, spellings))
    return frozenset(k for k in keys if k)


def _pinyin_key(syllable: str) -> str:
    return _initial_unmarked(syllable)


def syllable_key(syllable: str, system: str) -> str | None:
    """The syllable's key in its language, or None when it is no syllable of it."""
    if system == KOREAN:
        key = korean_key(syllable)
        return key if key in _korean_keys() else None
    # Interjections written with a consonant alone (m, n, hm) are not parts of names.
    if syllable in SYLLABLES and any(c in "aeiou" for c in syllable):
        return _pinyin_key(syllable)
    return None


@lru_cache(maxsize=65536)
def _cuts(word: str, system: str) -> frozenset[tuple[str, ...]]:
    """Every cut of `word` into syllables of the language, as tuples of keys (at most four
    syllables: a given name has two, a surname written with it one or two more)."""
    found: dict[int, set[tuple[str, ...]]] = {len(word): {()}}
    for start in range(len(word) - 1, -1, -1):
        here: set[tuple[str, ...]] = set()
        for end in range(start + 1, min(len(word), start + _LONGEST) + 1):
            rest = found.get(end)
            if not rest:
                continue
            key = syllable_key(word[start:end], system)
            if key is not None:
                here.update((key, *r) for r in rest if len(r) < 4)
        if here:
            found[start] = here
    return frozenset(found.get(0, ()))


def is_syllable(word: str) -> bool:
    """Whether a romanised word is one Chinese (pinyin, Wade-Giles) or Korean syllable."""
    return (
        syllable_key(word, PINYIN) is not None
        or syllable_key(word, KOREAN) is not None
        or wade_giles(word) is not None
    )


def in_syllables(word: str, system: str) -> bool:
    """Whether a romanised word cuts into syllables of the language (Jingfeng, Jong; not
    Lima's neighbours Lorenzana, Valdemar)."""
    return bool(_cuts(word, system))


def agree(syllables: tuple[str, ...], system: str, word: str) -> bool | None:
    """Whether `word` spells the given name of `syllables` (read from Han or Hangul) syllable
    by syllable: True, False, or None when the word is no syllables of that language (a
    spelling of another kind, which letter likeness judges)."""
    cuts = _cuts(word, system)
    if not cuts:
        return None
    keys = tuple(syllable_key(s, system) or s for s in syllables)
    return keys in cuts
