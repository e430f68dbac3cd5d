"""A command line call ends without the interpreter's teardown (cli.app.leave), with its exit
code, its output and its exit handlers as before."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

WATCHLIST = str(Path(sys.executable).with_name("watchlist"))


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_leave_flushes_the_output_and_runs_the_exit_handlers_but_frees_nothing() -> None:
    done = run(
        """
        import atexit, sys
        from watchlist.cli.app import leave

        class Freed:
            def __del__(self):
                print("freed at teardown")

        kept = Freed()
        atexit.register(lambda: print("exit handler", file=sys.stderr))
        print("written", end="")
        leave(3)
        """
    )
    assert done.returncode == 3
    assert done.stdout == "written"  # flushed; the object was never freed one by one
    assert done.stderr.endswith("exit handler\n")  # after any warning of the import


def test_a_thread_still_running_gets_the_usual_exit() -> None:
    # main() leaves early only with no other thread: one still running is waited for.
    done = run(
        """
        import threading, time
        from watchlist.cli import app as cli

        ended = threading.Event()

        def command():
            print("command done")
            ended.set()
            raise SystemExit(0)

        def late():
            ended.wait()
            time.sleep(0.2)
            print("thread done")

        threading.Thread(target=late).start()
        cli.app = command
        cli.main()
        """
    )
    assert done.returncode == 0
    assert done.stdout == "command done\nthread done\n"


@pytest.mark.parametrize(
    ("args", "code", "reason"),
    [
        (["--help"], 0, "a command that succeeds"),
        (["no-such-command"], 2, "a usage error: Click's own exit code"),
        (["batch", "/nonexistent.csv", "--output", "/dev/null"], 2, "an error the CLI reports"),
    ],
)
def test_the_console_script_keeps_each_exit_code(
    tmp_path: Path, args: list[str], code: int, reason: str
) -> None:
    done = subprocess.run(
        [WATCHLIST, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"WATCHLIST_DB": f"sqlite:///{tmp_path}/w.db", "HOME": str(tmp_path), "PATH": ""},
    )
    assert done.returncode == code, (reason, done.stderr)
    assert (done.stdout + done.stderr).strip(), reason


def test_no_worker_of_a_batch_outlives_the_process_that_ends_through_leave() -> None:
    # A batch returns without waiting for its stopped workers' exits (screening.batch); a
    # command line call then ends through leave(), whose exit handlers include
    # multiprocessing's, which ends and reaps them: none is left once the process is gone.
    done = run(
        """
        import multiprocessing
        from watchlist.cli.app import leave
        from watchlist.model.access import SYSTEM
        from watchlist.model.entity import StoredEntity
        from watchlist.screening import Query, Screener
        from watchlist.screening.batch import screen_many

        listed = [StoredEntity("l", "1", "Person", {"name": ["Georgy Zhukov"]})]
        queries = [(str(i), Query(f"Georgy Zhukov {i}")) for i in range(500)]
        found = list(screen_many(Screener.build(listed), queries, SYSTEM, workers=2))
        pids = [p.pid for p in multiprocessing.active_children()]
        print(len(found), *pids)
        leave(0)
        """
    )
    assert done.returncode == 0, done.stderr
    count, *pids = map(int, done.stdout.split())
    assert count == 500
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
