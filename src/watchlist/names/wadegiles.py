"""Wade-Giles romanisations of Chinese names respelt in pinyin, which the lists mostly use.

"Hsi Chin-p'ing" is Xi Jinping and "Mao Tse-tung" Mao Zedong: the syllables are the same,
the letters for them differ by rule. A name is respelt only when every word is a Wade-Giles
syllable; the original spelling stays a form of its own. The tokens arrive as the pipeline
makes them (ASCII, apostrophes gone), so an aspirate reads as its plain consonant (p'ing as
bing): token similarity takes voicing pairs as one sound.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Initial consonants, longest first, with their pinyin before i/u-umlaut and elsewhere.
_INITIALS: tuple[tuple[str, str, str], ...] = (
    ("tz", "z", "z"),
    ("ts", "z", "z"),
    ("ch", "j", "zh"),
    ("hs", "x", "x"),
    ("sh", "sh", "sh"),
    ("ss", "s", "s"),
    ("sz", "s", "s"),
    ("k", "g", "g"),
    ("p", "b", "b"),
    ("t", "d", "d"),
    ("j", "r", "r"),
    ("m", "m", "m"),
    ("f", "f", "f"),
    ("n", "n", "n"),
    ("l", "l", "l"),
    ("h", "h", "h"),
    ("s", "s", "s"),
    ("y", "y", "y"),
    ("w", "w", "w"),
    ("", "", ""),
)
# Finals as Wade-Giles writes them, and in pinyin.
_FINALS = {
    "a": "a",
    "ai": "ai",
    "an": "an",
    "ang": "ang",
    "ao": "ao",
    "e": "e",
    "ei": "ei",
    "en": "en",
    "eng": "eng",
    "erh": "er",
    "i": "i",
    "ia": "ia",
    "iang": "iang",
    "iao": "iao",
    "ieh": "ie",
    "ien": "ian",
    "ih": "i",
    "in": "in",
    "ing": "ing",
    "iu": "iu",
    "iung": "iong",
    "o": "o",
    "ou": "ou",
    "u": "u",
    "ua": "ua",
    "uai": "uai",
    "uan": "uan",
    "uang": "uang",
    "ui": "ui",
    "uei": "ui",
    "un": "un",
    "ung": "ong",
    "uo": "uo",
    "ueh": "ue",
    "eh": "e",
}
_SYLLABLE = re.compile(
    "^("
    + "|".join(i for i, _, _ in _INITIALS if i)
    + ")?("
    + "|".join(sorted(_FINALS, key=len, reverse=True))
    + ")$"
)
# Signs that a name is Wade-Giles rather than pinyin or another language: letters pinyin
# never writes so (hs, tz, -ih, -ieh, -ien, -ung after a consonant, -erh).
_TELLTALE = re.compile(r"^(hs|tz|ts|ss|sz)|ih$|ieh$|ien$|ueh$|^erh$|^[^aeiouy]+ung$")


def _may_tell(token: str) -> bool:
    """Whether _TELLTALE may find its sign in a token: by how the sign begins or ends a word,
    tested in C before the expression's search (most names' words show none)."""
    return token.startswith(("hs", "tz", "ts", "ss", "sz", "erh")) or token.endswith(
        ("ih", "eh", "ien", "ung")
    )


@lru_cache(maxsize=65536)
def syllable(token: str) -> str | None:
    """The pinyin of one Wade-Giles syllable, or None if the token is not one."""
    m = _SYLLABLE.match(token)
    if m is None:
        return None
    initial, final = m.group(1) or "", m.group(2)
    for wg, before_i, other in _INITIALS:
        if wg == initial:
            # -ih is the apical vowel after a retroflex (chih: zhi), not the i of chi (ji)
            onset = before_i if final.startswith("i") and final != "ih" else other
            break
    rhyme = _FINALS[final]
    if initial in ("tz", "ts", "ss", "sz") and final == "u":
        rhyme = "i"  # tzu, ssu: the apical vowel pinyin writes i
    elif initial in ("k", "h") and final == "o":
        rhyme = "e"  # ko, ho: ge, he
    elif initial == "y" and final in ("en", "eh"):
        rhyme = "an" if final == "en" else "e"  # yen, yeh: yan, ye
    elif initial == "" and final.startswith("i"):
        return None
    return onset + rhyme


def to_pinyin(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """The name in pinyin when every token is a Wade-Giles syllable and one at least shows
    it; None otherwise."""
    if len(tokens) < 2 or not any(_may_tell(t) and _TELLTALE.search(t) for t in tokens):
        return None
    out = []
    for token in tokens:
        pinyin = syllable(token)
        if pinyin is None:
            return None
        out.append(pinyin)
    result = tuple(out)
    return result if result != tokens else None
