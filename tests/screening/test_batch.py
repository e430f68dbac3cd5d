"""Batch screening on local processes: the worker function, input order kept over many chunks,
a worker's error reported, and the same hits whatever the number of processes."""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import time
import weakref
from dataclasses import replace

import pytest

from tests.screening.lists import PUBLIC, SECRET
from watchlist.index.packed import Packed
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.screening import Query, Screener
from watchlist.screening.batch import (
    CHUNK,
    BatchSettings,
    _passed_on,
    _serve,
    query_from_row,
    screen_chunk,
    screen_many,
)
from watchlist.screening.screener import clean_country

NAMES = ["Georgi Schukow", "Xylophone Wobblesworth", "Bartholomew Quixley", "Zhukov Star"]


def queries(n: int) -> list[tuple[str, Query]]:
    return [(f"q{i}", Query(NAMES[i % len(NAMES)])) for i in range(n)]


def test_the_worker_function_screens_a_chunk_with_the_batch_settings() -> None:
    screener = Screener.build(PUBLIC + SECRET, reference_key=b"a test key")
    uncleared = BatchSettings(Actor("clerk", Classification.PUBLIC), threshold=0.65, limit=1)
    got = screen_chunk(screener, uncleared, queries(4))
    assert [qid for qid, _ in got] == ["q0", "q1", "q2", "q3"]
    assert [h.source_id for h in got[0][1]] == ["P1"] and got[1][1] == []
    (restricted,) = got[2][1]
    assert restricted.restricted and restricted.source_id is None and restricted.ref
    cleared = screen_chunk(screener, BatchSettings(SYSTEM), queries(3))
    assert [h.source_id for h in cleared[2][1]] == ["S1"]


def test_forked_workers_keep_input_order_and_give_the_serial_hits() -> None:
    screener = Screener.build(PUBLIC + SECRET)
    items = queries(CHUNK * 11 + 7)  # more chunks than are ever in flight at once
    serial = list(screen_many(screener, items, SYSTEM, workers=1))
    forked = list(screen_many(screener, items, SYSTEM, workers=2))
    assert [qid for qid, _ in forked] == [qid for qid, _ in items]
    assert forked == serial
    assert sum(len(h) for _, h in forked) > len(items) / 2


@pytest.mark.parametrize("country", [None, "ru"])
def test_a_batch_loads_the_country_table_before_forking_only_if_its_first_queries_name_one(
    country: str | None,
) -> None:
    # The table takes a second to load; a batch naming no country does without it, and one
    # that names a country only later loads it in its workers, with the same hits.
    clean_country.cache_clear()
    listed = [StoredEntity("l", "R1", "Person", {"name": ["Georgy Zhukov"], "nationality": ["ru"]})]
    screener = Screener.build(listed)
    first = [(qid, replace(q, countries=(country,) if country else ())) for qid, q in queries(5)]
    items = first + queries(CHUNK) + [("late", Query("Georgi Schukow", countries=("ru",)))]
    forked = list(screen_many(screener, items, SYSTEM, workers=2))
    assert (clean_country.cache_info().misses > 0) == (country is not None)
    assert forked == list(screen_many(Screener.build(listed), items, SYSTEM, workers=1))
    assert "country: ru" in {f.explanation for f in forked[-1][1][0].features}


@pytest.mark.parametrize("born", [None, "1896"])
def test_a_batch_leaves_the_entries_to_its_workers_and_dates_them_only_if_asked_first(
    born: str | None,
) -> None:
    # Ten thousand names meet a fifth of the entries: the workers decode those where met
    # rather than the parent all of them. A batch whose first queries give a date has the
    # names by birth year made before the fork (every entry decoded for its dates, their
    # names left packed); a date met only later is screened without that table, to the same
    # hits.
    listed = [StoredEntity("l", "R1", "Person", {"name": ["Georgy Zhukov"], "birthDate": ["1896"]})]
    packed = pickle.loads(pickle.dumps(Screener.build(listed).index))
    screener = Screener(packed)
    first = [(qid, replace(q, birth_dates=(born,) if born else ())) for qid, q in queries(5)]
    items = first + queries(CHUNK) + [("late", Query("Georgi Schukow", birth_dates=("1896",)))]
    forked = list(screen_many(screener, items, SYSTEM, workers=2))
    assert isinstance(packed.entities, Packed) and isinstance(packed.forms, Packed)
    assert isinstance(packed.vocab, list)  # the vocabulary is every query's: decoded anyway
    assert (screener.lifted_forms(frozenset({1896})) is not None) == (born is not None)
    assert forked == list(screen_many(Screener.build(listed), items, SYSTEM, workers=1))
    assert forked[-1][1] and "1896" in forked[-1][1][0].explanation


