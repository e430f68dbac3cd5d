"""What an uncleared operator learns of a confidential list through the command line: nothing.

Each case is one that leaked before it was fixed: an alert's history naming the entry, and
answers that told a hidden list from a missing one (creating a list, importing into one,
exporting the audit log).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchlist.cli.app import app
from watchlist.settings import get_settings

HEADER = "id,schema,name,birth_date\n"
ORLOV = "X-1,Person,Ivan Orlov,1970-03-04\n"
OTHER = "X-2,Person,Pyotr Zharkov,1961-11-30\n"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("WATCHLIST_DB", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("WATCHLIST_CLEARANCE", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def run(cli: CliRunner, *args: str, clearance: str = "secret") -> tuple[int, str]:
    """Exit status and output (stdout and stderr) of one command; a crash fails the test."""
    result = cli.invoke(app, list(args), env={"WATCHLIST_CLEARANCE": clearance})
    get_settings.cache_clear()
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


def ok(cli: CliRunner, *args: str, clearance: str = "secret") -> str:
    code, out = run(cli, *args, clearance=clearance)
    assert code == 0, out
    return out


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_restricted_alert_tells_an_uncleared_clerk_nothing_of_its_entry(
    cli: CliRunner, tmp_path: Path
) -> None:
    # As a new user would: an own confidential list, a customer of that name, rescreen; the
    # person leaves the list, rescreen again: the alert closes because the entry was delisted.
    ok(cli, "lists", "create", "own", "--title", "Own list", "--classification", "confidential")
    first = write(tmp_path / "own1.csv", HEADER + ORLOV + OTHER)
    ok(cli, "import", str(first), "--source", "own", "--date", "2024-01-01")
    ok(cli, "customers", "import", str(write(tmp_path / "c.csv", "id,name\nc1,Ivan Orlov\n")))
    ok(cli, "rescreen")
    second = write(tmp_path / "own2.csv", HEADER + OTHER)
    ok(cli, "import", str(second), "--source", "own", "--date", "2024-02-01")
    ok(cli, "rescreen")
    (full,) = json.loads(ok(cli, "alerts", "--json"))
    assert full["status"] == "closed" and full["source_id"] == "X-1"
    assert [e["action"] for e in full["events"]] == ["opened", "closed_delisted"]
    assert "own:X-1" in full["events"][-1]["reason"]  # the cleared view keeps everything

    (seen,) = json.loads(ok(cli, "alerts", "--json", clearance="public"))
    assert seen["restricted"] is True and seen["status"] == "closed"
    assert (seen["id"], seen["customer_id"]) == (full["id"], "c1")
    assert [(e["action"], e["status"], e["reason"]) for e in seen["events"]] == [
        ("opened", "open", ""),
        ("closed", "closed", ""),
    ]
    for field in ("source", "source_id", "caption", "schema", "score", "previous_id"):
        assert seen[field] is None, field
    assert seen["changes"] == {} and seen["explanation"] == ""
    for args in (
        ("alerts", "--json"),
        ("alerts",),
        ("alerts", "--id", str(full["id"])),
        ("alerts", "--id", str(full["id"]), "--json"),
        ("alerts", "--customer", "c1", "--json"),
    ):
        out = ok(cli, *args, clearance="public")
        for secret in ("own", "X-1", "Orlov", "delisted", "1970-03"):
            assert secret not in out, (args, secret, out)


def test_a_reopened_restricted_alert_hides_what_changed(cli: CliRunner, tmp_path: Path) -> None:
    ok(cli, "lists", "create", "own", "--title", "Own list", "--classification", "secret")
    ok(cli, "import", str(write(tmp_path / "a.csv", HEADER + ORLOV)), "--source", "own")
    ok(cli, "customers", "import", str(write(tmp_path / "c.csv", "id,name\nc1,Ivan Orlov\n")))
    ok(cli, "rescreen")
    amended = ORLOV.replace("1970-03-04", "1970-03-05")
    ok(cli, "import", str(write(tmp_path / "b.csv", HEADER + amended)), "--source", "own")
    ok(cli, "rescreen")
    cleared = json.loads(ok(cli, "alerts", "--json"))
    assert [a["previous_id"] for a in cleared] == [None, cleared[0]["id"]]
    assert "entity" in cleared[1]["changes"]
    assert "superseded" in cleared[0]["events"][-1]["reason"]
    for level in ("public", "restricted", "confidential"):
        out = ok(cli, "alerts", "--json", clearance=level)
        seen = json.loads(out)
        assert [a["restricted"] for a in seen] == [True, True]
        assert [a["previous_id"] for a in seen] == [None, None]
        assert [a["changes"] for a in seen] == [{}, {}]
        for secret in ("own", "X-1", "Orlov", "1970-03", "superseded", "entity", "reopens"):
            assert secret not in out, (level, secret)


def test_creating_a_list_answers_alike_whatever_exists(cli: CliRunner) -> None:
    ok(cli, "lists", "create", "hidden", "--title", "Hidden", "--classification", "confidential")
    for level in ("public", "restricted", "confidential"):
        answers = {
            name: run(cli, "lists", "create", name, "--title", "T", clearance=level)
            for name in ("hidden", "fresh")
        }
        code, out = answers["hidden"]
        assert answers["fresh"] == (code, out), level
        assert code == 1 and "exists" not in out and "hidden" not in out, out
        assert "secret clearance" in out
    listed = json.loads(ok(cli, "lists", "--json"))
    assert [x["source"] for x in listed] == ["hidden"]  # nothing was created
    # The cleared operator is told of a clash, as before.
    code, out = run(cli, "lists", "create", "hidden", "--title", "T")
    assert code == 1 and "exists already" in out


def test_importing_into_a_hidden_list_answers_as_for_a_missing_one(
    cli: CliRunner, tmp_path: Path
) -> None:
    ok(cli, "lists", "create", "hidden", "--title", "Hidden", "--classification", "confidential")
    own = write(tmp_path / "own.csv", HEADER + ORLOV)
    ok(cli, "import", str(own), "--source", "hidden")
    before = ok(cli, "lists", "--json")
    audit_before = ok(cli, "audit", "export")
    fresh = write(tmp_path / "fresh.csv", HEADER + OTHER)
    for level in ("public", "restricted"):
        for path in (own, fresh):  # the very release the list holds, and new content
            answers = {
                name: run(cli, "import", str(path), "--source", name, clearance=level)
                for name in ("hidden", "missing")
            }
            code, out = answers["hidden"]
            assert code == 1, out
            assert out.replace("hidden", "NAME") == answers["missing"][1].replace("missing", "NAME")
            assert answers["missing"][0] == 1
    assert ok(cli, "lists", "--json") == before
    # Nothing was recorded either (the export itself is the only new record).
    after = ok(cli, "audit", "export").splitlines()
    assert after[: len(audit_before.splitlines())] == audit_before.splitlines()
    assert [json.loads(x)["action"] for x in after[len(audit_before.splitlines()) :]] == [
        "audit.export"
    ]


def test_an_uncleared_import_into_a_visible_list_still_works(
    cli: CliRunner, tmp_path: Path
) -> None:
    ok(cli, "lists", "create", "open", "--title", "Open list")
    out = ok(
        cli,
        "import",
        str(write(tmp_path / "o.csv", HEADER + OTHER)),
        "--source",
        "open",
        clearance="public",
    )
    assert "open: release 1" in out


def test_exporting_the_audit_log_answers_alike_whatever_it_holds(cli: CliRunner) -> None:
    public_only = {level: run(cli, "audit", "export", clearance=level) for level in LEVELS[:-1]}
    ok(cli, "lists", "create", "hidden", "--title", "Hidden", "--classification", "restricted")
    for level in LEVELS[:-1]:
        code, out = run(cli, "audit", "export", clearance=level)
        assert (code, out) == public_only[level], level
        assert code == 1 and "secret clearance" in out and "restricted" not in out
    assert "hidden" in ok(cli, "audit", "export")


LEVELS = ("public", "restricted", "confidential", "secret")
