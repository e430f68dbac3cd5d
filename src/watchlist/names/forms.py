"""The name pipeline's result: each spelling of a name as comparable tokens.

normalise -> romanise (every script, several systems; Wade-Giles respelt in pinyin) -> strip
titles -> canonical legal forms -> Arabic particles evened out -> tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import replace_org_types_compare

from watchlist.names.orgs import canonical_org
from watchlist.names.titles import strip_titles
from watchlist.names.translit import romanise
from watchlist.names.wadegiles import to_pinyin

# Arabic article and particles written apart or hyphenated: "al-Zubaidi", "El Para".
_PARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "an", "ash", "ud"})
# "Abdul Rahman", "Abdulrahman", "Abd al-Rahman", "Abdel Rahman": the servant-of compounds.
_ABD = re.compile(r"^(abd|abdu|abdou)(?:ul|el|al|ol|oul|l|u|e|o|a)?([a-z]{4,})$")
_ABD_ALONE = frozenset({"abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdoel"})


@dataclass(frozen=True)
class NameForm:
    """One spelling of a name: ASCII tokens, and which of them are legal-form words."""

    tokens: tuple[str, ...]
    abjad: bool = False
    legal: frozenset[str] = frozenset()


def _arabic_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for tok in tokens:
        if tok in _PARTICLES and len(tokens) > 1:
            continue
        if tok in _ABD_ALONE:
            out.append("abd")
            continue
        m = _ABD.match(tok)
        if m and not m.group(2).lstrip("l").startswith("ah"):
            out.extend(("abd", m.group(2)))
            continue
        out.append(tok)
    return tuple(out) or tokens


@lru_cache(maxsize=65536)
def name_forms(text: str, organisation: bool = False) -> tuple[NameForm, ...]:
    """Every spelling of a name worth comparing, the most usual first."""
    if organisation:
        text = replace_org_types_compare(text)
    forms: dict[tuple[str, ...], NameForm] = {}
    for rom in romanise(text):
        legal: frozenset[str] = frozenset()
        if organisation:
            words, legal = canonical_org(" ".join(rom.tokens))
            tokens = words or rom.tokens
        else:
            tokens = strip_titles(rom.tokens)
        tokens = _arabic_tokens(tokens)
        if tokens and tokens not in forms:
            forms[tokens] = NameForm(tokens, rom.abjad, legal)
        pinyin = None if organisation or rom.abjad else to_pinyin(tokens)
        if pinyin and pinyin not in forms:
            forms[pinyin] = NameForm(pinyin)
    return tuple(forms.values())