def test_a_worker_passes_on_the_lookups_of_the_single_words_it_met_first() -> None:
    # Two workers meet many words both (a common given name): the lookup of a single word's
    # similar tokens, the dearest step of a word met first, goes back with a chunk's hits and
    # on to the other workers with their next chunks.
    settings = BatchSettings(SYSTEM)
    other = Screener.build(PUBLIC + SECRET)
    screen_chunk(other, settings, [("o", Query("Georgi Schukow"))])
    given = _passed_on(other.index, 0)
    assert {k for k, _ in pickle.loads(given)} >= {("georgi", False, False)}
    screener = Screener.build(PUBLIC + SECRET)
    ctx = multiprocessing.get_context("fork")
    inbox, outbox = ctx.SimpleQueue(), ctx.Queue()
    inbox.put((0, [("q", Query("Georgi Quixley"))], [given]))
    inbox.put(None)
    _serve(screener, settings, inbox, outbox)
    seq, found, error, back = outbox.get(timeout=30)
    assert (seq, error) == (0, None) and found is not None and [q for q, _ in found] == ["q"]
    passed = {k for k, _ in pickle.loads(back)}
    # What it took in is not sent back, nor words written together (rarely met by both).
    assert ("quixley", False, False) in passed and ("georgi", False, False) not in passed
    assert not any(joined for _, _, joined in passed)
    assert (
        screener.index._similar[("georgi", False, False)]
        == other.index._similar[("georgi", False, False)]
    )
    assert _passed_on(screener.index, len(screener.index._similar)) == b""


def test_a_worker_screens_with_the_lookups_it_took_in() -> None:
    # Taken in as if made here: a lookup passed on is used, not made again (here one that says
    # "schukow" is like no listed word, which it is not, so the hit is lost).
    settings = BatchSettings(SYSTEM)
    screener = Screener.build(PUBLIC + SECRET)
    ctx = multiprocessing.get_context("fork")
    inbox, outbox = ctx.SimpleQueue(), ctx.Queue()
    told = pickle.dumps([(("schukow", False, False), ())])
    inbox.put((0, [("q", Query("Georgi Schukow"))], [told]))
    inbox.put(None)
    _serve(screener, settings, inbox, outbox)
    _, found, error, _ = outbox.get(timeout=30)
    assert error is None and found == [("q", [])]
    assert screen_chunk(
        Screener.build(PUBLIC + SECRET), settings, [("q", Query("Georgi Schukow"))]
    )[0][1]


class Exploding(Screener):
    def screen(self, query: Query, *args: object, **kwargs: object) -> list:  # type: ignore[override]
        if query.name == "boom":
            raise ValueError("the worker saw boom")
        return []


def test_the_workers_stop_by_themselves_once_every_chunk_is_back() -> None:
    # The batch tells its workers to stop and returns without waiting for their exits (their
    # memory handed back overlaps the caller's own closing): they end on their own, and
    # multiprocessing reaps them.
    screener = Screener.build(PUBLIC)
    before = set(multiprocessing.active_children())
    items = queries(CHUNK * 3)
    assert [qid for qid, _ in screen_many(screener, items, SYSTEM, workers=2)] == [
        qid for qid, _ in items
    ]
    deadline = time.monotonic() + 30
    while set(multiprocessing.active_children()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not set(multiprocessing.active_children()) - before


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    screener = Exploding.build(PUBLIC)
    items = queries(CHUNK * 3) + [("bad", Query("boom"))]
    with pytest.raises(ValueError, match="the worker saw boom"):
        list(screen_many(screener, items, SYSTEM, workers=2))


def test_a_row_becomes_a_query_as_every_engine_reads_it() -> None:
    row = {"id": " c1 ", "name": " Anna Novak ", "dob": "1970; 1971", "country": None}
    qid, query = query_from_row(row) or ("", Query(""))
    assert qid == "c1" and query.name == "Anna Novak"
    assert query.birth_dates == ("1970", "1971") and query.countries == ()
    assert query_from_row({"id": "c2", "name": "  "}) is None


class Cycle:
    me: Cycle | None = None


class Littering(Screener):
    """Leaves a garbage cycle behind at every query, and notes whether the collector runs."""

    cycles: list[weakref.ref[Cycle]] = []
    collecting: list[bool] = []

    def screen(self, query: Query, *args: object, **kwargs: object) -> list:  # type: ignore[override]
        cycle = Cycle()
        cycle.me = cycle
        self.cycles.append(weakref.ref(cycle))
        self.collecting.append(gc.isenabled())
        return []


def test_a_worker_collects_what_a_chunk_left_once_the_chunk_is_screened() -> None:
    # Paused while a chunk is screened, the collector runs once its hits are sent: the garbage
    # cycles of the chunk are gone then, and the collector is as it was after the worker.
    screener = Littering.build(PUBLIC)
    ctx = multiprocessing.get_context("fork")
    inbox, outbox = ctx.SimpleQueue(), ctx.Queue()
    inbox.put((0, queries(3), []))
    inbox.put(None)
    assert gc.isenabled()
    _serve(screener, BatchSettings(SYSTEM), inbox, outbox)
    _, found, error, _ = outbox.get(timeout=30)
    assert error is None and found is not None and len(found) == 3
    assert Littering.collecting == [False] * 3
    assert len(Littering.cycles) == 3 and all(ref() is None for ref in Littering.cycles)
    assert gc.isenabled()
