"""Generic words, legal forms and numbers of organisation and vessel names (names/orgterms)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.concepts import concepts
from watchlist.names.forms import name_forms
from watchlist.names.orgterms import (
    COMPOUND_HEAD,
    LEGAL,
    STOP,
    compound,
    concept,
    domain,
    org_terms,
    place_phrase,
)


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("bank", "bank", "English generic word"),
        ("banque", "bank", "French: one concept with the English"),
        ("банк", "bank", "Cyrillic: one concept with the English"),
        ("groupe", "grp", "French group"),
        ("gruppe", "grp", "German group, not in rigour's table"),
        ("zavod", "factory", "Russian factory is a plant"),
        ("plant", "factory", "English plant is a factory"),
        ("sherkat", "co", "Persian company, romanised"),
        ("llc", LEGAL, "legal form"),
        ("akb", LEGAL, "Russian joint-stock commercial bank abbreviation"),
        ("fsue", LEGAL, "federal state unitary enterprise"),
        ("of", STOP, "connecting word"),
        ("van", STOP, "Dutch of, which rigour's list lacks"),
        ("tal", STOP, "Maltese of the"),
        ("fur", STOP, "German für without its mark, as a Latin name's words are read"),
        ("si", STOP, "Romanian și without its mark"),
        ("gihad", "jihad", "Maltese Ġiħad"),
        ("banc", "bank", "Romanian bank"),
        ("sberbank", None, "a distinctive word is nobody's concept"),
        ("rosneft", None, "a distinctive word is nobody's concept"),
        ("44", None, "digits are themselves"),
        ("yeh", STOP, "the Persian ezafe romanised apart (Mojtame' yeh San'ati)"),
        ("manufacture", "manufacturing", "the noun meets rigour's manufacturing"),
    ],
)
def test_concept(word: str, expected: str | None, reason: str) -> None:
    assert concept(word) == expected, reason


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Machine-Building Plant Forty-Four", ("machinebuilding", "factory", "44"), "a phrase"),
        ("Plant No. 44", ("factory", "44"), "No. 44 is 44"),
        ("Hero II", ("hero", "2"), "Roman numeral of two letters or more"),
        ("A.B.C. Company", ("abc", "co"), "letters written apart are one word"),
        ("Oboronnye Initsiativy o.O.O.", ("oboronnye", "initsiativy", "llc"), "dotted OOO"),
        ("Brigade Forty 4", ("brigade", "44"), "tens and units written apart"),
        ("Samma2", ("samma", "2"), "hull number apart from the name"),
        ("M/V Glory Star", ("glory", "star"), "M/V is no part of a vessel's name"),
        ("Groupe Abu Sayyaf", ("grp", "abu", "sayyaf"), "translated generic word"),
        ("Сорок четыре завод", ("44", "factory"), "Cyrillic number words"),
        ("Akcinė bendrovė „Istok“", ("jsc", "istok"), "Lithuanian joint-stock company"),
        ("Piiratud vastutusega äriühing Istok", ("llc", "istok"), "Estonian LLC, spelt out"),
        ("Delniška družba Istok", ("jsc", "istok"), "Slovenian joint-stock company"),
        ("Cuideachta chomhstoic Istok", ("jsc", "istok"), "Irish joint-stock company"),
        ("Εταιρία κατά μετοχές Istok", ("jsc", "istok"), "Greek, romanised first"),
        ("SABIEDRIBA AR IEROBEZOTU ATBILDIBU ISTOK", ("llc", "istok"), "Latvian without marks"),
        ("Viešoji akcinė bendrovė Istok", ("pjsc", "istok"), "public joint-stock, Lithuanian"),
        ("Sociedad limitada Istok", ("llc", "istok"), "Spanish, one word already ltd"),
        ("Tejarat Bank PJS", ("trade", "bank", "pjsc"), "PJS is how Iranian firms write PJSC"),
        ("ЖШС Исток", ("zhshs", "istok"), "Kazakh LLP abbreviation"),
        ("Liu Trading", ("liu", "trade"), "a romanised Chinese numeral is a name syllable"),
        ("San Miguel", ("san", "miguel"), "Japanese san, Chinese three: a name here"),
        ("Bank St. Petersburg", ("bank", "saint", "petersburg"), "St. is Saint"),
        ("Acme Europe Designated Activity Company", ("acme", "europe", "dac"), "Irish DAC"),
        ("Radiozavod JSC", ("radio", "factory", "jsc"), "a word ending in a generic one"),
        ("Kalasjnikovkoncernen", ("kalasjnikov", "concern"), "a Swedish compound, concern apart"),
        ("Termelővállalat Istok", ("production", "enterprise", "istok"), "Hungarian compound"),
        ("Sberbank", ("sberbank",), "bank is too short an ending to part a word"),
        ("Dalzavod", ("dalzavod",), "a first part of three letters is no word of its own"),
        ("Azia Shipping Company", ("asia", "shipping", "co"), "Asia romanised from Russian"),
        ("Europäische Handelsbank", ("europe", "bank"), "European in German: a place"),
        ("АКБ Пересвет", ("akb", "bank", "peresvet"), "AKB, a joint-stock commercial bank"),
        ("Joint-Stock Bank Rossiya", ("jscb", "bank", "russia"), "a bank's legal form: a bank"),
        ("ООО Евразия", ("llc", "eurasia"), "Eurasia romanised from Russian: the region"),
        ("State-Owned Unitary Enterprise Chernomorneftegaz", ("sue", "chernomorneftegaz"), "SUE"),
        ("Federal State Unitary Enterprise Istok", ("fsue", "istok"), "rigour drops it whole"),
        ("FGUP Istok", ("fsue", "istok"), "FGUP is FSUE in Russian letters"),
        ("Federal State Enterprise Istok", ("fkp", "istok"), "rigour drops State Enterprise"),
        ("Sverdlov State Enterprise", ("sverdlov", "sue"), "a state enterprise"),
        (
            "Федеральное государственное бюджетное учреждение науки Институт спектроскопии",
            ("institute", "spektroskopii"),
            "FGBU spelt out in Russian, dropped as rigour drops FGBU",
        ),
        ("Champions of Jerusalem", ("supporter", "of", "jerusalem"), "Ansar translated"),
        ("Брянский химический завод", ("bryanskiy", "chemical", "factory"), "Russian chemical"),
        (
            "Bolkhovskii Zavod Poluprovodnikovykh Priborov",
            ("bolkhovskii", "factory", "semiconductor", "instrument"),
            "Russian lines of business as the English rendering's",
        ),
        ("Semiconductor Devices Plant", ("semiconductor", "instrument", "factory"), "devices"),
        ("Aircraft Repair Plant", ("aviation", "repair", "factory"), "aircraft is aviation"),
        ("Kazan Powder Plant", ("kazan", "powder", "factory"), "porokhovoi's concept"),
        (
            "Svetlana Semiconductors Stock Company",
            ("svetlana", "semiconductor", "jsc"),
            "a stock company, without joint, is a joint-stock company",
        ),
        ("Svetlana Poluprovodniki", ("svetlana", "semiconductor"), "Russian, nominative plural"),
        ("Honor Bank in Belarus", ("honor", "bank", "in", "belarus"), "in inside a name: no Inc"),
        ("Acme In", ("acme", "incorporated"), "In at the end is Inc, as rigour reads it"),
        ("So-called Lugansk People's Republic", ("lugansk", "peoples", "repu"), "a qualifier"),
        ("Так называемая Луганская республика", ("luganskaya", "repu"), "the same in Russian"),
    ],
)
def test_thing_name_forms(text: str, expected: tuple[str, ...], reason: str) -> None:
    assert name_forms(text, True)[0].tokens == expected, reason


def test_generic_and_legal_words_are_marked() -> None:
    terms = org_terms(("deutsche", "bank", "of", "ag"))
    assert terms.tokens == ("deutsche", "bank", "of", "ag")
    assert terms.legal == frozenset({"ag"})
    assert terms.generic == frozenset({"bank", "of"})


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=9),
    min_size=1,
    max_size=6,
)


@given(words)
def test_org_terms_keep_every_word_or_number(tokens: list[str]) -> None:
    terms = org_terms(tuple(tokens))
    assert 0 < len(terms.tokens) <= len(tokens)
    assert all(t.isascii() and t.isalnum() for t in terms.tokens)
    assert terms.legal | terms.generic <= set(terms.tokens)


@given(st.text(max_size=40))
def test_thing_forms_never_crash_and_are_ascii(text: str) -> None:
    for form in name_forms(text, True):
        assert form.thing
        assert all(t.isascii() and t for t in form.tokens)
        assert form.legal | form.generic <= set(form.tokens)


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("bank", True, "a line of business"),
        ("health", True, "a line of business"),
        ("investment", True, "a line of business, as its concept"),
        ("factory", True, "zavod and plant's concept"),
        ("shipping", True, "a line of business"),
        ("grp", False, "a kind of body, not a business"),
        ("co", False, "a kind of body"),
        ("trade", False, "trading says little of what a firm does"),
        ("cardinal", False, "a distinctive word"),
        ("iran", False, "a place"),
    ],
)
def test_domain(word: str, expected: bool, reason: str) -> None:
    assert domain(word) == expected, reason


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Hong Kong", True, "a place of two words"),
        ("Schweiz", True, "a country in its own language"),
        ("Singapore", True, "a city state"),
        ("PEDCO", False, "an acronym"),
        ("BK CO.", False, "an acronym and a generic word"),
        ("Iran Air Force Division", False, "more than a place"),
        ("Россия", True, "a country in Cyrillic, read in its romanisations"),
        ("Евразия", True, "a region in Cyrillic (the concept table's Yevraziya)"),
        ("Банк", False, "a generic word in Cyrillic"),
    ],
)
def test_place_phrase(text: str, expected: bool, reason: str) -> None:
    assert place_phrase(text) == expected, reason


def test_the_shipped_number_table_is_current() -> None:
    from watchlist.names.orgterms import build_number_phrases, number_phrases

    assert number_phrases() == build_number_phrases(), (
        "rigour's ordinals or the romaniser changed: run "
        "python scripts/number_phrases.py src/watchlist/data/names/number_phrases.tsv"
    )


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=16))
def test_a_compound_is_a_part_and_a_generic_word(token: str) -> None:
    parts = compound(token)
    if parts is not None:
        head, tail = parts
        assert token.startswith(head) and len(head) >= COMPOUND_HEAD
        assert concepts().words[token[len(head) :]] == tail


@given(
    st.sampled_from(["zavod", "koncernen", "vallalat", "kontsern"]),
    st.text("abcdefgh", min_size=4, max_size=8),
)
def test_a_word_and_a_generic_word_written_together_are_parted(tail: str, head: str) -> None:
    assert compound(head + tail) == (head, concepts().words[tail])
