"""Without PostgreSQL a developer's run still runs and says loudly what it skipped; in CI, and
wherever a server should start but does not, the run fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import postgres

ROOT = Path(__file__).resolve().parents[2]
ONE_STORE_TEST = "tests/store/test_history.py::test_show_as_of_a_date"


def run_suite(tmp_path: Path, script: str, ci: bool = False) -> subprocess.CompletedProcess[str]:
    """A nested pytest run whose scripts/pg.sh is `script`, with no server from this run; in a
    CI run (CI=true) or not."""
    fake = tmp_path / "pg.sh"
    fake.write_text(script)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in (postgres.URL_ENV, postgres.TEMPLATE_ENV, postgres.SKIP_ENV)
        and not k.startswith("PYTEST_")
    }
    env[postgres.PG_SH_ENV] = str(fake)
    env[postgres.CI_ENV] = "true" if ci else ""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", ONE_STORE_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_outside_ci_no_postgres_and_no_way_to_install_it_skips_loudly(tmp_path: Path) -> None:
    proc = run_suite(tmp_path, 'echo "not root, and no apt-get" >&2\nexit 3\n')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed, 1 skipped" in proc.stdout
    # in the warnings summary and on the last line
    assert proc.stdout.count("PostgreSQL variants SKIPPED") >= 2, proc.stdout
    assert "not root, and no apt-get" in proc.stdout
    assert postgres.URL_ENV in proc.stdout  # it says how to run them


def test_a_server_that_fails_to_start_fails_the_run(tmp_path: Path) -> None:
    proc = run_suite(tmp_path, 'echo "initdb: disk full" >&2\nexit 1\n')
    assert proc.returncode != 0
    assert "initdb: disk full" in proc.stdout + proc.stderr
    assert "passed" not in proc.stdout


def test_in_ci_no_postgres_fails_the_run(tmp_path: Path) -> None:
    proc = run_suite(tmp_path, 'echo "not root, and no apt-get" >&2\nexit 3\n', ci=True)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "CI=true: the PostgreSQL variants must run" in out and "not root, and no apt-get" in out
    assert "passed" not in proc.stdout and "SKIPPED" not in proc.stdout


def test_ci_runs_say_they_are_ci() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "export CI=true" in script.split("make test")[0]
