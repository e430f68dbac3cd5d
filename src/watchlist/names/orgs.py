"""Organisation legal forms canonicalised (Limited Liability Company, OOO, ООО -> llc)."""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.names import extract_org_types, replace_org_types_compare

from watchlist.names.normalize import case_alike, normalize

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
    "pjs": "pjsc",
    "limited": "ltd",
    "co": "company",
    "corp": "corporation",
    "inc": "incorporated",
    "kompaniya": "company",
    "kompaniia": "company",
    "fgup": "fsue",
    "gup": "sue",
    "soue": "sue",
}
# Legal forms of one kind under several names: an open, closed or public joint-stock company is
# a joint-stock company (the Russian OAO of 2013 is the PAO of 2015); a private limited company
# is a limited liability company; a joint-stock (commercial) bank is a joint-stock company.
_KINDS = {
    "ojsc": "jsc",
    "cjsc": "jsc",
    "pjsc": "jsc",
    "ltd": "llc",
    "akb": "jsc",
    "jscb": "jsc",
    "cjscb": "jsc",
    "ojscb": "jsc",
    "fsue": "sue",
    "fkp": "sue",
    "mup": "sue",
}


def legal_kinds(forms: frozenset[str]) -> frozenset[str]:
    """The kinds of a name's canonical legal forms (jsc for OJSC, PJSC; llc for Ltd)."""
    return frozenset(_KINDS.get(f, f) for f in forms)


# Abbreviations that stand for several words: Russian NK is neftyanaya kompaniya, oil company;
# a bank's legal form says it is a bank (AKB, aktsionerny kommercheskiy bank; JSCB, a
# joint-stock commercial bank, as rigour writes "Joint-Stock Bank"), which a rendering that
# spells the form out or leaves it off writes as a word of the name (Bank Rossiya).
_EXPANSIONS = {
    "nk": ("oil", "company"),
    "neftyanaya": ("oil",),
    "neftianaia": ("oil",),
    "akb": ("akb", "bank"),
    "jscb": ("jscb", "bank"),
    "cjscb": ("cjscb", "bank"),
    "ojscb": ("ojscb", "bank"),
}


# English "in" between two words of a name ("Honor Bank in Belarus", "Movement in Somalia"),
# which rigour's table reads as the abbreviation Inc.
_IN = re.compile(r"(?i)(?<=\S)\s+in\s+(?=\S)")


def legal_forms_compared(text: str) -> str:
    """rigour's legal forms written as compared (replace_org_types_compare), but the English
    connecting word "in" inside a name left as it is: Honor Bank in Belarus is no Inc."""
    if "in" not in case_alike(text).split():  # no word "in": nothing for _IN to split at
        return replace_org_types_compare(text)
    return " in ".join(replace_org_types_compare(part) for part in _IN.split(text))


