"""Imports and reads at the same time, on real parallel connections: no lost update, no duplicate
release, a clear Conflict for the loser, and reads that see one release, never a mix."""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Connection, event, select

from tests.store.releases import store_release
from watchlist.errors import Conflict
from watchlist.model.access import Actor, Classification
from watchlist.store import reads
from watchlist.store.db import Store
from watchlist.store.releases import Key, ReleaseContent, ReleaseInfo
from watchlist.store.tables import releases, sources, statements

OFFICER = Actor("officer", Classification.SECRET)
DAY = date(2024, 3, 1)
TIMEOUT = 60  # seconds a thread may wait for the other; a hang fails the test instead


def content(tag: str, entities: int = 20, source: str = "demo") -> ReleaseContent:
    """A release whose every entity carries `tag`, so a read can tell which release it saw."""
    keys: set[Key] = set()
    for i in range(entities):
        eid = f"e{i}"
        keys |= {
            (eid, "$schema", "Person"),
            (eid, "name", f"Person {i} {tag}"),
            (eid, "notes", f"release {tag}"),
        }
    return ReleaseContent(
        source=source,
        title="Demo list",
        published=DAY,
        content_hash=hashlib.sha256(f"{source}/{tag}/{entities}".encode()).hexdigest(),
        files=f"{tag}.csv",
        format="test",
        statements=frozenset(keys),
    )


@contextmanager
def pause_before(store: Store, sql_prefix: str, parties: int) -> Iterator[threading.Barrier]:
    """Hold each of `parties` transactions just before it runs a statement starting with
    `sql_prefix`, until all of them got there: a race made certain instead of likely."""
    barrier = threading.Barrier(parties, timeout=TIMEOUT)
    prefix = sql_prefix.upper()
    arrived = itertools.count()

    def hook(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        # Only the first `parties` statements wait: a later one must not wait for company.
        if statement.lstrip().upper().startswith(prefix) and next(arrived) < parties:
            barrier.wait()

    event.listen(store.engine, "before_cursor_execute", hook)
    try:
        yield barrier
    finally:
        event.remove(store.engine, "before_cursor_execute", hook)


def race(*calls: Callable[[], ReleaseInfo]) -> list[ReleaseInfo | Exception]:
    """Run the calls in parallel threads; each result or the exception it raised."""

    def outcome(call: Callable[[], ReleaseInfo]) -> ReleaseInfo | Exception:
        try:
            return call()
        except Exception as exc:  # the test inspects what each thread got
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(outcome, calls))


def release_rows(store: Store) -> list[tuple[int, str]]:
    with store.read() as conn:
        rows = conn.execute(select(releases.c.seq, releases.c.content_hash).order_by("seq"))
        return [(r.seq, r.content_hash) for r in rows]


def statements_of(store: Store, seq: int, source: str = "demo") -> frozenset[Key]:
    """What the store says release `seq` held."""
    with store.read() as conn:
        rows = conn.execute(
            select(statements.c.entity_id, statements.c.prop, statements.c.value).where(
                statements.c.source == source,
                statements.c.first_seq <= seq,
                statements.c.last_seq >= seq,
            )
        )
        return frozenset((r[0], r[1], r[2]) for r in rows)


def split(results: list[ReleaseInfo | Exception]) -> tuple[list[ReleaseInfo], list[Exception]]:
    won = [r for r in results if isinstance(r, ReleaseInfo)]
    lost = [r for r in results if isinstance(r, Exception)]
    return won, lost


