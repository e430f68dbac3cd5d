"""A screener made ready to serve (`Screener.warm`) loads no table at a real query: a server's
first requests and a batch's workers do not wait for one (the first query of a cold process
took 0.5-0.8 s of loading, and an API worker's first requests queued behind it)."""

from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
from typing import Any

import watchlist.names
from tests.screening.lists import PUBLIC
from watchlist.match.names import _CACHES as token_similarities
from watchlist.match.things import _CACHES as thing_similarities
from watchlist.names import translit
from watchlist.screening import Query, Screener
from watchlist.screening.screener import OLDEST_EVERY

# Queries like the warm-up's, in every script and kind, none of them the same names.
QUERIES = [
    Query("Maria Garcia Lopez", birth_dates=("1980",), countries=("de",)),
    Query("Сергей Иванович Петров"),
    Query("Тарас Шевченко"),
    Query("عبد الرحمن حسن"),
    Query("علی اکبر ولایتی"),
    Query("李建平"),
    Query("박지성"),
    Query("すずき いちろう"),
    Query("Νίκος Καζαντζάκης"),
    Query("Chiang Kai-shek"),
    Query("Gazprom Neft PJSC", schema="Company"),
    Query("АО Звезда"),
    Query("Ocean Glory 7", schema="Vessel"),
]


def loaders() -> dict[str, Any]:
    """Every loader of a whole table in the name pipeline: functions cached once per process."""
    found = {}
    for info in pkgutil.iter_modules(watchlist.names.__path__, "watchlist.names."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            wrapped = getattr(value, "cache_info", None)
            if wrapped is not None and getattr(value, "__module__", None) == info.name:
                if value.cache_parameters()["maxsize"] == 1:
                    found[f"{info.name}.{name}"] = value
    return found


def forget_everything() -> None:
    """Every cached function of the package cleared, as in a fresh process (other tests in
    this one may have screened the same words, so nothing would reach a loader)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("watchlist."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()
    for cache in (*token_similarities, *thing_similarities):
        cache.clear()


def test_the_name_tables_are_found() -> None:
    # the check below means something only if it watches the tables
    assert {
        "watchlist.names.everyday.word_frequencies",
        "watchlist.names.rarity.reference_frequencies",
        "watchlist.names.nicknames._namer",
        "watchlist.names.han.readings",
    } <= set(loaders())


def test_after_the_warm_up_no_query_loads_a_table_or_a_transliterator() -> None:
    tables = loaders()
    forget_everything()
    screener = Screener.build(PUBLIC)
    screener.warm()
    loaded = {name: loader.cache_info().misses for name, loader in tables.items()}
    transliterators = translit._transliterator.cache_info().misses
    assert all(loaded.values()), loaded
    for query in QUERIES:
        screener.scored(query, 0.5)
    screener.compare(Query("鈴木一郎"), "Suzuki Ichiro")
    assert {name: loader.cache_info().misses for name, loader in tables.items()} == loaded
    assert translit._transliterator.cache_info().misses == transliterators
    assert screener.queries_seen == len(QUERIES)  # the warm-up's queries are not counted


def test_warming_changes_no_result() -> None:
    cold, warm = Screener.build(PUBLIC), Screener.build(PUBLIC)
    warm.warm()
    query = Query("Georgi Zhukov", birth_dates=("1896",))
    assert warm.scored(query, 0.5) == cold.scored(query, 0.5) != []


def test_warm_collects_the_oldest_generation_less_often() -> None:
    """The caches a long run fills are walked through at each collection of the oldest
    generation: a warmed process makes those rarer, and the young ones as before."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        Screener.build(PUBLIC[:3]).warm()
        assert gc.get_threshold() == (700, 10, OLDEST_EVERY)
        assert OLDEST_EVERY > 10
    finally:
        gc.set_threshold(*before)


def test_a_screener_settles_at_its_second_query_not_its_first() -> None:
    """A screener that was not warmed decodes its vocabulary and sweeps the oldest generation
    less often at its second query (it screens many names); a CLI call's one query pays
    neither. The hits are those of a screener screening each query first."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        screener = Screener.build(PUBLIC)
        first, second = Query("Georgi Zhukov", birth_dates=("1896",)), Query("Aiman al Zawahri")
        assert not isinstance(screener.index.vocab, list)
        got_first = screener.scored(first, 0.5)
        assert not isinstance(screener.index.vocab, list)
        assert gc.get_threshold() == (700, 10, 10)
        got_second = screener.scored(second, 0.5)
        assert isinstance(screener.index.vocab, list)
        assert isinstance(screener.index.vocab_fold, list)
        assert not isinstance(screener.index.entities, list)  # decoded where met, still
        assert gc.get_threshold() == (700, 10, OLDEST_EVERY)
        assert got_first == Screener.build(PUBLIC).scored(first, 0.5) != []
        assert got_second == Screener.build(PUBLIC).scored(second, 0.5) != []
        assert screener.scored(first, 0.5) == got_first
    finally:
        gc.set_threshold(*before)
