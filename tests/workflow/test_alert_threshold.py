"""WATCHLIST_ALERT_THRESHOLD decides which hits of a run open alerts (with the real matcher)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchlist.cli.app import app
from watchlist.settings import get_settings

LIST = "id,schema,name,birth_date\nK-1,Person,Pavel Karpov,1977-08-27\n"
CUSTOMERS = "id,name,dob\nclose,Pavel Karpov,1977-08-27\nfar,Pavlo Karpovych,\n"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("WATCHLIST_DB", f"sqlite:///{tmp_path}/t.db")
    monkeypatch.delenv("WATCHLIST_ALERT_THRESHOLD", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def run(cli: CliRunner, *args: str, threshold: float | None = None) -> str:
    env = {"WATCHLIST_ALERT_THRESHOLD": None if threshold is None else str(threshold)}
    get_settings.cache_clear()
    result = cli.invoke(app, list(args), env=env)
    get_settings.cache_clear()
    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_alert_threshold_setting_decides_which_hits_alert(
    cli: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "own.csv").write_text(LIST)
    (tmp_path / "c.csv").write_text(CUSTOMERS)
    run(cli, "import", str(tmp_path / "own.csv"), "--source", "own")
    # The two customers' scores, as screening gives them.
    close, far = (
        json.loads(run(cli, "screen", name, *dob, "--threshold", "0", "--json"))[0]["score"]
        for name, dob in (("Pavel Karpov", ("--dob", "1977-08-27")), ("Pavlo Karpovych", ()))
    )
    assert close > far > 0
    run(cli, "customers", "import", str(tmp_path / "c.csv"))

    between = round((close + far) / 2, 4)
    report = json.loads(run(cli, "rescreen", "--json", threshold=between))
    assert report["opened"] == 1
    (alert,) = json.loads(run(cli, "alerts", "--json"))
    assert alert["customer_id"] == "close" and alert["score"] >= between

    below = round(far - 0.01, 4)
    report = json.loads(run(cli, "rescreen", "--json", threshold=below))
    assert (report["mode"], report["reason"]) == ("full", "matcher settings changed")
    assert report["opened"] == 1
    alerts = json.loads(run(cli, "alerts", "--json"))
    assert sorted(a["customer_id"] for a in alerts) == ["close", "far"]
    assert all(a["score"] >= below for a in alerts)
    trail = [json.loads(line) for line in run(cli, "audit", "export").splitlines()]
    changes = [r["detail"] for r in trail if r["action"] == "settings.change"]
    assert [(c["before"]["threshold"], c["after"]["threshold"]) for c in changes] == [
        (between, below)
    ]
