"""Import benchmark: wall time and peak memory of importing the full bundled OFAC SDN set.

    .venv/bin/python bench/import_bench.py [FILES...]

Runs `watchlist import` in a child process on a fresh SQLite store (default: the bundled
2021-07 SDN CSV set) and reports seconds and the child's peak RSS. Not a test: figures only.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "watchlist" / "data" / "samples"


def main() -> None:
    files = sys.argv[1:] or [
        str(p) for p in sorted((SAMPLES / "us_ofac_sdn-2021-07").glob("*")) if p.suffix == ".csv"
    ]
    exe = str(Path(sys.executable).parent / "watchlist")
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, WATCHLIST_DB=f"sqlite:///{work}/bench.db")
        for label in ("first import", "re-import (unchanged)"):
            start = time.perf_counter()
            proc = subprocess.run([exe, "import", *files], env=env, capture_output=True, text=True)
            took = time.perf_counter() - start
            if proc.returncode:
                sys.exit(proc.stderr)
            print(f"{label:24} {took:6.2f} s   {proc.stdout.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'peak RSS':24} {peak:6.0f} MB")


if __name__ == "__main__":
    main()
