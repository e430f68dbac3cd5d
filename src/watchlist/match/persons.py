"""What contradicts a person's name beyond a weak match: parts that differ on both sides.

A middle name or patronymic one side leaves out costs little (lists often omit them); one
that both sides give, differently, is evidence against: Sergey Ivanovich Lavrov is not Sergey
Viktorovich Lavrov. A name of initials alone (N. N.) says only which letters the names start
with.
"""

from __future__ import annotations

from collections.abc import Sequence

from watchlist.match.names import Alignment, token_similarity
from watchlist.match.weights import WEIGHTS
from watchlist.names.phonetic import fold
from watchlist.names.rarity import PARTICLES, PATRONYMIC


def _patronymic(token: str) -> bool:
    return len(token) > 6 and PATRONYMIC.search(fold(token)) is not None


#: Left-over parts this alike may be one part spelt two ways, not two parts.
PARTS_ALIKE = 0.6


def _alike(left_q: Sequence[str], left_c: Sequence[str]) -> bool:
    return any(token_similarity(a, b) >= PARTS_ALIKE for a in left_q for b in left_c)


def contradiction(
    al: Alignment,
    query: Sequence[str],
    candidate: Sequence[str],
    weights: dict[str, float] = WEIGHTS,
) -> float:
    """Doubt to add for parts that differ on both sides, and for a match of initials only."""
    used_q = {i for qi, _, _ in al.pairs for i in qi}
    used_c = {i for _, ci, _ in al.pairs for i in ci}
    left_q = [t for i, t in enumerate(query) if i not in used_q and t not in PARTICLES]
    left_c = [t for i, t in enumerate(candidate) if i not in used_c and t not in PARTICLES]
    doubt = 0.0
    if any(map(_patronymic, left_q)) and any(map(_patronymic, left_c)):
        doubt += weights["patronymic_mismatch"]
    elif left_q and left_c and not _alike(left_q, left_c):
        # Each side names a part the other has not, nothing like it: another given name,
        # another surname (Eric A. Wendt, Josh A. Wendt), where one side leaving a part out
        # costs little, and two spellings too far apart to match (Jurij, Yury) nothing.
        doubt += weights["parts_differ"]
    matched = [query[i] for qi, _, _ in al.pairs for i in qi]
    if matched and all(len(t) == 1 for t in matched):
        doubt += weights["initials_only"]
    # One word meeting one of several only by likeness (Musky, Masaki Toshio): a surname or
    # a given name alone, and perhaps not even that.
    words = [t for t in query if t not in PARTICLES]
    if (
        len(words) == 1
        and len([t for t in candidate if t not in PARTICLES]) > 1
        and all(sim < 1.0 for _, _, sim in al.pairs)
    ):
        doubt += weights["single_name"]
    return doubt
