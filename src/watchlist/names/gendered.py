"""Feminine and masculine forms of one name: another person, not another spelling.

Julia is not Julio, Luisa not Luis, Valentina not Valentin, Ivanova not Ivanov, Hamida not
Hamid, Zhukovskaya not Zhukovsky, Alexandra not Alexander, Andrée not André: the ending says
the bearer's sex, so however alike the letters, the two name two people. Only endings that
mark it in the languages of the lists count: Romance -a for -o, an -a added to the final
consonant of a masculine name (Romance, Slavic, Germanic and Arabic names), Slavic -skaya for
-skiy, -ra or -ria for -er (Alexandra, Alexandria, Petra), French -ée for -é, a daughter's
patronymic for a son's (Ivanovna, Ivanovich; names/patronymics.py); only a name has a
feminine form, so the masculine must be one of the reference corpus's given or family names
(Palestiniana is the Portuguese for Palestinian); an -a that is
no feminine ending (Andrea beside Andre, Musa) has no such pair, nor a case ending (Khirurga,
of the Surgeon). Tokens are compared folded (names/phonetic.py).
"""

from __future__ import annotations

from watchlist.names.patronymics import son_and_daughter
from watchlist.names.phonetic import fold
from watchlist.names.rarity import reference_frequencies

#: Slavic adjectival surnames, masculine and feminine endings as folded (Zhukovskiy,
#: Zhukovsky, Kowalski; Zhukovskaya, Kowalska).
_SLAVIC = (("skii", "skaia"), ("ski", "skaia"), ("ski", "ska"))
_VOWELS = frozenset("aeiou")
#: Final consonants of masculine names whose feminine adds -a (Luis, Daniel, Valentin, Hamid,
#: Karim, Aleksandr, Robert, Ivanov); not a noun's case ending (Khirurg, Khirurga: of the
#: Surgeon).
_MASCULINE_ENDS = frozenset("dlmnrstv")


def _bare(token: str) -> str:
    # Sarah is Sara, Mariah Maria: a final h after a vowel is not said.
    if len(token) > 3 and token[-1] == "h" and token[-2] in _VOWELS:
        return token[:-1]
    return token


def _name(masculine: str) -> bool:
    """Whether a word is a name people bear (the reference corpus of given and family
    names): only a name has a feminine form; Palestinian, Islamic have none (Palestiniana is
    Palestinian in Portuguese)."""
    return masculine in reference_frequencies()


def _french_ee(a: str, b: str) -> bool:
    # André, Andrée; René, Renée (before folding, which reads ee as i).
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and short[-1] == "e" and long == short + "e" and _name(fold(short))


def _er_ra(a: str, b: str) -> bool:
    # Alexander, Alexandra, Alexandria; Peter, Petra.
    for x, y in ((a, b), (b, a)):
        if len(x) >= 5 and x.endswith("er") and y in (x[:-2] + "ra", x[:-2] + "ria"):
            return _name(x)
    return False


def _feminine_end(token: str, folded: str) -> bool:
    """Whether a token (`folded`: its folded spelling) ends as every feminine form below does:
    in -a folded, once a final h is dropped (_bare), or in a French -ée (ee). Most pairs
    compared have no such word: they are told apart without the rules' work."""
    return folded.endswith(("a", "ah")) or token.endswith("ee")


def gendered(a: str, b: str) -> bool:
    """Whether two name tokens are the feminine and the masculine form of one name."""
    fa, fb = fold(a), fold(b)
    if not _feminine_end(a, fa) and not _feminine_end(b, fb):
        return False
    if a != b and _french_ee(a, b):
        return True
    a, b = _bare(fa), _bare(fb)
    if a != b and (_er_ra(a, b) or son_and_daughter(a, b)):
        return True
    if a == b:
        return False
    short, long = sorted((a, b), key=len)
    if len(short) < 3:
        return False
    if long == short + "a" and short[-1] in _MASCULINE_ENDS:
        return _name(short)  # Luis, Luisa; Ivanov, Ivanova
    if len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}:
        # Julio, Julia; not the Tajik -ullo of -ullah (Abdullo, Abdulla)
        return not a.endswith(("ulo", "ula")) and _name(a if a[-1] == "o" else b)
    return any(
        (x.endswith(m) and y.endswith(f) and x[: -len(m)] == y[: -len(f)])
        for m, f in _SLAVIC
        for x, y in ((a, b), (b, a))
    )
