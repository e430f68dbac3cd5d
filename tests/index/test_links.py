"""Links between the entries different lists give for one bearer, and screening through them."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from watchlist.index.build import NameIndex
from watchlist.index.links import _candidate_pairs, _shares_enough, _token_keys
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityRecord
from watchlist.names.forms import name_forms
from watchlist.screening import Query, Screener


def person(source: str, ident: str, name: str, **props: list[str]) -> StoredEntity:
    return StoredEntity(source, ident, "Person", {"name": [name], **props})


UN = person(
    "un", "CDi.026", "Stanislas Nzeyimana",
    alias=["Jules Mateso Mlamba"], birthDate=["1966-01-01"],
)  # fmt: skip
OFAC = person("ofac", "11391", "NZEYIMANA, Stanislas", birthDate=["1966-01-01", "1966-08-28"])


def linked_ids(index: NameIndex) -> set[frozenset[tuple[str, str]]]:
    """The groups, as sets of (list, id)."""
    return {
        frozenset((index.entities[i].source, index.entities[i].source_id) for i in members)
        for members in index.links.members.values()
    }


def test_one_person_on_two_lists_is_linked_by_birth_date_and_name() -> None:
    index = NameIndex.build([UN, OFAC])
    assert linked_ids(index) == {frozenset({("un", "CDi.026"), ("ofac", "11391")})}


def test_an_alias_only_one_list_records_finds_both_entries_and_says_where_it_is_from() -> None:
    screener = Screener.build([UN, OFAC])
    hits = {
        (h.source, h.source_id): h for h in screener.screen(Query("Jules Mateso Mlamba"), SYSTEM)
    }
    assert set(hits) == {("un", "CDi.026"), ("ofac", "11391")}
    ofac, un = hits["ofac", "11391"].features[0], hits["un", "CDi.026"].features[0]
    # both compared the query with the alias only the UN records
    assert ofac.query == un.query == ("jules mateso mlamba",)
    assert ofac.listed == un.listed and set(un.listed[0].split()) == {"jules", "mateso", "mlamba"}
    assert "same bearer on un:CDi.026" in ofac.explanation
    assert "same bearer" not in un.explanation
    assert hits["ofac", "11391"].score == hits["un", "CDi.026"].score


def test_the_same_birth_date_with_another_name_is_not_a_link() -> None:
    other = person("ofac", "1", "Pierre Habimana", birthDate=["1966-01-01"])
    assert linked_ids(NameIndex.build([UN, other])) == set()


def test_the_same_name_with_another_birth_date_is_not_a_link() -> None:
    other = person("ofac", "1", "Stanislas Nzeyimana", birthDate=["1971-03-09"])
    assert linked_ids(NameIndex.build([UN, other])) == set()
    # Two different dates of one year do not agree either.
    same_year = person("ofac", "2", "Stanislas Nzeyimana", birthDate=["1966-05-17"])
    assert linked_ids(NameIndex.build([UN, same_year])) == set()


def test_a_year_agrees_with_a_date_in_it_only_for_a_closer_name() -> None:
    year = person("ofac", "1", "Nzeyimana, Stanislas", birthDate=["1966"])
    assert len(linked_ids(NameIndex.build([UN, year]))) == 1
    looser = person("ofac", "2", "Stanislas Nzeyimani Habimana", birthDate=["1966"])
    assert linked_ids(NameIndex.build([UN, looser])) == set()


def test_a_shared_passport_links_a_fairly_similar_name() -> None:
    a = person("uk", "A", "Mohammed Ahmed Hassan Rahimi", passportNumber=["N 1234567"])
    b = person("eu", "B", "Muhammad Hasan Rahimi", passportNumber=["N1234567"])
    assert len(linked_ids(NameIndex.build([a, b]))) == 1
    c = person("eu", "C", "Karim Bouzid", passportNumber=["N1234567"])
    assert linked_ids(NameIndex.build([a, c])) == set()


def test_entries_of_one_list_are_never_linked() -> None:
    twin = person("un", "CDi.999", "Stanislas Nzeyimana", birthDate=["1966-01-01"])
    assert linked_ids(NameIndex.build([UN, twin])) == set()


def test_vessels_link_by_full_name_unless_their_imo_numbers_differ() -> None:
    a = StoredEntity(
        "un", "V1", "Vessel", {"name": ["Golden Horizon Star"], "imoNumber": ["9123456"]}
    )
    b = StoredEntity("ofac", "V2", "Vessel", {"name": ["GOLDEN HORIZON STAR"]})
    c = StoredEntity(
        "uk", "V3", "Vessel", {"name": ["Golden Horizon Star"], "imoNumber": ["9654321"]}
    )
    assert linked_ids(NameIndex.build([a, b])) == {frozenset({("un", "V1"), ("ofac", "V2")})}
    assert linked_ids(NameIndex.build([a, c])) == set()
    # The unnumbered entry joins one of them, never both: that would make V1 and V3 one ship.
    (group,) = linked_ids(NameIndex.build([a, b, c]))
    assert ("ofac", "V2") in group and len(group) == 2


def test_a_person_is_not_linked_to_a_company() -> None:
    a = StoredEntity("un", "1", "Company", {"name": ["Stanislas Nzeyimana"]})
    b = StoredEntity("ofac", "2", "Company", {"name": ["Stanislas Nzeyimana"]})
    c = person("uk", "3", "Stanislas Nzeyimana")
    groups = linked_ids(NameIndex.build([a, b, c]))
    assert groups == {frozenset({("un", "1"), ("ofac", "2")})}


def test_entries_of_different_classifications_are_not_linked_so_nothing_leaks() -> None:
    secret = StoredEntity(
        "own",
        "S1",
        "Person",
        {
            "name": ["Stanislas Nzeyimana"],
            "alias": ["Bartholomew Quixley"],
            "birthDate": ["1966-01-01"],
        },
        Classification.SECRET,
    )
    screener = Screener.build([OFAC, secret], reference_key=b"a test key")
    assert linked_ids(screener.index) == set()
    uncleared = Actor("clerk", Classification.PUBLIC)
    hits = screener.screen(Query("Bartholomew Quixley"), uncleared)
    assert [h.restricted for h in hits] == [True]
    assert all(h.source is None and h.features == () and h.explanation == "" for h in hits)


_names = st.sampled_from(
    ["Stanislas Nzeyimana", "Nzeyimana Stanislas", "Jules Mlamba", "Pierre Habimana", "Anna Novak"]
)
_dates = st.sampled_from(["1966-01-01", "1966", "1970-02-03", "1966-05-17"])


_classes = st.sampled_from([Classification.PUBLIC, Classification.SECRET])


def _agree(a: StoredEntity, b: StoredEntity) -> bool:
    """The birth-date rule of docs/screening.md: a full date in common, or one side's year alone
    the year of the other's date."""
    for x in a.properties.get("birthDate", []):
        for y in b.properties.get("birthDate", []):
            if x == y and len(x) == 10:
                return True
            if (len(x) == 4 or len(y) == 4) and x[:4] == y[:4]:
                return True
    return False


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["un", "ofac", "uk"]), _names, st.lists(_dates, max_size=2), _classes
        ),
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_groups_follow_the_linking_rules_and_do_not_depend_on_order(
    rows: list[tuple[str, str, list[str], Classification]], rnd: random.Random
) -> None:
    entities = [
        StoredEntity(source, str(n), "Person", {"name": [name], "birthDate": dates}, cls)
        for n, (source, name, dates, cls) in enumerate(rows)
    ]
    index = NameIndex.build(entities)
    by_key = {(e.source, e.source_id): e for e in entities}
    for members in index.links.members.values():
        group = [by_key[index.entities[i].source, index.entities[i].source_id] for i in members]
        assert len(group) >= 2
        assert len({e.source for e in group}) == len(group)  # one entry per list
        assert len({e.classification for e in group}) == 1  # never across classifications
        for e in group:  # each linked for a reason the docs give: a birth date in common
            assert any(_agree(e, other) for other in group if other is not e), group
    shuffled = entities[:]
    rnd.shuffle(shuffled)
    assert linked_ids(NameIndex.build(shuffled)) == linked_ids(index)


