"""Linking's name pairs scored on forked processes: the same links as scored in one."""

from __future__ import annotations

import os
import random
import threading
from array import array

import pytest

from watchlist.index import links
from watchlist.index.links import PairScoring, link_entities, link_workers, start_linking
from watchlist.model.entity import StoredEntity
from watchlist.model.records import EntityRecord
from watchlist.names.forms import NameForm, name_forms

GIVEN = ["Ali", "Omar", "Hasan", "Yusuf", "Ahmad", "Karim", "Said"]
FAMILY = ["Haddad", "Karimi", "Nouri", "Saleh", "Hadad", "Salih", "Nuri"]
DATES = ["1966", "1966-01-01", "1966-08-28", "1970", "1970-02-02", "1971-03-03"]


def population(n: int, seed: int = 3) -> tuple[list[EntityRecord], list[list[NameForm]]]:
    """People on three lists, many of them alike in name and birth date: many pairs."""
    rnd = random.Random(seed)
    records, forms = [], []
    for i in range(n):
        name = f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}"
        entity = StoredEntity(
            rnd.choice("abc"), str(i), "Person", {"name": [name], "birthDate": [rnd.choice(DATES)]}
        )
        records.append(EntityRecord.from_stored(entity))
        forms.append(list(name_forms(name)[:1]))
    return records, forms


def groups(found: links.Links) -> set[tuple[int, ...]]:
    return set(found.members.values())


def test_pairs_scored_on_processes_score_as_here_and_link_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records, forms = population(300)
    monkeypatch.setattr(links, "PARALLEL_PAIRS", 1)
    pending = start_linking(records, forms, workers=2)
    try:
        assert pending.scoring._pool is not None  # the processes did start
        assert len(pending.pairs) > 100
        here = PairScoring(forms, pending.scoring._work[1], pending.pairs, workers=1)
        assert here._pool is None
        assert list(pending.scoring.result()) == list(here.result())
    finally:
        pending.close()
    together = link_entities(records, forms, workers=2)
    alone = link_entities(records, forms, workers=1)
    assert groups(together) == groups(alone)
    assert together.group == alone.group
    assert len(groups(alone)) > 10  # the population does link


def _die(bounds: tuple[int, int]) -> array[float]:
    os._exit(3)


def test_a_scoring_process_that_dies_costs_time_not_the_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records, forms = population(200, seed=5)
    alone = link_entities(records, forms, workers=1)
    monkeypatch.setattr(links, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(links, "_score_chunk", _die)  # forked after this: the processes die
    assert groups(link_entities(records, forms, workers=2)) == groups(alone)
    assert links._WORK is None  # nothing of the build kept


def test_few_pairs_are_scored_here() -> None:
    records, forms = population(20)
    pending = start_linking(records, forms, workers=2)
    assert pending.scoring._pool is None
    pending.close()


def test_a_process_with_other_threads_scores_alone() -> None:
    # A fork copies the calling thread only: a server's worker, with threads, never forks.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert link_workers() == 1
    finally:
        stop.set()
        other.join()
