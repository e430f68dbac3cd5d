"""The index's key rows: filed class by class, the rows that filing entry by entry makes."""

from __future__ import annotations

import gc
import pickle
import traceback

from hypothesis import given
from hypothesis import strategies as st

from watchlist.index.build import NameIndex
from watchlist.index.keys import filed_keys, filed_rows
from watchlist.model.entity import StoredEntity

# Tokens of a few letters, so that entries share consonant classes, folds and deletions.
token = st.text(alphabet="abdhikmnorstuvyz0", min_size=1, max_size=9)


def rows_entry_by_entry(vocab: list[tuple[str, bool]]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for tid, (tok, abjad) in enumerate(vocab):
        for key in filed_keys(tok, abjad):
            rows.setdefault(key, []).append(tid)
    return rows


@given(st.lists(st.tuples(token, st.booleans()), max_size=40, unique=True))
def test_rows_filed_class_by_class_are_those_filed_entry_by_entry(
    vocab: list[tuple[str, bool]],
) -> None:
    assert filed_rows(vocab) == rows_entry_by_entry(vocab)


# (entries, why their rows are worth checking)
CASES = [
    ([("kasimiro", False), ("casimiro", False), ("kazimir", False)], "one class, three entries"),
    ([("haddad", False), ("hadad", False), ("hadid", False)], "classes sharing deletions"),
    ([("kssk", False), ("ksks", False)], "a class whose deletions repeat (k, s, s, k)"),
    ([("shd", True), ("shahid", False), ("x", False)], "an abjad entry; a token too short"),
]  # fmt: skip


def test_rows_of_hand_picked_vocabularies() -> None:
    for vocab, why in CASES:
        rows = filed_rows(vocab)
        assert rows == rows_entry_by_entry(vocab), why
        assert all(row == sorted(set(row)) for row in rows.values()), why


def test_no_collection_runs_while_the_index_is_built() -> None:
    started: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        # Only collections from inside the build (not as it is called or returns).
        inside = [
            f
            for f in traceback.extract_stack()
            if "watchlist" in f.filename and f.name not in ("build", "collector_paused")
        ]
        if phase == "start" and inside:
            started.append(info["generation"])

    entities = [
        StoredEntity("t", str(i), "Person", {"name": [f"Anna Novak{i}"]}) for i in range(30)
    ]
    threshold = gc.get_threshold()
    gc.set_threshold(1)  # else a collection at almost every object made
    gc.callbacks.append(seen)
    try:
        NameIndex.build(entities)
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*threshold)
    assert started == []
    assert gc.isenabled()  # the collector as it was


def test_no_collection_runs_while_the_index_is_unpacked() -> None:
    entities = [
        StoredEntity("t", str(i), "Person", {"name": [f"Anna Novak{i}"]}) for i in range(30)
    ]
    index = pickle.loads(pickle.dumps(NameIndex.build(entities)))  # packed, as loaded
    started: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        # Only collections while entries are decoded (not as unpack is called or returns).
        decoding = any(f.filename.endswith("packed.py") for f in traceback.extract_stack())
        if phase == "start" and decoding:
            started.append(info["generation"])

    threshold = gc.get_threshold()
    gc.set_threshold(1)  # else a collection at almost every object made
    gc.callbacks.append(seen)
    try:
        index.unpack()
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*threshold)
    assert isinstance(index.forms, list) and len(index.forms) == 30
    assert started == []
    assert gc.isenabled()
