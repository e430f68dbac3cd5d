"""How rare a name token is: the less often people bear it, the more a match on it says.

Frequencies come from the names on the lists themselves and from a reference corpus of
ordinary given and family names (data/names/, see its README); a token is as common as the
more common of the two says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from watchlist.names.phonetic import fold
from watchlist.names.tables import token_values

#: Weight bounds: a token nobody bears is worth at most MAX, the most common at least MIN.
MIN_WEIGHT = 0.4
MAX_WEIGHT = 4.5
#: A list's own counts say little about commonness until it has this many names.
MIN_LIST_NAMES = 5000

# Connecting words of names (son of, father of, of the): present or not in any spelling.
PARTICLES = frozenset(
    "bin ben ibn bint bn abu abou abo ould ait da de del della der di do dos du la le van von "
    "y e ur "
    # Generational suffixes say which of a family's bearers, not who: Onofre Junior Arboleda.
    "jr junior sr senior".split()
)
#: Patronymics, which lists often leave out: they say little once the given name matched.
PATRONYMIC = re.compile(r"(?:ovich|evich|ovych|evych|ovic|evic|ovna|evna|ivna|ichna|ogly|oglu)$")
PATRONYMIC_WEIGHT = 0.8
#: Weights kept per Rarity: listed tokens and the query tokens of a long-running server, which
#: never stop coming, so the cache starts over when full.
WEIGHT_CACHE = 500_000


@lru_cache(maxsize=1)
def reference_frequencies() -> Mapping[str, float]:
    """Share of ordinary people who bear each (folded) name token, from the packaged corpus."""
    return token_values("name_frequencies.tsv.gz")


class Rarity:
    """Token weights: -log10 of the share of people bearing the token, bounded."""

    def __init__(
        self, list_counts: dict[str, int], list_names: int, reference: bool = True
    ) -> None:
        """`reference=False`: the lists' own counts alone (names of organisations, which
        the reference corpus of people's names says nothing about)."""
        self.list_counts = list_counts
        self.list_names = max(list_names, MIN_LIST_NAMES)
        self.reference = reference_frequencies() if reference else {}
        self._cache: dict[str, float] = {}

    @classmethod
    def from_names(cls, names: Iterable[Iterable[str]], reference: bool = True) -> Rarity:
        """Count each token once per name it appears in."""
        counts: dict[str, int] = {}
        total = 0
        for tokens in names:
            total += 1
            for tok in set(map(fold, tokens)):
                counts[tok] = counts.get(tok, 0) + 1
        return cls(counts, total, reference)

    def share(self, token: str) -> float:
        key = fold(token)
        listed = self.list_counts.get(key, 0) / self.list_names
        return max(listed, self.reference.get(key, 0.0))

    def weight(self, token: str) -> float:
        w = self._cache.get(token)
        if w is None:
            if len(token) == 1 or token in PARTICLES:
                w = MIN_WEIGHT
            elif len(token) > 6 and PATRONYMIC.search(fold(token)):
                w = PATRONYMIC_WEIGHT
            else:
                share = self.share(token)
                w = -math.log10(share) if share > 0 else MAX_WEIGHT
                w = min(MAX_WEIGHT, max(MIN_WEIGHT, w))
            if len(self._cache) >= WEIGHT_CACHE:
                self._cache.clear()
            self._cache[token] = w
        return w
