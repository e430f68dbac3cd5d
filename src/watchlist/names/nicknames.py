"""Nicknames and short forms of given names (Bill, William; Bob, Robert) from rigour's table."""

from __future__ import annotations

from functools import lru_cache

from rigour.names import analyze_names
from rigour.names.symbol import SymbolCategory
from rigour.names.tag import NameTypeTag

from watchlist.names.rarity import PARTICLES


@lru_cache(maxsize=100_000)
def nicknames(token: str) -> frozenset[str]:
    """The nickname groups a given name belongs to (Bill and William share BILL); none for
    particles (ben, bin) and tokens of fewer than three letters."""
    if len(token) < 3 or token in PARTICLES or not token.isalpha():
        return frozenset()
    names = analyze_names(
        NameTypeTag.PER, [token], consolidate=False, phonetics=False, numerics=False, rewrite=False
    )
    return frozenset(
        s.id for name in names for s in name.symbols if s.category == SymbolCategory.NICK
    )


def same_nickname(a: str, b: str) -> bool:
    """Whether two given names are one name, the one a short form or nickname of the other."""
    found = nicknames(a)
    return bool(found) and not found.isdisjoint(nicknames(b))
