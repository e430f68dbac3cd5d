"""Arabic-script names written without a space before an article (بشارالاسد) read apart."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from watchlist.names.forms import latin_article_apart, name_forms
from watchlist.names.translit import article_apart


@pytest.mark.parametrize(
    ("word", "expected", "reason"),
    [
        ("بشارالاسد", ["بشار", "الاسد"], "Bashar al-Assad written as one word"),
        ("جلالالدين", ["جلال", "الدين"], "the article after a word that has its own"),
        ("نورالدين", ["نور", "الدين"], "Nur al-Din"),
        ("ابوالفضل", ["ابوالفضل"], "Abu, a compound's head: the reading splits it (Abolfazl)"),
        ("عبدالله", ["عبدالله"], "Abd, another: Abdullah is one name"),
        ("جلال", ["جلال"], "the letters alif lam inside one name (Jalal)"),
        ("اقبال", ["اقبال"], "nor at its end (Iqbal)"),
        ("Alalalal", ["Alalalal"], "a word in another script"),
    ],
)
def test_article_apart(word: str, expected: list[str], reason: str) -> None:
    assert article_apart(word) == expected, reason


@given(st.text(alphabet="ابلسدنورجهمي", max_size=16))
# A second article two letters after the first: the part between them was no word (الا).
@example("اااالاالاا")
def test_the_same_letters_each_part_after_the_first_an_article(word: str) -> None:
    parts = article_apart(word)
    assert "".join(parts) == word
    assert all(p.startswith("ال") and len(p) >= 4 for p in parts[1:])
    assert all(len(p) >= 3 for p in parts[:-1])


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("Alsolag Mining Company", ("solag", "mining", "co"), "the article joined in Latin"),
        ("Alkhaleej Bank Co Ltd", ("khaleej", "bank", "coltd"), "before kh"),
        ("Alrosa", None, "four letters left: a Latin word keeps its first letters"),
        ("Algeria Bank", None, "a country stays"),
        ("Alliance Bank", None, "a generic word stays"),
        ("Alexander Bank", None, "a vowel after al: no article"),
        ("Albert Bank", None, "four letters left (bert): a Latin name keeps them"),
        ("Elbella", None, "el is not read: Spanish, Italian names (Elbella, Elsewedy)"),
    ],
)
def test_latin_article_apart(name: str, expected: tuple[str, ...] | None, reason: str) -> None:
    found = latin_article_apart(name_forms(name, True)[0])
    assert (found.tokens if found else None) == expected, reason


def test_a_name_with_the_article_joined_is_also_spelt_without_it() -> None:
    tokens = [f.tokens for f in name_forms("ALSOLAGE", True)]
    assert tokens == [("alsolage",), ("solage",)]
    assert [f.tokens for f in name_forms("Al-Solage", True)] == [("solage",)]
