"""docs/api.md is a tested artefact: its shell and Python blocks run in order, from the project
root, against a real `watchlist serve` on 127.0.0.1, and say what the page says they do."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("yente_client")

from tests.api.conftest import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "api.md"


def script(port: int) -> str:
    """The page's sh blocks, and its python blocks as heredocs, as one bash script."""
    lines = ["set -euo pipefail", "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT"]
    for lang, code in re.findall(r"```(sh|python)\n(.*?)```", DOC.read_text(), re.S):
        code = code.replace("8000", str(port))
        lines.append(code if lang == "sh" else f"python - <<'PY'\n{code}PY")
    return "\n".join(lines)


def test_the_page_runs_as_written(tmp_path: Path) -> None:
    text = script(free_port())
    assert "watchlist serve" in text and "yente_client" in text
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "WATCHLIST_DB": f"sqlite:///{tmp_path}/docs.db",
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        ["bash", "-c", text], cwd=ROOT, env=env, capture_output=True, text=True, timeout=280
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert '{"status":"ok"}' in out
    assert re.search(r"^401$", out, re.M), out
    # curl /v1/screen, curl /match, then the yente SDK's match and fetch
    assert out.count('"id":"us_ofac_sdn:15880"') >= 2, out
    assert '"releases":{"us_ofac_sdn":{"release":1,"published":"2021-07-07"}}' in out
    assert re.search(r"^us_ofac_sdn:15880 KARPOV, Pavel [01]\.\d+ True$", out, re.M), out
    assert out.rstrip().endswith("KARPOV, Pavel"), out
