"""Dealing a batch's queries out to its workers: a query goes where its rarer words went, and
no worker is ever more than the slack behind another."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlist.screening import Query, routing
from watchlist.screening.routing import Router


def test_a_query_goes_to_the_worker_its_rarer_word_went_to() -> None:
    router = Router(2, slack=10)
    assert router.route(Query("Anna Smith")) == 0  # nothing known: the least loaded, first
    assert router.route(Query("Anna Jones")) == 0  # Anna went to 0
    assert router.route(Query("John Brown")) == 1  # nothing known: the least loaded
    # Anna has come twice (half a vote for 0), Brown once (a whole vote for 1).
    assert router.route(Query("ANNA brown")) == 1
    # Jones once (0) against Brown twice (1): the rarer word decides.
    assert router.route(Query("Jones Brown")) == 0
    assert router.waiting == [3, 2]


def test_the_load_comes_before_the_words() -> None:
    router = Router(2, slack=2)
    got = [router.route(Query("Anna Smith")) for _ in range(6)]
    # Three ahead is more than the slack: the other worker takes the query.
    assert got == [0, 0, 0, 1, 0, 1]
    router.done(0, 4)
    assert router.waiting == [0, 2]
    assert router.route(Query("Someone Else")) == 0


def test_a_worker_that_caught_up_gets_its_words_again() -> None:
    router = Router(3, slack=1)
    assert [router.route(Query(n)) for n in ("Ali Reza", "Bo Li", "Cem Kaya")] == [0, 1, 2]
    assert router.route(Query("Reza Ali")) == 0
    assert router.route(Query("Reza Ali")) == 0
    assert router.route(Query("Reza Ali")) == 1  # 0 would be two ahead of 1 and 2
    router.done(0, 3)
    assert router.route(Query("Reza Ali")) == 0


def test_the_memory_of_words_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routing, "MEMORY", 4)
    router = Router(2, slack=100)
    assert router.route(Query("Anna Smith")) == 0
    assert router.route(Query("Bert Jones")) == 1
    # Six words would be more than four: what came before is forgotten.
    assert router.route(Query("Carl Brown")) == 0
    assert router.route(Query("Anna Smith")) == 1  # unknown again: the least loaded


NAMES = st.lists(st.sampled_from(["ana", "bo", "cy", "dee", "eve", "fu", "gil"]), max_size=4)


@given(
    workers=st.integers(1, 4),
    slack=st.integers(0, 5),
    steps=st.lists(st.one_of(NAMES.map(" ".join), st.integers(0, 3)), max_size=60),
)
def test_no_worker_gets_a_query_while_more_than_the_slack_ahead(
    workers: int, slack: int, steps: list[str | int]
) -> None:
    router = Router(workers, slack)
    for step in steps:
        if isinstance(step, int):
            k = step % workers
            router.done(k, min(1, router.waiting[k]))
            continue
        before = list(router.waiting)
        k = router.route(Query(step or "x"))
        assert router.waiting[k] == before[k] + 1
        assert sum(router.waiting) == sum(before) + 1
        assert before[k] - min(before) <= slack
