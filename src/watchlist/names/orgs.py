"""Organisation legal forms canonicalised (Limited Liability Company, OOO, ООО -> llc)."""

from __future__ import annotations

from functools import lru_cache

from rigour.names import extract_org_types, replace_org_types_compare

from watchlist.names.normalize import normalize

# Words of company names that say what kind of body it is rather than which one; rigour's
# table covers the legal forms, these are the generic nouns around them.
GENERIC_ORG_WORDS = frozenset(
    """co company companies corp corporation inc incorporated ltd limited llc jsc ojsc cjsc pjsc
    ooo zao oao pao ao gmbh ag sa sacv srl spa bv nv plc llp lp group holding holdings
    international trading enterprise enterprises firm est establishment the and of de la
    kompaniya kompaniia obshchestvo tovarishchestvo""".split()
)


# Russian and other national abbreviations of the same legal forms, to one spelling.
_EQUIVALENT = {
    "ooo": "llc",
    "tov": "llc",
    "too": "llc",
    "sarl": "llc",
    "srl": "llc",
    "gmbh": "llc",
    "zao": "cjsc",
    "oao": "ojsc",
    "pao": "pjsc",
    "ao": "jsc",
    "pat": "pjsc",
    "pjsc": "pjsc",
    "limited": "ltd",
    "co": "company",
    "corp": "corporation",
    "inc": "incorporated",
    "kompaniya": "company",
    "kompaniia": "company",
}
# Abbreviations that stand for several words: Russian NK is neftyanaya kompaniya, oil company.
_EXPANSIONS = {"nk": ("oil", "company"), "neftyanaya": ("oil",), "neftianaia": ("oil",)}


@lru_cache(maxsize=65536)
def canonical_org(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words of an organisation name with legal forms canonical, and which words those are."""
    replaced = replace_org_types_compare(text)
    forms = frozenset(normalize(c) for _, c in extract_org_types(text))
    words = tuple(
        e for w in normalize(replaced).split() for e in _EXPANSIONS.get(w, (_EQUIVALENT.get(w, w),))
    )
    forms = frozenset(_EQUIVALENT.get(w, w) for w in forms)
    return words, frozenset(w for w in words if w in forms or w in GENERIC_ORG_WORDS)
