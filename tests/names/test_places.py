"""Countries in organisation names, one spelling each (names/places.py)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rigour._core import territories_jsonl
from rigour.data import iter_jsonl_text

from watchlist.names import places
from watchlist.names.forms import initials_of, joined_names, name_forms, query_parts, undedicated
from watchlist.names.normalize import normalize
from watchlist.names.orgterms import place
from watchlist.names.places import (
    _words,
    build_territories,
    countries,
    country_phrases,
    country_word,
    territory_lines,
)


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("russia", "russia", "the country's own name"),
        ("rossiya", "russia", "its name in Russian, romanised"),
        ("rosja", "russia", "its name in Polish"),
        ("russian", "russia", "its adjective"),
        ("rossiyskiy", "russia", "its Russian adjective, romanised"),
        ("rossijskij", "russia", "the same adjective in ISO 9"),
        ("siria", "syria", "Spanish for Syria"),
        ("sirijas", "syria", "Latvian, genitive"),
        ("syrian", "syria", "an adjective: -an off, the -a of the name back"),
        ("egyptian", "egypt", "an adjective: -ian off"),
        ("chinese", "china", "an adjective: -ese off, -a back"),
        ("burma", "myanmar", "another name of one country"),
        ("myanma", "myanmar", "the adjective lists use"),
        ("island", None, "a common word that is Iceland in Icelandic stays a word"),
        ("roman", None, "a given name whose stem is a city, not a country"),
        ("kenan", None, "a stem of three letters is read as nothing"),
        ("atlantic", None, "not a country's adjective"),
        ("sberbank", None, "no place at all"),
        ("palastinensischer", "palestine", "German: the name's stem and an ending of any length"),
        ("palestinsky", "palestine", "Slovak: the name's stem and -sky"),
        ("palestiniesu", "palestine", "Latvian genitive plural"),
        ("palestiina", "palestine", "Estonian, once folded (ii as i)"),
        ("palestinos", "palestine", "Spanish plural, Lithuanian genitive"),
        ("colombo", None, "a city whose letters begin a country's name: Colomb is too short"),
        ("deutsche", None, "only a name ending in a vowel gives a stem (Deutsch does not)"),
        ("belaruskali", None, "a country's stem and another word is a company's own name"),
        ("belarusbank", None, "the same: Belarusbank is a bank's name, not Belarus"),
        ("marokkaanse", "morocco", "Dutch: -aanse off, the -o of Marokko back"),
        ("iraans", "iran", "Dutch: -aans off"),
        ("marocain", "morocco", "French: -ain off (Maroc)"),
        ("syrienne", "syria", "French: -enne off, the -a back"),
        ("libanais", "lebanon", "French: -ais off (Liban)"),
        ("chinois", "china", "French: -ois off, the -a back"),
        ("francois", None, "a given name, not France's adjective"),
        ("palaestinensisk", "palestine", "Danish: ae (æ) where other languages write e"),
        ("syryjskie", "syria", "Polish -yjskie: the -ia of Syria back, a stem of three"),
        ("rosyjski", "russia", "Polish -yjski: the -ja of Rosja back"),
        ("izraelskie", "israel", "Polish -skie"),
        ("iranskiego", "iran", "Polish genitive -skiego"),
        ("iranskata", "iran", "Bulgarian with its article, -skata"),
        ("siriyska", "syria", "Bulgarian -yska, the -a of Siria back"),
        ("bulgarskiya", "bulgaria", "Bulgarian -skiya"),
        ("polskie", None, "a stem of three letters is read only before -yjski"),
    ],
)
def test_country_word(word: str, expected: str | None, reason: str) -> None:
    assert country_word(word) == expected, reason


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14))
def test_a_country_word_is_its_own_spelling(word: str) -> None:
    found = country_word(word)
    assert found is None or (country_word(found) == found and found in countries()[1].values())


def test_a_country_is_a_place_and_spelt_one_way_in_a_name() -> None:
    assert place("rossiya") and place("syrian")
    assert name_forms("Bank of Russia", True)[0].tokens == ("bank", "of", "russia")
    assert name_forms("Bank Rossiya", True)[0].tokens == ("bank", "russia")


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("AO NPP Istok im. Shokina", ["AO NPP Istok"], "Russian im., to the end"),
        ("JSC Hydromash named after V.I. Luzyanin", ["JSC Hydromash"], "English named after"),
        (
            "KAZ im. S.P. Gorbunova – branch of PJSC Tupolev",
            ["KAZ – branch of PJSC Tupolev"],
            "to a dash",
        ),
        ("Завод имени Свердлова", [], "nothing of the name's own left: plant"),
        ("Rosneft Oil Company", [], "named after nothing"),
        ("Timber named Ltd", [], "named alone is a word"),
        (
            "A. I. Sokinról elnevezett Istok Rt.",
            ["Istok Rt."],
            "Hungarian: what it is named after comes first, in -ról, then elnevezett",
        ),
        ("'Sokinról elnevezett' Istok", ["' ' Istok"], "from a quote"),
    ],
)
def test_undedicated(name: str, expected: list[str], reason: str) -> None:
    assert undedicated(name) == expected, reason


# Letters of the dedications' words in either case, and others.
_DEDICATED_TEXT = st.text(
    alphabet=st.sampled_from("namedNAMEDimeIMEİı.имениИМЕНІімен elnvztELNVZTról\"'«(x"),
    max_size=30,
)


@given(_DEDICATED_TEXT)
@example("İMENI x")
@example("Zavod IMENI Lenina")
@example("ЗАВОД ІМЕНІ Шевченка")
@example("A Sokinról ELNEVEZETT Istok")
def test_dedications_are_searched_only_where_they_may_be(name: str) -> None:
    # undedicated searches its expressions only if a word of theirs may be in the name
    # (forms._may_be_dedicated): never where they would have matched.
    from watchlist.names.forms import _DEDICATION, _DEDICATION_BEFORE, _may_be_dedicated

    if _DEDICATION.search(name) or _DEDICATION_BEFORE.search(name):
        assert _may_be_dedicated(name)


# Letters of the joining words in either case, and others.
_JOINED_TEXT = st.text(
    alphabet=st.sampled_from("akfAKF.: &\u00a0\tandANDormelyOREMLYsoSOſbrchBRCHиИтаТАᲄᲅфлФЛіяІЯx"),
    max_size=30,
)


@given(_JOINED_TEXT)
@example("Bank A.K.A Other")
@example("Foo ſormerly Bar")
@example("X ᲄа Y")
@example("A\u00a0AND\u00a0B")
@example("Завод И Фабрика")
@example("BRANCH OF Bank")
def test_joined_names_searched_only_where_they_may_be(name: str) -> None:
    # joined_names searches its expressions only if a word of theirs may be in the name
    # (forms._may_join): never where one would have matched.
    from watchlist.names import forms

    patterns = (forms._LANGUAGE_LABEL, forms._ALSO, forms._AND, forms._BRANCH_OF)
    if any(p.search(name) for p in patterns):
        assert forms._may_join(name)


@given(st.text(max_size=40))
def test_undedicated_is_shorter_and_final(name: str) -> None:
    for rest in undedicated(name):
        assert len(rest) < len(name)
        assert undedicated(rest) == []


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("Petroiran Development Co (PEDCO)", ["Petroiran Development Co", "PEDCO"], "pe-d-co"),
        ("Foreign Trade Bank (FTB)", ["Foreign Trade Bank", "FTB"], "one letter a word"),
        ("Egyptian Kuwait Holding (EGP)", ["Egyptian Kuwait Holding"], "a currency, no acronym"),
        ("Air Force, IRGC (Pasdaran)", ["Air Force, IRGC", "Pasdaran"], "a word, not a code"),
        ("Bank of China (Hong Kong)", [], "a place in parentheses: neither"),
    ],
)
def test_query_parts(name: str, expected: list[str], reason: str) -> None:
    assert query_parts(name) == expected, reason


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        (
            "Gulf Bank Company Limited Arabic: بنك الخليج",
            ["Gulf Bank Company Limited", "بنك الخليج"],
            "a label naming a language: the same name in it",
        ),
        (
            "GSK Advance Co. Ltd. and GSK for Advanced Business Co. Ltd.",
            ["GSK Advance Co. Ltd.", "GSK for Advanced Business Co. Ltd."],
            "and after a legal form: two whole names",
        ),
        ("National Helicopter Center Mil and Kamov JSC", [], "and inside one name"),
        ("Sepanir Oil & Gas Energy Eng. Co.", [], "& inside one name"),
        ("Bank of America Corp and Subsidiaries", [], "and one word after a legal form"),
        (
            "Комітет порятунку за мир та порядок and Комитет спасения за мир и порядок",
            ["Комітет порятунку за мир та порядок", "Комитет спасения за мир и порядок"],
            "a Latin and between two names in another script",
        ),
        (
            "KAZ im. S.P. Gorbunova – Branch of PJSC Tupolev",
            ["PJSC Tupolev", "KAZ im. S.P. Gorbunova"],
            "a branch names its body: the body to the end, the branch before the dash",
        ),
        (
            "Branch of PJSC Tupolev – Kazan Aviation Plant",
            ["PJSC Tupolev", "Kazan Aviation Plant"],
            "the body first, to a dash",
        ),
        (
            "Puilaetco Branch of Quintet Private Bank SA",
            ["Quintet Private Bank SA", "Puilaetco"],
            "no dash",
        ),
        (
            "Citibank Europe plc, Austria Branch",
            [],
            "a branch named by its place only: no body named",
        ),
        (
            "Saudi British Bank, The (formerly Alawwal Bank)",
            ["Saudi British Bank, The", "Alawwal Bank"],
            "formerly: another name of the same body",
        ),
        ("Volksbank Neuss -alt-", [], "a remark is no second name"),
        ("Rosneft Oil Company", [], "one name"),
    ],
)
def test_joined_names(name: str, expected: list[str], reason: str) -> None:
    assert joined_names(name) == expected, reason


def test_query_parts_take_joined_names_too() -> None:
    assert query_parts("LMZ – Branch of PJSC ODK-UMPO") == ["PJSC ODK-UMPO", "LMZ"]


@given(st.text(max_size=40))
def test_joined_names_are_shorter(name: str) -> None:
    for part in joined_names(name):
        assert len(part) < len(name) and part.strip() == part


@given(st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=6), min_size=1, max_size=5))
def test_initials_spell_their_acronym(words: list[str]) -> None:
    assert initials_of("".join(w[0] for w in words), words)
    assert initials_of(words[0], words)
    assert not initials_of("z" + words[0], words)


def words_letter_by_letter(name: str) -> list[str]:
    """places._words as it was: every name normalised letter by letter."""
    name = unicodedata.normalize("NFKD", normalize(name.split("(")[0]))
    return "".join(c for c in name if c == " " or (c.isascii() and c.isalpha())).split()


# (name, why its words are worth checking)
WORDS = [
    ("Россия", "Cyrillic: no letters kept, skipped before normalising"),
    ("中华人民共和国", "Han: skipped"),
    ("Côte d’Ivoire", "accents decomposed, the apostrophe joins"),
    ("ＲＯＳＳＩＡ", "fullwidth letters, which NFKC makes ASCII"),
    ("Straße", "ß case-folds to ss"),
    ("ß", "a name whose only letters to keep are those of a case fold"),
    ("ﬁnland", "a ligature, which NFKC parts"),
    ("\u212aorea", "the Kelvin sign, a K once folded"),
    ("Россия (Russia)", "a parenthesised remark is left out"),
    ("Cote d'Ivoire", "ASCII, read in one pass: the apostrophe joins"),
    ("Korea_North-2nd\tRep.", "ASCII: digits go, underscore, hyphen, tab and dot part words"),
    ("`A` 1", "ASCII: backticks join, a lone digit leaves nothing"),
]  # fmt: skip


def test_words_of_names_in_any_script() -> None:
    for name, why in WORDS:
        assert _words(name) == words_letter_by_letter(name), why


@given(st.text())
def test_words_are_those_normalising_letter_by_letter_finds(name: str) -> None:
    assert _words(name) == words_letter_by_letter(name)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_words_of_ascii_names_are_those_normalising_letter_by_letter_finds(name: str) -> None:
    assert _words(name) == words_letter_by_letter(name)


def test_words_of_every_name_of_the_territory_table() -> None:
    for row in iter_jsonl_text(territories_jsonl()):
        for name in [row["name"], *row.get("names_strong", []), *row.get("names_weak", [])]:
            assert _words(name) == words_letter_by_letter(name), name


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        (
            "Islamic Republic of Iran Ministry of Petroleum",
            ("iran", "ministry", "of", "oil"),
            "full",
        ),
        (
            "Central Bank of the Russian Federation",
            ("central", "bank", "of", "the", "russia"),
            "fn",
        ),
        ("Syrian Arab Republic Oil Co", ("syria", "oil", "co"), "the full name first in a name"),
        ("Republic Bank", ("repu", "bank"), "a word of a country's full name alone is a word"),
    ],
)
def test_a_country_named_in_several_words_is_the_country(
    name: str, expected: tuple[str, ...], reason: str
) -> None:
    assert name_forms(name, True)[0].tokens == expected, reason


def test_country_phrases_are_of_several_words_and_spelt_as_countries() -> None:
    spellings = set(countries()[1].values())
    assert country_phrases()[("russian", "federation")] == "russia"
    assert all(len(words) > 1 for words in country_phrases())
    assert set(country_phrases().values()) <= spellings


def test_the_shipped_territory_table_is_current() -> None:
    built = build_territories()
    shipped = places._territories()
    # In the same order too: country_stems walks the names in it.
    assert [list(t.items()) for t in shipped] == [list(t.items()) for t in built], (
        "rigour's territory table or places' reading of it changed: run "
        "python scripts/territory_words.py src/watchlist/data/names/territory_words.tsv"
    )
    assert territory_lines(shipped) == territory_lines(built)


# Letters of the words of the qualifier, of the state enterprises' legal forms and of "in",
# in either case and the letters an expression ignoring case takes for theirs, and others.
_ORG_TEXT = st.text(
    alphabet=st.sampled_from(
        "soSOcalledCALLEDſ-такназываемТАКНАЗЫВАЕМᲄᲅᲀ enterpriseINSTITUTIONİı\t\u00a0x"
    ),
    max_size=30,
)


@given(_ORG_TEXT)
@example("So-CALLED Republic")
@example("ТАК НАЗЫВАЕМАЯ республика")
@example("ᲄак называемая x")
@example("Federal State Unitary Enterpriſe")
@example("State İnstitution")
@example("Bank İN Belarus")
@example("Bank\u00a0in\tBelarus")
def test_organisation_expressions_searched_only_where_they_may_be(text: str) -> None:
    # name_forms, state_forms and legal_forms_compared search their expressions only if a
    # word of theirs is in the text as case_alike writes it: never where one would match.
    from watchlist.names import forms, orgs
    from watchlist.names.normalize import case_alike

    low = case_alike(text)
    if forms._SO_CALLED.search(text):
        assert "called" in low or "называем" in low
    if any(pattern.search(text) for pattern, _ in orgs._STATE_FORMS_RE):
        assert "enterprise" in low or "institution" in low
    if orgs._IN.search(text):
        assert "in" in low.split()