@pytest.mark.postgresql
def test_two_imports_of_one_list_at_once_one_wins(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        store_release(store, OFFICER, content("base"))
        a, b = content("a"), content("b")
        with pause_before(store, "UPDATE sources", 2):
            results = race(
                lambda: store_release(store, OFFICER, a), lambda: store_release(store, OFFICER, b)
            )
        won, lost = split(results)
        assert len(won) == 1 and len(lost) == 1, results
        assert isinstance(lost[0], Conflict)
        assert "demo" in str(lost[0]) and "try again" in str(lost[0])
        winner = a if results[0] is won[0] else b
        loser = b if winner is a else a
        assert won[0].seq == 2
        assert release_rows(store) == [(1, content("base").content_hash), (2, winner.content_hash)]
        assert statements_of(store, 2) == winner.statements
        assert statements_of(store, 1) == content("base").statements
        # The loser's retry lands on top of the winner: nothing was lost.
        again = store_release(store, OFFICER, loser)
        assert again.seq == 3 and statements_of(store, 3) == loser.statements
        assert statements_of(store, 2) == winner.statements
    finally:
        store.close()


@pytest.mark.postgresql
def test_first_imports_of_a_new_list_at_once(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        a, b = content("a"), content("b")
        with pause_before(store, "INSERT INTO sources", 2):
            results = race(
                lambda: store_release(store, OFFICER, a), lambda: store_release(store, OFFICER, b)
            )
        won, lost = split(results)
        assert len(won) == 1 and len(lost) == 1, results
        assert isinstance(lost[0], Conflict) and "demo" in str(lost[0])
        assert [seq for seq, _ in release_rows(store)] == [1]
    finally:
        store.close()


@pytest.mark.postgresql
def test_same_file_imported_twice_at_once_makes_one_release(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        store_release(store, OFFICER, content("base"))
        same = content("new")
        with pause_before(store, "UPDATE sources", 2):
            results = race(
                lambda: store_release(store, OFFICER, same),
                lambda: store_release(store, OFFICER, same),
            )
        won, lost = split(results)
        assert len(won) == 1 and isinstance(lost[0], Conflict)
        retry = store_release(store, OFFICER, same)
        assert retry.unchanged and retry.seq == 2
        assert [seq for seq, _ in release_rows(store)] == [1, 2]
    finally:
        store.close()


def test_many_writers_lose_no_release(store: Store) -> None:
    """Writers retrying on Conflict: every release stored once, in some order, each intact."""
    tags = [f"w{w}r{r}" for w in range(4) for r in range(4)]
    by_hash = {content(tag).content_hash: content(tag) for tag in tags}

    def writer(worker: int) -> None:
        for r in range(4):
            item = content(f"w{worker}r{r}")
            for _attempt in range(200):
                try:
                    store_release(store, OFFICER, item)
                    break
                except Conflict:
                    continue
            else:
                raise AssertionError(f"w{worker}r{r} never got in")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(writer, range(4)))
    rows = release_rows(store)
    assert [seq for seq, _ in rows] == list(range(1, len(tags) + 1))
    assert {h for _, h in rows} == set(by_hash)
    for seq, digest in rows:
        assert statements_of(store, seq) == by_hash[digest].statements, f"release {seq}"


def test_a_read_keeps_its_snapshot_while_an_import_commits(store: Store) -> None:
    """A read of several queries sees the release current when it began, even when an import
    commits between its queries."""
    old, new = content("old"), content("new", entities=25)
    store_release(store, OFFICER, old)
    with store.read() as conn:
        version = reads.store_version(conn)
        # Another connection commits the next release while this read is still open.
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(store_release, store, OFFICER, new).result(TIMEOUT).seq == 2
        seen = list(reads.current_entities(conn, OFFICER))
        again = reads.store_version(conn)
    assert version == again == (("demo", 1),)
    assert {e.properties["notes"][0] for e in seen} == {"release old"}
    assert len(seen) == 20
    with store.read() as conn:
        assert reads.store_version(conn) == (("demo", 2),)
        assert len(list(reads.current_entities(conn, OFFICER))) == 25


def test_reads_during_imports_never_mix_releases(store: Store) -> None:
    """Readers in a loop while releases alternate: each read is one whole release."""
    versions = [content(f"v{i}", entities=300 + 50 * (i % 2)) for i in range(6)]
    store_release(store, OFFICER, versions[0])
    expected = {i + 1: v for i, v in enumerate(versions)}
    done = threading.Event()

    def reader() -> int:
        checked = 0
        while not done.is_set() or checked == 0:
            with store.read() as conn:
                ((_, seq),) = reads.store_version(conn)
                seen = list(reads.current_entities(conn, OFFICER))
                listed = reads.entities_at(conn, OFFICER, "demo")
                assert [e.source_id for e in listed] == sorted(e.source_id for e in seen)
            keys = {
                (e.source_id, prop, value)
                for e in seen
                for prop, values in [("$schema", [e.schema]), *e.properties.items()]
                for value in values
            }
            assert keys == expected[seq].statements, f"read of release {seq} saw a mix"
            checked += 1
        return checked

    with ThreadPoolExecutor(3) as pool:
        readers = [pool.submit(reader) for _ in range(2)]
        try:
            for v in versions[1:]:
                store_release(store, OFFICER, v)
        finally:
            done.set()
        assert all(r.result(TIMEOUT) > 0 for r in readers)


def people(tag: str, names: list[str]) -> ReleaseContent:
    keys = {(f"p{i}", "$schema", "Person") for i in range(len(names))}
    keys |= {(f"p{i}", "name", name) for i, name in enumerate(names)}
    return ReleaseContent("people", "People", DAY, tag * 8, f"{tag}.csv", "test", frozenset(keys))


def test_screening_built_while_an_import_commits_sees_one_release(store: Store) -> None:
    """The screening index is read in one snapshot: an import that commits while it is being
    built shows up in the next index, not half in this one."""
    from watchlist.index.build import NameIndex
    from watchlist.index.cache import cached_index
    from watchlist.screening import Query, Screener

    store_release(store, OFFICER, people("old", ["Pavel Karpov", "Ivan Petrov"]))

    def build_while_importing(conn: Connection) -> NameIndex:
        with ThreadPoolExecutor(1) as pool:
            new = people("new", ["Pavel Karpov", "Olga Smirnova"])
            assert pool.submit(store_release, store, OFFICER, new).result(TIMEOUT).seq == 2
        return NameIndex.build(reads.current_entities(conn))

    def found(screener: Screener, name: str) -> list[str | None]:
        return [hit.caption for hit in screener.screen(Query(name), OFFICER)]

    during = Screener(cached_index(store, build_while_importing))
    assert found(during, "Ivan Petrov") == ["Ivan Petrov"]
    assert found(during, "Olga Smirnova") == []
    after = Screener.from_store(store)
    assert found(after, "Olga Smirnova") == ["Olga Smirnova"]
    assert found(after, "Ivan Petrov") == []


@pytest.mark.postgresql
def test_a_deadlock_becomes_a_conflict(pg_url: str) -> None:
    """Two writers locking two lists in opposite orders: PostgreSQL aborts one, which the
    store reports as Conflict (a retry may succeed), while the other commits."""
    store = Store.open(pg_url)
    try:
        for name in ("a", "b"):
            store_release(store, OFFICER, content("x", source=name))
        barrier = threading.Barrier(2, timeout=TIMEOUT)

        def touch(first: str, second: str) -> ReleaseInfo:
            with store.begin() as conn:
                for i, name in enumerate((first, second)):
                    conn.execute(
                        sources.update().where(sources.c.name == name).values(title=f"t{i}")
                    )
                    if i == 0:
                        barrier.wait()
            return ReleaseInfo(first, 0, DAY, True, 0)

        results = race(lambda: touch("a", "b"), lambda: touch("b", "a"))
        won, lost = split(results)
        assert len(won) == 1 and len(lost) == 1, results
        assert isinstance(lost[0], Conflict) and "deadlock" in str(lost[0])
    finally:
        store.close()
