"""The registry commands as a user runs them: import, lists, show, export, and their errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from watchlist.cli.app import app
from watchlist.settings import get_settings

FTM = FIXTURES / "ftm" / "zala.entities.ftm.json"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("WATCHLIST_DB", f"sqlite:///{tmp_path}/cli.db")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def run(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, list(args))
    # a crash is a failure, whatever its output reveals or not
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


def lists(cli: CliRunner) -> dict[str, dict[str, object]]:
    code, out = run(cli, "lists", "--json")
    assert code == 0, out
    return {row["source"]: row for row in json.loads(out)}


def test_import_then_lists_and_show(cli: CliRunner) -> None:
    code, out = run(cli, "import", str(FTM), "--source", "zala", "--date", "2024-01-01")
    assert code == 0, out
    row = lists(cli)["zala"]
    assert row["releases"] == 1 and row["entities"] > 0
    assert row["classification"] == "public" and row["last_release"] == "2024-01-01"
    code, out = run(cli, "export", "zala")
    first = json.loads(out.splitlines()[0])
    code, out = run(cli, "show", f"zala:{first['id']}", "--json")
    assert code == 0, out
    assert json.loads(out)["properties"] == first["properties"]


def test_reimport_says_unchanged(cli: CliRunner) -> None:
    run(cli, "import", str(FTM), "--source", "zala")
    code, out = run(cli, "import", str(FTM), "--source", "zala")
    assert code == 0 and "unchanged" in out
    assert lists(cli)["zala"]["releases"] == 1


def test_export_import_round_trip(cli: CliRunner, tmp_path: Path) -> None:
    run(cli, "import", str(FTM), "--source", "zala")
    out_file = tmp_path / "zala.ftm.json"
    code, out = run(cli, "export", "zala", "--format", "ftm", "--output", str(out_file))
    assert code == 0, out
    code, out = run(cli, "import", str(out_file), "--source", "zala_copy")
    assert code == 0, out
    again = tmp_path / "copy.ftm.json"
    run(cli, "export", "zala_copy", "--output", str(again))
    strip = [
        {k: v for k, v in json.loads(line).items() if k != "datasets"}
        for line in out_file.read_text().splitlines()
    ]
    strip2 = [
        {k: v for k, v in json.loads(line).items() if k != "datasets"}
        for line in again.read_text().splitlines()
    ]
    assert strip == strip2 and len(strip) == lists(cli)["zala"]["entities"]


def test_bad_file_names_the_file_and_changes_nothing(cli: CliRunner, tmp_path: Path) -> None:
    run(cli, "import", str(FTM), "--source", "zala")
    before = lists(cli)
    broken = tmp_path / "broken.json"
    broken.write_bytes(FTM.read_bytes()[:5000])
    code, out = run(cli, "import", str(broken), "--source", "zala")
    assert code == 2  # bad input
    assert "broken.json" in out and "Traceback" not in out
    assert lists(cli) == before


def test_unknown_file_is_refused_by_name(cli: CliRunner, tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 not a list")
    code, out = run(cli, "import", str(junk))
    assert code == 2 and "junk.bin" in out and "Traceback" not in out
    code, out = run(cli, "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "missing.csv" in out


def test_show_unknown_entry_and_bad_ref(cli: CliRunner) -> None:
    code, out = run(cli, "show", "nolist:1")
    assert code == 1 and "no list named 'nolist'" in out
    code, out = run(cli, "show", "nocolon")
    assert code == 2 and "SOURCE:ID" in out
    code, out = run(cli, "show", "x:1", "--as-of", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in out


def test_confidential_list_hidden_from_uncleared_operator(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(
        cli, "lists", "create", "own", "--title", "Own list", "--classification", "confidential"
    )
    assert code == 0, out
    code, out = run(cli, "import", str(FTM), "--source", "own")
    assert code == 0, out
    first = json.loads(run(cli, "export", "own")[1].splitlines()[0])
    name = first["properties"]["name"][0]
    monkeypatch.setenv("WATCHLIST_CLEARANCE", "public")
    get_settings.cache_clear()
    assert "own" not in lists(cli)
    for args in (
        ("show", f"own:{first['id']}", "--json"),
        ("history", f"own:{first['id']}"),
        ("diff", "own"),
        ("export", "own"),
        ("lists",),
    ):
        code, out = run(cli, *args)
        assert code == (0 if args == ("lists",) else 1), (args, out)
        assert name not in out and first["id"] not in out.replace(f"own:{first['id']}", "")


def test_imports_and_list_creation_are_audited(cli: CliRunner) -> None:
    run(cli, "lists", "create", "own", "--title", "Own", "--classification", "confidential")
    run(cli, "import", str(FTM), "--source", "zala")
    code, out = run(cli, "audit", "export")
    assert code == 0, out
    actions = [json.loads(line)["action"] for line in out.splitlines() if line.strip()]
    assert actions[:2] == ["list.create", "list.import"]
    assert run(cli, "audit", "verify")[0] == 0
