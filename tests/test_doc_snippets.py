"""The library as the README and docs show it: each Python snippet runs, as written, in a fresh
interpreter in an empty folder, and prints what the text says it does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def snippets(doc: str, section: str) -> list[str]:
    text = (ROOT / doc).read_text()
    part = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", part, re.S)


def run(code: str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("WATCHLIST_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_readme_library_snippet_runs(tmp_path: Path) -> None:
    [code] = snippets("README.md", "Library")
    out = run(code, tmp_path).splitlines()
    # the hit, its score and its features as data; then the four-eyes decision's outcome
    assert out[0].startswith("KARPOV, Pavel")
    assert "('name'," in out[0] and "('birth_date'," in out[0]
    assert out[1] == "true_match"
    assert (tmp_path / "watchlist.db").is_file()


def test_the_screening_doc_library_snippet_runs(tmp_path: Path) -> None:
    [code] = snippets("docs/screening.md", "Library")
    [line] = run(code, tmp_path).splitlines()
    score, _, sentence = line.partition(" ")
    assert float(score) >= 0.8
    assert "Japanese" in sentence
