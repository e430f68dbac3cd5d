"""SQLite writers take turns through a file lock (store/turns.py), so a writer waits for the
one before it instead of polling SQLite's busy handler, and never fails for it."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from watchlist.store.db import Store
from watchlist.store.turns import HELD_INTERVAL, QuickHandOver, WriterTurns

TIMEOUT = 30  # seconds a thread may wait for the other; a hang fails the test instead


def test_a_second_writer_waits_until_the_first_is_done(tmp_path: Path) -> None:
    turns = WriterTurns(str(tmp_path / "w.db"))
    first_in, first_may_leave, second_in = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with turns.turn():
            first_in.set()
            assert first_may_leave.wait(TIMEOUT)

    def second() -> None:
        assert first_in.wait(TIMEOUT)
        with turns.turn():
            second_in.set()

    a, b = threading.Thread(target=first), threading.Thread(target=second)
    a.start()
    b.start()
    assert first_in.wait(TIMEOUT)
    # One thread's turn excludes another thread of the same process, not only other processes.
    assert not second_in.wait(0.3), "the second writer got in while the first held its turn"
    first_may_leave.set()
    assert second_in.wait(TIMEOUT)
    a.join(TIMEOUT)
    b.join(TIMEOUT)


def test_a_database_without_a_file_needs_no_turns(tmp_path: Path) -> None:
    turns = WriterTurns(None)
    with turns.turn(), turns.turn():  # nested: nothing to wait for
        pass
    assert turns.path is None
    assert Store.open("sqlite://").turns.path is None
    assert Store.open(f"sqlite:///{tmp_path}/s.db").turns.path == f"{tmp_path}/s.db-writers.lock"


def test_concurrent_writers_never_meet_a_locked_database(tmp_path: Path) -> None:
    """With SQLite's busy handler switched off, two writers at once fail with "database is
    locked" unless something else makes them take turns."""
    store = Store.open(f"sqlite:///{tmp_path}/s.db")

    def no_busy_wait(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout = 0")

    event.listen(store.engine, "connect", no_busy_wait)
    store.engine.dispose()  # connections opened from now on wait for nothing
    with store.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (writer INTEGER, n INTEGER)")

    def write(writer: int) -> None:
        for n in range(40):
            with store.begin() as conn:
                conn.exec_driver_sql(f"INSERT INTO t VALUES ({writer}, {n})")

    with ThreadPoolExecutor(4) as pool:
        for f in [pool.submit(write, w) for w in range(4)]:
            f.result(TIMEOUT)
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 160
    store.close()


@pytest.fixture
def default_interval() -> Iterator[float]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    yield 0.005
    sys.setswitchinterval(before)


def test_a_writer_gets_the_interpreter_back_quickly_while_in_its_transaction(
    tmp_path: Path, default_interval: float
) -> None:
    store = Store.open(f"sqlite:///{tmp_path}/s.db")
    with store.begin():
        assert sys.getswitchinterval() == pytest.approx(HELD_INTERVAL)
        assert HELD_INTERVAL < default_interval
    assert sys.getswitchinterval() == pytest.approx(default_interval)
    with pytest.raises(ZeroDivisionError), store.begin():  # a transaction that fails too
        assert sys.getswitchinterval() == pytest.approx(HELD_INTERVAL)
        _ = 1 / 0
    assert sys.getswitchinterval() == pytest.approx(default_interval)
    store.close()


def test_the_interval_is_short_until_the_last_writer_of_the_process_is_out(
    default_interval: float,
) -> None:
    hand_over = QuickHandOver()
    first_in, first_may_leave, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with hand_over:
            first_in.set()
            assert first_may_leave.wait(TIMEOUT)
        first_out.set()

    a = threading.Thread(target=first)
    a.start()
    assert first_in.wait(TIMEOUT)
    with hand_over:
        first_may_leave.set()
        assert first_out.wait(TIMEOUT)
        # the first writer is out, this one is still in its transaction
        assert sys.getswitchinterval() == pytest.approx(HELD_INTERVAL)
    assert sys.getswitchinterval() == pytest.approx(default_interval)
    a.join(TIMEOUT)
    sys.setswitchinterval(HELD_INTERVAL / 5)  # a process that set a shorter one keeps it
    with hand_over:
        assert sys.getswitchinterval() == pytest.approx(HELD_INTERVAL / 5, abs=2e-6)
    assert sys.getswitchinterval() == pytest.approx(HELD_INTERVAL / 5, abs=2e-6)