@lru_cache(maxsize=2048)
def canonical_org(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words of an organisation name with legal forms canonical, and which words those are."""
    replaced = legal_forms_compared(text)
    forms = frozenset(normalize(c) for _, c in extract_org_types(text))
    words = tuple(
        e
        for w in map(_ascii, normalize(replaced).split())
        if w
        for e in _EXPANSIONS.get(w, (_EQUIVALENT.get(w, w),))
    )
    forms = frozenset(_EQUIVALENT.get(w, w) for w in map(_ascii, forms))
    return words, frozenset(w for w in words if w in forms)


def _ascii(word: str) -> str:
    """A word in Latin letters: rigour writes some legal forms in their own script (the
    Belarusian AAT as ААТ)."""
    if word.isascii():
        return word
    from watchlist.names.translit import romanise

    found = romanise(word, whole=False)
    return "".join(found[0].tokens) if found else ""


# Legal forms spelt out in Russian, Ukrainian and Kazakh, as romanised by any system (BGN
# splits "otvet-stvennostyu", ISO 9 writes "obsestvo"), which rigour's table only knows in
# one spelling: (pattern over the space-joined words, canonical form).
_AO = r"ak[tc]\w{0,3}ion\w*"
_OBSHCHESTVO = r"ob\w{0,4}est\w{0,3}o"
_TOVARYSTVO = r"tovar[iy]\w*"
_SPELLED_OUT = [
    (rf"\b{_OBSHCHESTVO} s ogran\w* otvet ?\w*", "llc"),
    (rf"\b{_TOVARYSTVO} [sz] (?:ogran|obmez)\w* (?:otvet|vidpov)\w*", "llc"),
    (rf"\bzakryt\w* (?:{_AO} {_OBSHCHESTVO}|ao|jsc)\b", "cjsc"),
    (rf"\botkryt\w* (?:{_AO} {_OBSHCHESTVO}|ao|jsc)\b", "ojsc"),
    (
        rf"\b(?:publi(?:ch|c|č)n|pryvatn|privatn)\w* "
        rf"(?:{_AO} (?:{_OBSHCHESTVO}|{_TOVARYSTVO})|ao|jsc)\b",
        "pjsc",
    ),
    (r"\b(?:ao|jsc) zakryt\w* tip\w*", "cjsc"),
    (r"\b(?:ao|jsc) otkryt\w* tip\w*", "ojsc"),
    (rf"\b{_AO} (?:{_OBSHCHESTVO}|{_TOVARYSTVO})", "jsc"),
    # A joint-stock company as some renderings write it, without "joint" (Svetlana
    # Semiconductors Stock Company); rigour's table has read "joint stock company" before.
    (r"\b(?<!joint )stock (?:company|co)\b", "jsc"),
    (r"\bfederaln\w* (?:gosudarstvenn\w* unitarn\w* predpr\w*|gup|sue)\b", "fsue"),
    (r"\bgosudarstvenn\w* unitarn\w* predpr\w*", "sue"),
    (r"\bfederaln\w* kazenn\w* predpr\w*", "fkp"),
    (r"\bavtonomn\w* nekommerch\w* organiz\w*", "ano"),
    # Federal state budgetary (autonomous, treasury) institution (of science): FGBU(N).
    (
        r"\bfederaln\w* gosudarstvenn\w* (?:b\w{0,2}d\w{0,2}etn|avtonomn|kazenn)\w* "
        r"(?:nauchn\w* |obrazovateln\w* )?uc\w?re\w*(?: nauki)?",
        "fgbu",
    ),
    # The same legal forms spelt out in the other languages of the lists' translations, as
    # written without diacritics (rigour's table knows some only with them, others not).
    (r"\b(?:publi\w*|julkinen|viesoji|nyilvanosan mukodo) (?:jsc|ao|as|sa)\b", "pjsc"),
    (r"\b(?:zartkoruen mukodo|uzdaroji) (?:jsc|ao|as|sa)\b", "cjsc"),
    (
        r"\b(?:piiratud vastutusega ariuhing|sabiedriba (?:ar )?ierobezotu atbildibu"
        r"|druzba z omejeno odgovornostjo|drustvo s(?:a)? ogranicenom odgovornoscu"
        r"|druzhestvo s ogranichena otgovornost|societate\w* cu raspundere limitata"
        r"|spolka z ograniczona odpowiedzialnoscia|spol[eo]cnost s rucenim (?:omezenym|obmedzenym)"
        r"|korlatolt felelossegu tarsasag|sociedad(?:e)? (?:de responsabilidad )?(?:limitada|ltd)"
        r"|societe a responsabilite limitee|societa a responsabilita limitata"
        r"|gesellschaft mit beschrankter haftung|besloten vennootschap|anpartsselskab"
        r"|cuideachta faoi dhliteanas teoranta|kumpannija b ?responsabbilta limitata"
        r"|limited sirketi|osauhing)\b",
        "llc",
    ),
    # Irish designated activity company (DAC), a private company limited by shares.
    (r"\bdesignated activity (?:company|co)\b", "dac"),
    (
        r"\b(?:akcine bendrove|delniska druzba|cuideachta chomhstoic|akciju sabiedriba"
        r"|etair[ei]*a kata metoches|anonym[ie] etair[ei]*a|aktsionerno druzhestvo"
        r"|dionicko drustvo|akcionarsko drustvo|societatea pe actiuni|spolka akcyjna"
        r"|akciova spol[eo]cnost|reszvenytarsasag|sociedad(?:e)? anonima|societe anonyme"
        r"|societa per azioni|naamloze vennootschap|aktiengesellschaft|aktiebolag(?:et)?"
        r"|aktieselskab|aktsiaselts|osakeyhtio|anonim sirketi|kumpannija pubblika)\b",
        "jsc",
    ),
]
_SPELLED_OUT_RE = [(re.compile(p), form) for p, form in _SPELLED_OUT]
#: Any of them, in one expression: a name none of them matches (nearly every name) is left
#: as it is after one search, not the forty substitutions of two passes.
_ANY_SPELLED_OUT = re.compile("|".join(f"(?:{p})" for p, _ in _SPELLED_OUT))


def collapse_spelled_out(text: str) -> str:
    """Romanised words of a spelt-out Russian or Ukrainian legal form as its abbreviation."""
    if _ANY_SPELLED_OUT.search(text) is None:
        return text
    for _ in range(2):  # "aktsionernoe obshchestvo zakrytogo tipa": jsc, then cjsc
        for pattern, form in _SPELLED_OUT_RE:
            text = pattern.sub(form, text)
    return text


_SEP = r"[\s\-‐–]+"
# Russian state enterprises' and institutions' legal forms in English, as the lists and their
# translators write them, to their Russian abbreviations before rigour's table reads the
# name: rigour knows some of them whole (Federal State Unitary Enterprise) and a part of
# others (State Enterprise of Federal State Enterprise), so without this one name's
# renderings lose different words.
_STATE_FORMS = [
    (rf"\bfederal{_SEP}state{_SEP}(?:owned{_SEP})?unitary{_SEP}enterprise\b", "FSUE"),
    (rf"\bstate{_SEP}(?:owned{_SEP})?unitary{_SEP}enterprise\b", "SUE"),
    (rf"\bmunicipal{_SEP}unitary{_SEP}enterprise\b", "MUP"),
    (rf"\bfederal{_SEP}(?:state|treasury|government){_SEP}(?:owned{_SEP})?enterprise\b", "FKP"),
    (
        rf"\bfederal{_SEP}state{_SEP}(?:(?:budgetary|budget|financed|autonomous|treasury){_SEP})?"
        rf"(?:(?:scientific|educational){_SEP})?institution"
        rf"(?:{_SEP}of{_SEP}(?:higher{_SEP}(?:professional{_SEP})?education|science))?\b",
        "FGBU",
    ),
    (rf"\bstate{_SEP}(?:owned{_SEP})?enterprise\b", "SUE"),
]
_STATE_FORMS_RE = [(re.compile(p, re.IGNORECASE), form) for p, form in _STATE_FORMS]


def state_forms(text: str) -> str:
    """Russian state enterprises' and institutions' legal forms written in English as their
    abbreviations (Federal State Unitary Enterprise: FSUE; State-Owned Enterprise: SUE;
    Federal State Enterprise: FKP; Federal State Budgetary Institution of Science: FGBU)."""
    # Each expression ends in one of these words: a name with neither (nearly every name) is
    # left as it is without six searches.
    low = case_alike(text)
    if "enterprise" not in low and "institution" not in low:
        return text
    for pattern, form in _STATE_FORMS_RE:
        text = pattern.sub(form, text)
    return text