def test_the_strategy_above_links_entries_at_all() -> None:
    # The property is not vacuous: its names and dates do make groups.
    entities = [
        person("un", "1", "Stanislas Nzeyimana", birthDate=["1966-01-01"]),
        person("ofac", "2", "Nzeyimana Stanislas", birthDate=["1966"]),
    ]
    assert len(linked_ids(NameIndex.build(entities))) == 1


_GIVEN = ["Ali", "Omar", "Hasan", "Yusuf", "Ahmad"]
_FAMILY = ["Haddad", "Karimi", "Nouri", "Saleh"]
_DATES = ["1966", "1966-01", "1966-01-01", "1966-08-28", "1970", "1970-02-02"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.lists(st.sampled_from(_GIVEN + _FAMILY), min_size=1, max_size=3),
            st.lists(st.sampled_from(_DATES), max_size=2),
        ),
        max_size=14,
    )
)
def test_year_blocks_pair_every_entry_whose_names_share_enough(
    rows: list[tuple[str, list[str], list[str]]],
) -> None:
    # The year block makes only the pairs linking would look at: those sharing enough name
    # keys. Made by brute force here, every pair of the block, and filtered afterwards.
    entities = [
        EntityRecord.from_stored(person(src, str(i), " ".join(words), birthDate=dates))
        for i, (src, words, dates) in enumerate(rows)
    ]
    forms = [name_forms(" ".join(words))[:1] for _, words, _ in rows]
    keys = [_token_keys(f) for f in forms]
    made = {(a, b): kind for a, b, kind in _candidate_pairs(entities, forms, keys)}
    partial: dict[str, set[int]] = {}
    years: dict[str, set[int]] = {}
    for i, e in enumerate(entities):
        for date in e.birth_dates:
            years.setdefault(date[:4], set()).add(i)
            if len(date) < 10:
                partial.setdefault(date[:4], set()).add(i)
    for year, ids in partial.items():
        for a in ids:
            for b in years[year]:
                x, y = min(a, b), max(a, b)
                if a != b and entities[a].source != entities[b].source:
                    if _shares_enough(keys[a], keys[b]):
                        assert (x, y) in made, (x, y)
    for (a, b), kind in made.items():
        assert entities[a].source != entities[b].source
        if kind == "year":
            assert _shares_enough(keys[a], keys[b])
