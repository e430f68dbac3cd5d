"""The screening commands as a user runs them: screen, batch, compare; and an uncleared
operator, who sees that a restricted entry matched but nothing of it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.screening.lists import fill
from watchlist.cli.app import app
from watchlist.cli.common import open_watchlist
from watchlist.settings import get_settings
from watchlist.store.db import Store


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("WATCHLIST_DB", url)
    get_settings.cache_clear()
    store = Store.open(url)
    fill(store)
    store.close()
    yield CliRunner()
    get_settings.cache_clear()


def run(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, list(args))
    # a crash is a failure, whatever its output reveals or not
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


def uncleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHLIST_CLEARANCE", "public")
    get_settings.cache_clear()


def test_screen_prints_ranked_hits_with_reasons(cli: CliRunner) -> None:
    code, out = run(cli, "screen", "Георгий Жуков", "--dob", "1896-12-01")
    assert code == 0, out
    assert "public_list:P1" in out and "birth date" in out and "zhukov" in out
    # One line per feature: the name's own "; " (inside its parentheses) does not break it.
    lines = [line.strip() for line in out.splitlines()]
    (name,) = [line for line in lines if line.startswith("name:")]
    assert "of the query" in name and name.endswith("]")
    assert any(line.startswith("birth date:") for line in lines)


def test_screen_json(cli: CliRunner) -> None:
    code, out = run(cli, "screen", "Zhukov Star", "--schema", "Vessel", "--json")
    assert code == 0, out
    hits = json.loads(out)
    assert [h["source_id"] for h in hits] == ["V1"] and 0 < hits[0]["score"] <= 1


def test_screen_json_carries_structured_features_beside_the_text(cli: CliRunner) -> None:
    code, out = run(cli, "screen", "Georgy Zhukov", "--dob", "1896", "--id", "ZZ1", "--json")
    assert code == 0, out
    (hit,) = [h for h in json.loads(out) if h["source_id"] == "P1"]
    keys = ["id", "source", "source_id", "caption", "schema", "score", "explanation"]
    assert list(hit) == [*keys, "features", "restricted", "ref"]
    name, dob, number = hit["features"]
    assert (name["feature"], name["query"], name["listed"]) == (
        "name",
        ["georgy zhukov"],
        ["georgy zhukov"],
    )
    assert (dob["feature"], dob["value"], dob["query"], dob["listed"]) == (
        "birth_date",
        0.03,
        ["1896"],
        ["1896-12-01"],
    )
    assert (number["feature"], number["value"], number["query"], number["listed"]) == (
        "identifier",
        -0.05,
        ["ZZ1"],
        ["AB123456"],
    )
    assert hit["score"] == pytest.approx(sum(f["value"] for f in hit["features"]), abs=1e-4)
    # the text is rendered from the features, one "sentence [value]" each
    rendered = "; ".join(
        f"{f['explanation']} [{f['value']:{'.2f' if f['feature'] == 'name' else '+.2f'}}]"
        for f in hit["features"]
    )
    assert hit["explanation"] == rendered


def test_screen_no_hits(cli: CliRunner) -> None:
    code, out = run(cli, "screen", "Xylophone Wobblesworth")
    assert code == 0 and "no hits" in out


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


QUERIES = (
    "id,name,dob,country,schema,id_number\n"
    "q1,Georgi Schukow,1896,,,\n"
    "q2,Xylophone Wobblesworth,,,,\n"
    "q3,Bartholomew Quixley,,,,\n"
    "q4,Zhukov,,,Person,AB123456\n"
)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_writes_one_row_per_hit(cli: CliRunner, tmp_path: Path, workers: str) -> None:
    out = tmp_path / "hits.csv"
    code, text = run(
        cli, "batch", str(write(tmp_path / "q.csv", QUERIES)), "-o", str(out), "--workers", workers
    )
    assert code == 0, text
    rows = read(out)
    assert {"query_id", "source", "source_id", "caption", "score", "explanation"} <= set(rows[0])
    got = {(r["query_id"], r["source_id"]) for r in rows}
    assert got == {("q1", "P1"), ("q3", "S1"), ("q4", "P1")}
    assert all(0 < float(r["score"]) <= 1 and r["explanation"] for r in rows)
    (q1,) = [r for r in rows if r["query_id"] == "q1"]
    name, dob = json.loads(q1["features"])
    assert (name["feature"], dob["feature"], dob["query"], dob["listed"]) == (
        "name",
        "birth_date",
        ["1896"],
        ["1896-12-01"],
    )
    assert q1["explanation"].startswith(name["explanation"])


def test_batch_for_an_uncleared_operator_reveals_nothing(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncleared(monkeypatch)
    out = tmp_path / "hits.csv"
    code, text = run(cli, "batch", str(write(tmp_path / "q.csv", QUERIES)), "-o", str(out))
    assert code == 0, text
    (row,) = [r for r in read(out) if r["query_id"] == "q3"]
    assert row["restricted"] == "true" and row["ref"].startswith("r-")
    assert row["source"] == row["source_id"] == row["caption"] == row["score"] == ""
    assert row["explanation"] == "" and row["features"] == "[]"
    assert "Quixley" not in out.read_text() and "secret_list" not in out.read_text()


def test_screen_for_an_uncleared_operator_reveals_nothing(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncleared(monkeypatch)
    code, out = run(cli, "screen", "Bartholomew Quixley", "--json")
    assert code == 0, out
    (hit,) = json.loads(out)
    assert hit["restricted"] and hit["ref"]
    assert "Quixley" not in out and "secret_list" not in out and hit["score"] is None
    assert "S1" not in out and hit["source_id"] is None and hit["caption"] is None
    code, out = run(cli, "screen", "Bartholomew Quixley")
    assert code == 0 and "restricted hit" in out
    assert "Quixley" not in out and "secret_list" not in out and "S1" not in out


def test_batch_rejects_a_file_without_a_name_column(cli: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", "id,nom\n1,x\n")
    code, out = run(cli, "batch", str(bad), "-o", str(tmp_path / "o.csv"))
    assert code == 2 and "missing column" in out and "Traceback" not in out


def test_compare_adds_score_and_match(cli: CliRunner, tmp_path: Path) -> None:
    pairs = write(
        tmp_path / "pairs.csv",
        "schema,name1,name2,note\n"
        "Person,Владимир Путин,Vladimir Putin,a\n"
        "Person,山田太郎,Yamada Taro,b\n"
        "Person,Emma Daniels,John Smith,c\n",
    )
    out = tmp_path / "out.csv"
    code, text = run(cli, "compare", "--pairs", str(pairs), "--output", str(out))
    assert code == 0, text
    rows = read(out)
    assert [r["match"] for r in rows] == ["true", "true", "false"]
    assert [r["note"] for r in rows] == ["a", "b", "c"]
    assert all(0 <= float(r["score"]) <= 1 for r in rows)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["Pavel Karpov", "--threshold", "5"], "threshold"),
        (["Pavel Karpov", "--threshold", "-0.2"], "threshold"),
        (["Pavel Karpov", "--dob", "1999-99-99"], "birth date"),
        (["Pavel Karpov", "--schema", "Banana"], "schema"),
        (["Pavel Karpov", "--country", "Narnia"], "country"),
        (["", "--json"], "name"),
        (["  "], "name"),
    ],
)
def test_screen_refuses_bad_input_with_exit_2_naming_the_field(
    cli: CliRunner, args: list[str], named: str
) -> None:
    code, out = run(cli, "screen", *args)
    assert code == 2, out
    assert out.startswith("error: ") and named in out and "Traceback" not in out


def test_batch_refuses_a_bad_row_naming_line_and_field(cli: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path / "q.csv", "id,name,dob\n1,Georgy Zhukov,1896\n2,Ann,1999-99-99\n")
    code, out = run(cli, "batch", str(bad), "-o", str(tmp_path / "o.csv"))
    assert code == 2 and "q.csv: line 3, field birth_dates" in out and "not a date" in out
    code, out = run(cli, "batch", str(bad), "-o", str(tmp_path / "o.csv"), "--threshold", "2")
    assert code == 2 and "threshold" in out


def test_a_command_keeps_the_watchlist_it_opened_until_the_process_ends(cli: CliRunner) -> None:
    # Dropped when the command returns, the index a batch loaded would be freed object by
    # object before cli.app.leave ends the process, the work leave exists to skip.
    with open_watchlist() as watchlist:
        kept = weakref.ref(watchlist)
    del watchlist
    assert kept() is not None
    with open_watchlist() as other:
        assert other is not kept()
    assert kept() is None  # only the last one is kept


def test_compare_refuses_an_unknown_schema(cli: CliRunner, tmp_path: Path) -> None:
    pairs = write(tmp_path / "p.csv", "schema,name1,name2\nBanana,A B,A B\n")
    code, out = run(cli, "compare", "--pairs", str(pairs))
    assert code == 2 and "line 2, field schema" in out and "Banana" in out


def test_screen_loads_no_module_it_does_not_use(cli: CliRunner) -> None:
    # A user at a shell waits for every import: screening one name needs neither the workflow,
    # the registry's importers, the audit, the updater, the users, the API nor Spark.
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from watchlist.cli.app import app\n"
        "result = CliRunner().invoke(app, ['screen', 'Zhukov Star'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'public_list:' in result.output, result.output\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    unused = (
        "watchlist.workflow",
        "watchlist.registry.imports",
        "watchlist.audit.events",
        "watchlist.fetch",
        "watchlist.auth",
        "watchlist.api",
        "watchlist.engines",
        "fastapi",
        "pyspark",
    )
    assert [m for m in loaded if m.startswith(unused)] == []
