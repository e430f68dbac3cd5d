"""A query without a schema, spelt both as a person's name and as an organisation's, finds each
listed name only in the spelling of its kind, and an organisation's or a vessel's name, if the
query reads as a person's, only when each of its words met a word of that name: names no
scoring could pass are no candidates (NameIndex.candidates: own_kind, whole)."""

from __future__ import annotations

import pytest

from watchlist.match.score import name_score
from watchlist.model.access import SYSTEM
from watchlist.model.entity import StoredEntity
from watchlist.screening import Query, Screener

NAMES = [
    ("Person", "Dennis Rivera"),
    ("Company", "La Riviera Trading"),
    ("Company", "Dennis Rivera Holding"),
    ("Vessel", "Rivera Star"),
    ("Person", "Martina Kovacs"),
    ("Company", "Kovacs Martina Logistics"),
    ("Company", "Martina Shipping"),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.build(
        [StoredEntity("list", f"E{n}", s, {"name": [name]}) for n, (s, name) in enumerate(NAMES)]
    )


def found(screener: Screener, query: Query, **flags: object) -> set[str]:
    """The listed names the index gives as candidates of the query, at a low bound."""
    prepared = screener.prepare(query)
    index = screener.index
    if flags.get("plain"):
        bounds = index.candidates(prepared.forms, prepared.weights, 0.3)
    else:
        bounds = index.candidates(prepared.forms, prepared.weights, 0.3, *screener.kinds(prepared))
    return {NAMES[int(index.entities[index.form_entity[f]].source_id[1:])][1] for f in bounds}


# (query, schema, a listed name, a candidate?, reason)
CASES = [
    ("Dennis Rivera", None, "Dennis Rivera", True, "a person's name meets a person's name"),
    (
        "Dennis Rivera",
        None,
        "Dennis Rivera Holding",
        True,
        "every word of a query that reads as a person's name met a word of the company's",
    ),
    (
        "Dennis Rivera",
        None,
        "La Riviera Trading",
        False,
        "a person who shares a word with a company is not it (Dennis met nothing of it)",
    ),
    ("Dennis Rivera", None, "Rivera Star", False, "nor a ship sharing one of the words"),
    ("Martina Kovacs", None, "Kovacs Martina Logistics", True, "word for word, in any order"),
    ("Martina Kovacs", None, "Martina Shipping", False, "one word of two is not the company"),
    (
        "Dennis Rivera",
        "Company",
        "La Riviera Trading",
        True,
        "a query said to be a company's name is no person's: likeness is left to scoring",
    ),
    (
        "Rivera Holding",
        None,
        "Dennis Rivera Holding",
        True,
        "a query with a generic word does not read as a person's name",
    ),
]


@pytest.mark.parametrize(("query", "schema", "listed", "candidate", "reason"), CASES)
def test_candidates_by_kind(
    screener: Screener, query: str, schema: str | None, listed: str, candidate: bool, reason: str
) -> None:
    assert (listed in found(screener, Query(query, schema=schema))) is candidate, reason


def test_the_names_left_out_were_candidates_before(screener: Screener) -> None:
    """The cases above test something: without the rules, the index gives those names."""
    plain = found(screener, Query("Dennis Rivera"), plain=True)
    assert {"La Riviera Trading", "Rivera Star"} <= plain
    assert "Martina Shipping" in found(screener, Query("Martina Kovacs"), plain=True)


def test_the_names_left_out_score_nothing(screener: Screener) -> None:
    """What the rules leave out, the full comparison gives no score either."""
    index = screener.index
    for query, listed in (
        ("Dennis Rivera", "La Riviera Trading"),
        ("Dennis Rivera", "Rivera Star"),
        ("Martina Kovacs", "Martina Shipping"),
    ):
        prepared = screener.prepare(Query(query))
        ent = next(e for e in range(len(NAMES)) if NAMES[e][1] == listed)
        forms = [
            (index.forms[f], index.form_weak[f], screener.form_weights(f))
            for f in range(len(index.forms))
            if index.form_entity[f] == ent
        ]
        assert name_score(prepared, forms).value == 0.0, (query, listed)
    assert screener.screen(Query("Dennis Rivera"), SYSTEM)


def test_a_spelling_as_an_organisation_finds_no_persons_name(screener: Screener) -> None:
    """A person's name meets a query without a schema in its spelling as a person's alone
    (match.score.form_score): its spelling as an organisation's, which weighs the words
    otherwise, finds none, though it would without the rule."""
    index = screener.index
    prepared = screener.prepare(Query("Dennis Rivera"))
    _, whole = screener.kinds(prepared)
    things = [k for k, form in enumerate(prepared.forms) if form.thing]
    assert things and len(things) < len(prepared.forms)  # spelt both ways

    def persons(own_kind: bool) -> set[str]:
        bounds = index.candidates(
            [prepared.forms[k] for k in things],
            [prepared.weights[k] for k in things],
            0.3,
            own_kind,
            [whole[k] for k in things],
        )
        ids = (
            index.entities[index.form_entity[f]].source_id
            for f in bounds
            if not index.form_thing[f]
        )
        return {NAMES[int(i[1:])][1] for i in ids}

    assert persons(own_kind=False) == {"Dennis Rivera"}
    assert persons(own_kind=True) == set()
    assert "Dennis Rivera" in found(screener, Query("Dennis Rivera"))  # as a person's name


def test_words_written_together_meet_a_ships_name_word_for_word() -> None:
    """A query read as a person's name meets an organisation's or a vessel's name word for
    word: a word may do so written together with its neighbour (Marika Roza, the ship
    Marikaroza), though alone it meets no word of any such name (NameIndex._may_cover)."""
    screener = Screener.build(
        [
            StoredEntity("list", "E0", "Vessel", {"name": ["Marikaroza"]}),
            StoredEntity("list", "E1", "Person", {"name": ["Marika Roza"]}),
        ]
    )
    prepared = screener.prepare(Query("Marika Roza"))
    index = screener.index
    _, whole = screener.kinds(prepared)
    assert any(whole), "the query reads as a person's name"
    bounds = index.candidates(prepared.forms, prepared.weights, 0.3, *screener.kinds(prepared))
    assert {index.entities[index.form_entity[f]].source_id for f in bounds} == {"E0", "E1"}


def test_a_tokens_forms_by_kind(screener: Screener) -> None:
    """NameIndex.thing_forms and person_forms: of the forms a vocabulary entry is in, those of
    organisations' and vessels' names and those of people's, each in order."""
    index = screener.index
    tid = next(t for t, (tok, _) in enumerate(index.vocab) if tok == "rivera")
    forms = list(index.token_forms[tid])
    things = [f for f in forms if index.form_thing[f]]
    persons = [f for f in forms if not index.form_thing[f]]
    assert things and persons, "the entry is in names of both kinds"
    assert list(index.thing_forms(tid)) == things
    assert list(index.person_forms(tid)) == persons
