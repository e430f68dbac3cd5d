"""Importing files: whole releases or nothing, detection by content, bundled lists' counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import FIXTURES
from watchlist.errors import ParseError, WatchlistError
from watchlist.model.access import Actor, Classification
from watchlist.registry import Registry
from watchlist.registry.imports import import_files
from watchlist.store import releases as releases_module
from watchlist.store.db import Store
from watchlist.store.tables import metadata

OFFICER = Actor("officer", Classification.SECRET)
SAMPLES = Path(__file__).parent.parent / "src" / "watchlist" / "data" / "samples"
UN = FIXTURES / "un_sc_sanctions" / "consolidated.xml"


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every registry table: the store's whole content."""
    with store.read() as conn:
        return {
            name: sorted(tuple(r) for r in conn.execute(select(table)))
            for name, table in metadata.tables.items()
        }


def test_failure_while_writing_rolls_back_everything(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_files(store, OFFICER, [UN], published=None)
    before = snapshot(store)
    real = releases_module._chunks
    calls = {"n": 0}

    def exploding(items):  # type: ignore[no-untyped-def]
        for batch in real(items):
            calls["n"] += 1
            yield batch
            raise RuntimeError("disk full")

    monkeypatch.setattr(releases_module, "_chunks", exploding)
    changed = FIXTURES / "ftm" / "zala.entities.ftm.json"
    with pytest.raises(RuntimeError):
        import_files(store, OFFICER, [changed], source="un_sc_sanctions")
    assert calls["n"] >= 1  # the failure came after rows were written
    assert snapshot(store) == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=UN.stat().st_size - 1))
def test_truncated_file_is_refused_and_store_unchanged(
    store: Store, tmp_path: Path, cut: int
) -> None:
    if not snapshot(store)["sources"]:
        import_files(store, OFFICER, [UN])
    before = snapshot(store)
    broken = tmp_path / "cut.xml"
    broken.write_bytes(UN.read_bytes()[:cut])
    try:
        import_files(store, OFFICER, [broken])
    except WatchlistError as exc:
        assert isinstance(exc, ParseError) or "cut.xml" in str(exc)
        assert "cut.xml" in str(exc)
        assert snapshot(store) == before
    else:  # a cut that still leaves a well-formed file is a (smaller) valid release
        assert len(snapshot(store)["releases"]) == len(before["releases"]) + 1


def test_one_bad_file_in_a_command_stores_nothing(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(UN.read_bytes()[:2000])
    with pytest.raises(ParseError, match="bad.xml"):
        import_files(store, OFFICER, [FIXTURES / "ftm" / "zala.entities.ftm.json", bad], "x")
    assert snapshot(store)["releases"] == []


def test_bundled_sdn_counts(store: Store) -> None:
    files = sorted((SAMPLES / "us_ofac_sdn-2021-07").glob("*.csv"))
    (info,) = import_files(store, OFFICER, files)
    assert (info.source, info.entities) == ("us_ofac_sdn", 8976)
    view = Registry(store, OFFICER).show("us_ofac_sdn", "15880")
    assert view.entity.properties["program"] == ["MAGNIT"]
    assert view.entity.properties["birthDate"] == ["1977-08-27"]
    (again,) = import_files(store, OFFICER, list(reversed(files)))
    assert again.unchanged


OWN_HEADER = "id,schema,name,birth_date\n"


def test_a_header_only_own_list_is_a_release_that_delists_every_entry(
    store: Store, tmp_path: Path
) -> None:
    reg = Registry(store, OFFICER)
    full = tmp_path / "own-1.csv"
    full.write_text(OWN_HEADER + "M-1,Person,Ivan Sidorov,1971\nM-2,Company,Example LLC,\n")
    (first,) = reg.import_files([full], source="own", published=date(2024, 1, 1))
    assert (first.seq, first.entities) == (1, 2)
    empty = tmp_path / "own-2.csv"
    empty.write_text(OWN_HEADER)
    (second,) = reg.import_files([empty], source="own", published=date(2024, 2, 1))
    assert (second.seq, second.entities, second.unchanged) == (2, 0, False)
    assert second.removed == first.added  # every statement ended
    (row,) = reg.lists()
    assert (row.releases, row.entities) == (2, 0)
    diff = reg.diff("own")
    assert [(c.source_id, c.kind) for c in diff.changes] == [
        ("M-1", "delisted"),
        ("M-2", "delisted"),
    ]
    assert [e.change.kind for e in reg.history("own", "M-1")] == ["listed", "delisted"]
    assert list(reg.export("own")) == []
    assert reg.show("own", "M-1", as_of=date(2024, 1, 15)).entity.caption == "Ivan Sidorov"
    (again,) = reg.import_files([empty], source="own", published=date(2024, 3, 1))
    assert again.unchanged and again.seq == 2


def test_an_empty_file_of_another_format_is_still_refused(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ftm.json"
    empty.write_text("")
    with pytest.raises(WatchlistError, match="empty.ftm.json"):
        import_files(store, OFFICER, [empty], source="zala")
    assert Registry(store, OFFICER).lists() == []
