"""The index: candidates from keys, never the whole list; cached beside the store by version."""

from __future__ import annotations

import itertools
import pickle
from datetime import date
from pathlib import Path

import pytest

from tests.screening.lists import PUBLIC, fill, release
from watchlist.errors import WatchlistError
from watchlist.index.build import NameIndex
from watchlist.index.cache import (
    cache_dir,
    cached_index,
    file_sha256,
    index_file,
    load_index,
    write_index,
)
from watchlist.model.entity import StoredEntity
from watchlist.names.forms import name_forms
from watchlist.store.db import Store

GIVEN = ["Anna", "Boris", "Carlos", "Dmitri", "Elena", "Farid", "Gustav", "Hana", "Ivo", "Jana"]
FAMILY = ["Novak", "Petrov", "Garcia", "Haddad", "Kowalski", "Tanaka", "Okafor", "Larsen"]


def many() -> list[StoredEntity]:
    return [
        StoredEntity("t", str(i), "Person", {"name": [f"{g} {f}"]})
        for i, (g, f) in enumerate(itertools.product(GIVEN, FAMILY))
    ]


def candidates(index: NameIndex, name: str, need: float = 0.5) -> dict[int, tuple[float, float]]:
    forms = name_forms(name)
    weights = [tuple(index.rarity.weight(t) for t in f.tokens) for f in forms]
    return index.candidates(forms, weights, need)


def test_candidates_are_a_few_forms_not_the_list() -> None:
    index = NameIndex.build(many())
    found = candidates(index, "Farid Haddad")
    assert 0 < len(found) < len(index.forms) / 4
    best = max(found, key=lambda f: found[f][1])
    assert index.entities[index.form_entity[best]].source_id == "43"


def test_an_unknown_name_finds_nothing() -> None:
    index = NameIndex.build(many())
    assert candidates(index, "Xylophone Wobblesworth") == {}


def test_misspelt_and_transliterated_tokens_are_found() -> None:
    index = NameIndex.build(many())
    for query in ("Farid Hadad", "Фарид Хаддад"):
        found = candidates(index, query)
        ids = {index.entities[index.form_entity[f]].source_id for f in found}
        assert "43" in ids, query


def test_the_cache_is_reused_until_a_release_lands(store: Store) -> None:
    fill(store)
    first = cached_index(store)
    folder, prefix = cache_dir(store)
    files = list(folder.glob(f"{prefix}*.pickle"))
    assert len(files) == 1
    again = cached_index(store, build=lambda conn: NameIndex())  # must not build
    assert len(again.entities) == len(first.entities) == len(PUBLIC) + 1

    release(store, "public_list", PUBLIC[:1], published=date(2024, 2, 1))
    rebuilt = cached_index(store)
    assert len(rebuilt.entities) == 2
    assert [p.name for p in folder.glob(f"{prefix}*.pickle")] != [f.name for f in files]
    assert len(list(folder.glob(f"{prefix}*.pickle"))) == 1


def test_an_unreadable_cache_file_is_rebuilt(store: Store) -> None:
    fill(store)
    cached_index(store)
    folder, prefix = cache_dir(store)
    (path,) = folder.glob(f"{prefix}*.pickle")
    path.write_bytes(b"not a pickle")
    assert len(cached_index(store).entities) == len(PUBLIC) + 1


def test_a_store_made_again_at_the_same_url_does_not_reuse_the_old_index(store: Store) -> None:
    release(store, "public_list", PUBLIC)
    assert len(cached_index(store).entities) == len(PUBLIC)
    with store.begin() as conn:  # the same URL, emptied and filled anew: release 1 again
        for table in ("statements", "releases", "sources"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    release(store, "public_list", PUBLIC[:1])
    assert len(cached_index(store).entities) == 1


def test_the_index_file_loads_without_the_store_only_with_its_own_hash(
    store: Store, tmp_path: Path
) -> None:
    fill(store)
    shipped = index_file(store)
    assert shipped.path.is_file() and len(shipped.sha256) == 64
    assert index_file(store) == shipped  # the cached file, not a second one
    copy = tmp_path / "elsewhere.pickle"
    copy.write_bytes(shipped.path.read_bytes())
    loaded = load_index(copy, shipped.sha256)
    assert len(loaded.entities) == len(PUBLIC) + 1
    with pytest.raises(WatchlistError, match="not the one expected"):
        load_index(copy, "0" * 64)
    copy.write_bytes(b"not a pickle")
    with pytest.raises(WatchlistError, match="does not hold a screening index"):
        load_index(copy, file_sha256(copy))
    with pytest.raises(WatchlistError, match="cannot read"):
        load_index(tmp_path / "missing.pickle", shipped.sha256)


def test_a_written_index_file_is_the_index(tmp_path: Path) -> None:
    index = NameIndex.build(many())
    written = write_index(index, tmp_path / "run.pickle")
    again = load_index(written.path, written.sha256)
    assert [e.source_id for e in again.entities] == [e.source_id for e in index.entities]


def test_an_index_read_back_screens_as_built_packed_or_unpacked() -> None:
    from watchlist.model.access import SYSTEM
    from watchlist.screening import Query, Screener

    built = NameIndex.build(many())
    lazy = pickle.loads(pickle.dumps(built))
    warm = pickle.loads(pickle.dumps(built))
    warm.unpack()
    assert isinstance(warm.forms, list) and isinstance(warm.entities, list)
    assert list(lazy.forms) == warm.forms and list(lazy.entities) == warm.entities
    for name in ("Dmitri Petrov", "Hana Tanaka", "Elena Kowalsky", "Ivo Larsen Okafor"):
        want = Screener(built).screen(Query(name=name), SYSTEM)
        assert want, name
        for index in (lazy, warm):
            assert Screener(index).screen(Query(name=name), SYSTEM) == want, name


def test_an_unpacked_index_lends_fold_its_folds_which_are_folds_own() -> None:
    from watchlist.names import phonetic

    index = pickle.loads(pickle.dumps(NameIndex.build(many())))
    index.unpack()
    known = dict(phonetic._KNOWN_FOLDS)
    assert known == {tok: f for (tok, _), f in zip(index.vocab, index.vocab_fold, strict=True)}
    # What fold answers from the table is what it works out (index.build made both).
    assert all(phonetic.worked_out_fold(tok) == f for tok, f in known.items())
    phonetic.fold.cache_clear()
    assert all(phonetic.fold(tok) == f for tok, f in known.items())
    # Another index's vocabulary replaces the table.
    other = NameIndex.build(many()[:3])
    other.unpack()
    assert set(phonetic._KNOWN_FOLDS) == {tok for tok, _ in other.vocab}


def test_a_screener_of_a_packed_index_lends_fold_its_folds_at_its_second_query() -> None:
    """A CLI call's one query does not repay reading the whole vocabulary; a screener that
    screens on does, as a decoded index's (unpack) do."""
    from watchlist.model.access import SYSTEM
    from watchlist.names import phonetic
    from watchlist.screening import Query, Screener

    NameIndex.build(many()[:3]).unpack()  # another index's folds in the table
    index = pickle.loads(pickle.dumps(NameIndex.build(many())))
    screener = Screener(index)
    screener.screen(Query("Dmitri Petrov"), SYSTEM)
    assert "kowalski" not in phonetic._KNOWN_FOLDS
    screener.screen(Query("Hana Tanaka"), SYSTEM)
    want = {tok: f for (tok, _), f in zip(index.vocab, index.vocab_fold, strict=True)}
    assert phonetic._KNOWN_FOLDS == want and "kowalski" in want
