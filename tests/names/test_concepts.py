"""The concept table: one concept for a generic word across languages (names/concepts.py)."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.concepts import (
    ORG_CONCEPTS,
    ConceptRow,
    build,
    concepts,
    read_rows,
    spellings,
)
from watchlist.names.forms import name_forms
from watchlist.names.orgterms import LEGAL, STOP, concept, domain, org_terms, place


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("mouvement", "movement", "French movement"),
        ("miscarea", "movement", "Romanian movement, marks dropped"),
        ("harakat", "movement", "Arabic movement, romanised"),
        ("dvizheniye", "movement", "Russian movement, romanised (BGN) as a query is"),
        ("islamski", "islamic", "Polish, Croatian, Slovene adjective"),
        ("iszlam", "islamic", "Hungarian"),
        ("dschihad", "jihad", "German spelling"),
        ("dzsihad", "jihad", "Hungarian spelling"),
        ("gardiens", "guard", "French guardians"),
        ("gvardijos", "guard", "Lithuanian"),
        ("revolucion", "revolutionary", "Spanish: rigour's concept of revolution"),
        ("enghelab", "revolutionary", "Persian, romanised"),
        ("jaysh", "army", "Arabic army"),
        ("jabhat", "front", "Arabic front"),
        ("hizb", "party", "Arabic party"),
        ("tanzim", "org", "Arabic organisation: rigour's concept of organization"),
        ("sazemane", "org", "Persian organisation"),
        ("kataib", "brigade", "Arabic brigades"),
        ("strijders", "fighter", "Dutch fighters"),
        ("mujahideen", "fighter", "Arabic fighters, as English writes it"),
        ("tineret", "youth", "Romanian youth"),
        ("shabaab", "youth", "Arabic youth"),
        ("fond", "fund", "Russian and Czech fund, romanised"),
        ("sunduq", "fund", "Arabic fund"),
        ("bonyad", "fdn", "Persian foundation"),
        ("komitet", "committee", "Polish, Russian committee"),
        ("ministerstvo", "ministry", "Czech, Russian ministry"),
        ("sicurezza", "security", "Italian security"),
        ("servizi", "service", "Italian services"),
        ("naftas", "oil", "Latvian oil"),
        ("istithmari", "investment", "Arabic investment"),
        ("sherkat", "co", "Persian company (from the former table in code)"),
        ("obedinenie", "grp", "Russian association (from the former table in code)"),
        ("csoport", "grp", "Hungarian group"),
        ("fejlesztesi", "dev", "Hungarian development: rigour's concept"),
        ("dezvoltare", "dev", "Romanian development"),
        ("intreprinderea", "enterprise", "Romanian enterprise"),
        ("przedsiebiorstwo", "enterprise", "Polish enterprise"),
        ("takhasosi", "special", "Persian specialised"),
        ("vostochnaya", "east", "Russian eastern, romanised"),
        ("eastern", "east", "the adjective is the direction"),
        ("obedinennaya", "united", "Russian united, romanised"),
        ("birzha", "exchange", "Russian exchange, romanised"),
        ("sepasad", None, "a coined word is nobody's concept"),
        ("rusich", None, "a name is nobody's concept"),
        ("db", "designbureau", "a design bureau's English acronym, the Russian KB"),
        ("rpc", "researchproduction", "research and production corporation, the Russian NPK"),
        ("sssr", "ussr", "the USSR romanised from Russian"),
        ("tarsasag", "co", "Hungarian company (tarsasag), marks dropped"),
        ("tudomanyos", "scientific", "Hungarian scientific: rigour's concept of the English"),
        ("viomichaniko", "industry", "Greek industrial, romanised"),
        ("synkrotima", "complex", "Greek complex, romanised"),
        ("akademika", "academician", "Russian genitive of a named-after title (imeni akademika)"),
        ("akademik", None, "the nominative names ships (Akademik Lazarev): left a word"),
        ("academ", "academician", "English abbreviation of the title"),
        ("tekhnicheskiy", "tech", "Russian technical, romanised: rigour's concept of the English"),
        ("tehnologiceskij", "tech", "Russian technological in ISO 9"),
        ("technical", "tech", "the English word, as rigour writes it"),
        ("named", "named", "English named (after), as Russian imeni"),
        ("stividornaya", "stevedoring", "Russian stevedoring, romanised"),
        ("stevedoring", "stevedoring", "the English word: one concept"),
        (
            "obshchestvennaya",
            "public",
            "Russian public, romanised: rigour's concept of the English",
        ),
        ("elektronnye", "electronic", "Russian electronic in ISO 9"),
        ("informatsionnyye", "information", "Russian information, romanised"),
        ("proizvodstvennyy", "production", "Russian production, each romanisation"),
        ("naucno", "research", "Russian research in ISO 9, as nauchno"),
    ],
)
def test_concept_across_languages(word: str, expected: str | None, reason: str) -> None:
    assert concept(word) == expected, reason


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Siły lotnicze IRGC", ("airforce", "irgc"), "Polish air force, a phrase"),
        ("IRGC Air Force", ("irgc", "airforce"), "English air force, the same concept"),
        ("Vzdušné síly IRGC", ("airforce", "irgc"), "Czech air force"),
        ("IRGC-luchtmacht", ("irgc", "airforce"), "Dutch air force, one word"),
        ("Военно-воздушные силы", ("airforce",), "Russian, romanised"),
        ("Rusich Task Force", ("rusich", "grp"), "a task force is a group"),
        ("Grupa zadaniowa Rusich", ("grp", "rusich"), "Polish task force"),
        ("OKB Mashinostroeniya", ("designbureau", "machinebuilding"), "Russian, romanised"),
        ("Design Bureau of Machine Building", ("designbureau", "of", "machinebuilding"), "en"),
        ("KB Priborostroeniya", ("kb", "instrumentmaking"), "instrument making, romanised"),
        ("Institute of Instrument Engineering", ("institute", "of", "instrumentmaking"), "en"),
        ("Институт приборостроения", ("institute", "instrumentmaking"), "Russian"),
        ("Радиотехнический институт", ("radio", "tech", "institute"), "a compound ends in tech"),
        ("Radiotechnical Institute", ("radio", "tech", "institute"), "the English compound too"),
        ("Plant named after Academician Mints", ("factory", "named", "academician", "mints"), "en"),
    ],
)
def test_phrases_are_one_concept(text: str, expected: tuple[str, ...], reason: str) -> None:
    assert name_forms(text, True)[0].tokens == expected, reason


def test_a_translation_meets_the_listing_word_for_word() -> None:
    listed = name_forms("Harakat al-Shabaab al-Mujaahidiin", True)[0]
    for text in ("Mișcarea de tineret Mujahidin", "Youth Movement of Fighters"):
        query = name_forms(text, True)[0]
        assert set(listed.tokens) <= set(query.tokens), text


def test_words_as_written_are_kept_beside_the_concepts() -> None:
    forms = name_forms("Siły lotnicze IRGC", True)
    assert ("sily", "lotnicze", "irgc") in [f.tokens for f in forms]
    assert "airforce" in forms[0].generic


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("transport", True, "a line of business in the table"),
        ("naftas", True, "a word of a line of business, as written"),
        ("movement", False, "a kind of body"),
        ("guard", False, "a kind of body"),
    ],
)
def test_domain_from_the_table(word: str, expected: bool, reason: str) -> None:
    assert domain(word) == expected, reason


def test_a_malformed_line_names_its_number() -> None:
    with pytest.raises(ValueError, match="line 3"):
        read_rows("# comment\nbank\tdomain\ten\tbank\nbank\tsomething\ten\tbanque\n")


def test_the_shipped_table_gives_each_word_one_concept() -> None:
    """A word under two concepts would keep the first silently: the table must not have one."""
    text = resources.files("watchlist.data").joinpath(ORG_CONCEPTS).read_text("utf-8")
    seen: dict[tuple[bool, tuple[str, ...]], str] = {}
    clashes = []
    for row in read_rows(text):
        for word in row.words:
            for abjad in (False, True):
                for tokens in spellings(word, abjad):
                    key = (abjad, tokens)
                    if seen.setdefault(key, row.concept) != row.concept:
                        clashes.append((tokens, seen[key], row.concept))
    assert not clashes


def test_build_keeps_phrases_apart_from_words() -> None:
    table = build([ConceptRow("airforce", "body", "en", ("air force", "luftwaffe"))])
    assert table.words == {"luftwaffe": "airforce"}
    assert table.phrases == {("air", "force"): "airforce"}
    assert table.longest == 2


table_words = st.sampled_from(sorted(concepts().words))
fillers = st.text(alphabet="bcdfghklmnprstvz", min_size=4, max_size=8)


@given(st.lists(st.tuples(table_words, fillers), min_size=1, max_size=4))
def test_org_terms_write_each_table_word_as_its_concept(pairs: list[tuple[str, str]]) -> None:
    """Table words among other words: each is written as its concept (a legal form or a
    connecting word stays as it is), every other word as itself, and `raw` keeps them all."""
    tokens = tuple(t for pair in pairs for t in pair)
    terms = org_terms(tokens)
    expected = tuple(t if concept(t) in (None, LEGAL, STOP) else concept(t) for t in tokens)
    assert terms.tokens == expected
    assert terms.raw == tokens


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("eastern", True, "a direction is a place: two that differ are another firm"),
        ("vostochnaya", True, "Russian eastern, romanised"),
        ("east", True, "the concept itself"),
        ("stevedoring", False, "a line of business, not a place"),
        ("global", False, "rigour tags it a place, but it names none"),
        ("sssr", True, "the USSR romanised from Russian"),
        ("pars", True, "Persia's own name, a region (Paravar Pars, Petro Pars): weighs as a place"),
        ("paravar", False, "the firm's own word"),
    ],
)
def test_directions_are_places(word: str, expected: bool, reason: str) -> None:
    assert place(word) == expected, reason


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("گروه صنعتی شهید همت", ("grp", "industry", "shhyd", "hmt"), "Persian group, industrial"),
        ("مجتمع صنعتي امين", ("complex", "industry", "amyn"), "Persian complex, Arabic letters"),
        ("بنك الخليج", ("bank", "khlyj"), "Arabic bank"),
        ("القابضة الشام دمشق", ("holding", "sham", "dmshq"), "Arabic holding, article off"),
        ("شركت حمل و نقل", ("co", "transport"), "a Persian phrase: transport"),
    ],
)
def test_arabic_and_persian_words_in_their_script(
    name: str, expected: tuple[str, ...], reason: str
) -> None:
    assert name_forms(name, True)[0].tokens == expected, reason


def test_abjad_words_are_read_only_in_names_written_in_an_abjad() -> None:
    """A consonant skeleton may be a Latin word's letters: BNK is an acronym, not a bank."""
    assert org_terms(("bnk", "holdings")).tokens == ("bnk", "holding")
    assert org_terms(("bnk", "khlyj"), abjad=True).tokens == ("bank", "khlyj")


abjad_words = st.sampled_from(sorted(concepts().abjad_words))


@given(st.lists(st.tuples(abjad_words, fillers), min_size=1, max_size=4))
def test_org_terms_write_each_abjad_word_as_its_concept(pairs: list[tuple[str, str]]) -> None:
    tokens = tuple(t for pair in pairs for t in pair)
    terms = org_terms(tokens, abjad=True)
    table = concepts().abjad_words
    assert all(terms.tokens[i] == table[t] for i, t in enumerate(tokens) if t in table)
    assert terms.raw == tokens
