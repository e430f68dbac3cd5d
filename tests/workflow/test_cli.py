"""The workflow commands as a user runs them; the matcher is the test name matcher."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.fetch.test_update import Server, server  # noqa: F401 (fixture)
from tests.workflow.helpers import KARPOV, NameMatchers, release
from watchlist.audit import verify_lines
from watchlist.cli.app import app
from watchlist.settings import get_settings
from watchlist.store.db import Store
from watchlist.workflow import runs

DOCS = Path(__file__).parents[2] / "docs" / "workflow.md"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    db = tmp_path / "cli.db"
    monkeypatch.setenv("WATCHLIST_DB", f"sqlite:///{db}")
    monkeypatch.setattr(runs, "ScreeningMatchers", lambda threshold=None: NameMatchers())
    get_settings.cache_clear()
    store = Store.open(f"sqlite:///{db}")
    release(store, "2024-01-01", {"15880": KARPOV})
    store.close()
    yield CliRunner()
    get_settings.cache_clear()


def run(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    # error lines go through rich, which wraps them at the terminal width
    return result.exit_code, result.output if args[-1] == "--json" else " ".join(
        result.output.split()
    )


@pytest.fixture
def screened(cli: CliRunner, tmp_path: Path) -> CliRunner:
    path = tmp_path / "c.csv"
    path.write_text("id,name,dob\nc1,Pavel Karpov,1977-08-27\nc2,Jane Smithson,1980-01-01\n")
    code, out = run(cli, "customers", "import", str(path))
    assert code == 0 and "2 customers added" in out
    code, out = run(cli, "rescreen")
    assert code == 0 and "1 alerts opened" in out, out
    return cli


def test_alerts_json_carries_the_contract_fields(screened: CliRunner) -> None:
    code, out = run(screened, "alerts", "--json")
    assert code == 0
    (alert,) = json.loads(out)
    assert {k: alert[k] for k in ("customer_id", "source", "source_id", "status")} == {
        "customer_id": "c1",
        "source": "demo",
        "source_id": "15880",
        "status": "open",
    }
    assert isinstance(alert["id"], int) and alert["score"] == 0.9
    code, out = run(screened, "alerts", "--status", "false_positive", "--json")
    assert json.loads(out) == []
    code, out = run(screened, "alerts")
    assert "demo:15880" in out and "Pavel Karpov" in out


def test_four_eyes_through_the_command_line(screened: CliRunner) -> None:
    code, out = run(
        screened, "decide", "1", "--as", "true", "--reason", "dob and name", "--analyst", "ann"
    )
    assert code == 0 and "awaiting_confirmation" in out
    code, out = run(
        screened, "decide", "1", "--as", "true", "--reason", "agree", "--analyst", "ann"
    )
    assert code == 1 and "four eyes" in out and "Traceback" not in out
    code, out = run(
        screened, "decide", "1", "--as", "true", "--reason", "agree", "--analyst", "bob"
    )
    assert code == 0 and "true_match" in out
    code, out = run(screened, "alerts", "--id", "1")
    assert "proposed_true: dob and name" in out and "confirmed_true: agree" in out


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["decide", "1", "--as", "maybe", "--reason", "x", "--analyst", "a"], 2, "true, false or"),
        (["decide", "9", "--as", "false", "--reason", "x", "--analyst", "a"], 1, "no alert 9"),
        (["decide", "1", "--as", "false", "--reason", " ", "--analyst", "a"], 2, "written reason"),
        (["decide", "1", "--as", "false", "--reason", " ", "--analyst", "a"], 2, "--reason"),
        (["alerts", "--status", "pending"], 2, "unknown alert status"),
        (["customers", "import", "/nonexistent.csv"], 2, "no such file"),
        (["audit", "verify", "--anchor", "1:xyz"], 2, "SEQ:SHA256"),
        (["update", "--every", "soon"], 2, "a duration such as 30m"),
        (["update", "--every", "soon"], 2, "(option --every)"),
    ],
)
def test_errors_are_one_line_exit_2_for_bad_input_1_for_failures(
    screened: CliRunner, args: list[str], status: int, message: str
) -> None:
    code, out = run(screened, *args)
    assert code == status and message in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_audit_verify_passes_then_names_the_tampered_record(
    screened: CliRunner, tmp_path: Path
) -> None:
    code, out = run(screened, "audit", "verify")
    assert code == 0 and "audit log intact: 3 records" in out
    db = sqlite3.connect(tmp_path / "cli.db")
    db.execute("update audit_log set actor = actor || 'x' where seq = 2")
    db.commit()
    db.close()
    code, out = run(screened, "audit", "verify", "--json")
    assert code == 1 and json.loads(out)["first_bad"] == 2


def test_audit_export_writes_verifiable_json_lines(screened: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "audit.jsonl"
    code, _ = run(screened, "audit", "export", "-o", str(target))
    assert code == 0
    lines = target.read_text().splitlines()
    assert [json.loads(x)["action"] for x in lines] == [
        "customers.import",
        "alert.open",
        "run.finish",
        "audit.export",
    ]
    assert verify_lines(lines).ok


def test_update_command_against_a_local_server(
    cli: CliRunner,
    server: Server,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.serve_sdn("sdn_v1")
    monkeypatch.setenv("WATCHLIST_FETCH_URLS", server.table())
    code, out = run(cli, "update", "--list", "us_ofac_sdn")
    assert code == 0 and "us_ofac_sdn: release 1" in out, out
    code, out = run(cli, "update", "--list", "us_ofac_sdn")
    assert code == 0 and "unchanged" in out
    code, out = run(cli, "update", "--list", "un_sc_sanctions")
    assert code == 1 and "HTTP 404" in out
    code, out = run(cli, "lists", "--json")
    listed = {row["source"]: row["releases"] for row in json.loads(out)}
    assert listed == {"demo": 1, "us_ofac_sdn": 1}  # the failed download stored nothing


def test_every_command_and_setting_is_documented() -> None:
    text = DOCS.read_text()
    for command in (
        "watchlist customers import",
        "watchlist rescreen",
        "watchlist alerts",
        "watchlist decide",
        "watchlist audit verify",
        "watchlist audit export",
        "watchlist update",
    ):
        assert f"`{command}" in text, command
    for setting in ("WATCHLIST_ALERT_THRESHOLD", "WATCHLIST_FETCH_URLS", "WATCHLIST_FETCH_TIMEOUT",
                    "WATCHLIST_FETCH_MAX_MB"):  # fmt: skip
        assert f"`{setting}`" in text, setting
