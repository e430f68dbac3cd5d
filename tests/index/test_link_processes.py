"""A build's parts on forked processes (index.forked): the same index as made in one."""

from __future__ import annotations

import os
import pickle
import random
import threading
import time
from array import array
from collections.abc import Callable, Sequence
from functools import partial
from itertools import chain
from typing import Any

import pytest

from watchlist.index import build, forked, links
from watchlist.index.build import NameIndex
from watchlist.index.forked import ForkedCalls, fork_workers
from watchlist.index.links import link_entities, pairs_to_link
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityRecord
from watchlist.names.forms import NameForm, name_forms

GIVEN = ["Ali", "Omar", "Hasan", "Yusuf", "Ahmad", "Karim", "Said"]
FAMILY = ["Haddad", "Karimi", "Nouri", "Saleh", "Hadad", "Salih", "Nuri"]
DATES = ["1966", "1966-01-01", "1966-08-28", "1970", "1970-02-02", "1971-03-03"]


def people(n: int, seed: int) -> list[StoredEntity]:
    """People on three lists, many of them alike in name and birth date: many pairs."""
    rnd = random.Random(seed)
    return [
        StoredEntity(
            rnd.choice("abc"),
            str(i),
            "Person",
            {
                "name": [f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}"],
                "birthDate": [rnd.choice(DATES)],
            },
        )
        for i in range(n)
    ]


def population(n: int, seed: int = 3) -> tuple[list[EntityRecord], list[list[NameForm]]]:
    """The records of people() and their names' usual spellings."""
    entities = people(n, seed)
    forms = [list(name_forms(e.properties["name"][0])[:1]) for e in entities]
    return [EntityRecord.from_stored(e) for e in entities], forms


def groups(found: links.Links) -> set[tuple[int, ...]]:
    return set(found.members.values())


def test_pairs_scored_on_processes_score_as_here_and_link_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records, forms = population(300)
    monkeypatch.setattr(links, "PARALLEL_PAIRS", 1)
    pending = pairs_to_link(records, forms)
    assert len(pending.pairs) > 100
    calls = pending.calls(2)
    assert len(calls) == 2 * links.CHUNKS_PER_WORKER
    there = ForkedCalls(calls, 2)
    try:
        assert there._pool is not None  # the processes did start
        scores = there.results()
    finally:
        there.close()
    here = [call() for call in pending.calls(1)]
    assert list(chain.from_iterable(scores)) == list(chain.from_iterable(here))
    together = link_entities(records, forms, workers=2)
    alone = link_entities(records, forms, workers=1)
    assert groups(together) == groups(alone)
    assert together.group == alone.group
    assert len(groups(alone)) > 10  # the population does link
    assert not links._CACHES  # nothing of the scoring kept in this process


def _die(i: int) -> array[float]:
    os._exit(3)


def test_a_scoring_process_that_dies_costs_time_not_the_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records, forms = population(200, seed=5)
    alone = link_entities(records, forms, workers=1)
    monkeypatch.setattr(links, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(forked, "_call", _die)  # forked after this: the processes die
    assert groups(link_entities(records, forms, workers=2)) == groups(alone)
    assert forked._CALLS is None  # nothing of the build kept


def test_few_pairs_make_one_call_run_here() -> None:
    records, forms = population(100)
    pending = pairs_to_link(records, forms)
    assert 0 < len(pending.pairs) < links.PARALLEL_PAIRS
    assert len(pending.calls(2)) == 1


def test_an_index_built_on_processes_is_the_index_built_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # index.build forks for a large build only; made to here, for a small one. The names
    # spelt on another process are equal, not the same objects: the index is the same.
    monkeypatch.setattr(build, "fork_workers", lambda: 2)
    started: list[bool] = []

    class Seen(ForkedCalls):
        def __init__(self, calls: Sequence[Callable[[], Any]], workers: int) -> None:
            super().__init__(calls, workers)
            started.append(self._pool is not None)

    monkeypatch.setattr(build, "ForkedCalls", Seen)
    entities = people(300, seed=11)
    monkeypatch.setattr(links, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(build, "PARALLEL_NAMES", 1)
    parallel = NameIndex.build(entities)
    monkeypatch.setattr(links, "PARALLEL_PAIRS", 10**9)
    monkeypatch.setattr(build, "PARALLEL_NAMES", 10**9)
    serial = NameIndex.build(entities)
    # Forked: half the names spelt, then the key table and pair scores; then not at all.
    assert started == [True, True, False]
    for name, value in serial.__getstate__().items():
        other = parallel.__getstate__()[name]
        assert pickle.dumps(value) == pickle.dumps(other), name


def test_a_process_with_other_threads_scores_alone() -> None:
    # A fork copies the calling thread only: a server's worker, with threads, never forks.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert fork_workers() == 1
    finally:
        stop.set()
        other.join()


def _where(i: int) -> tuple[int, int]:
    time.sleep(0.02)
    return i, os.getpid()


def test_the_caller_runs_the_calls_no_process_has_started_and_the_results_keep_their_order() -> (
    None
):
    calls = [partial(_where, i) for i in range(40)]
    there = ForkedCalls(calls, 2)
    try:
        done = there.results()
    finally:
        there.close()
    assert [i for i, _ in done] == list(range(40))
    pids = {pid for _, pid in done}
    assert os.getpid() in pids and len(pids) == 2  # one forked process, and this one
    # This one took them from the last back.
    assert done[-1][1] == os.getpid()
