"""Screening on Spark in local[2] mode gives what the local engine gives: the same hits, scores,
explanations and opaque references; the index is loaded once per Python worker; clear errors.

One Spark session serves the whole module, and the module runs on one xdist worker (the
"spark" group: `make test` runs pytest with --dist loadgroup). Without Java 17+ (and no root to
install it) the module is skipped with that reason, in the run's summary too.
"""

from __future__ import annotations

import csv
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import spark_skip_reason
from tests.screening.lists import release
from watchlist.errors import InvalidInput
from watchlist.index.build import NameIndex
from watchlist.index.cache import IndexFile, index_file, load_index, write_index
from watchlist.model.access import SYSTEM, Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.registry.imports import import_files
from watchlist.screening import Screener
from watchlist.screening.batch import BatchSettings, hit_row, query_from_row, screen_many
from watchlist.screening.refs import make_ref, reference_key
from watchlist.settings import get_settings
from watchlist.store.db import Store
from watchlist.store.reads import current_entities

pytestmark = pytest.mark.xdist_group("spark")

SAMPLES = Path(__file__).parents[2] / "src" / "watchlist" / "data" / "samples"
CLERK = Actor("clerk", Classification.PUBLIC)
COLUMNS = ("query_id", "source", "source_id", "caption", "schema", "score", "explanation")
HIDDEN = [
    StoredEntity(
        "own_hidden",
        "H1",
        "Person",
        {"name": ["Bartholomew Quixley", "Бартоломью Квиксли"], "birthDate": ["1961-04-02"]},
        Classification.SECRET,
    ),
    StoredEntity(
        "own_hidden",
        "H2",
        "Company",
        {"name": ["Quixley Maritime Holdings Ltd"]},
        Classification.CONFIDENTIAL,
    ),
]
ORDINARY = [
    "Anna Novak",
    "Иван Петрович Сидоров",
    "山田太郎",
    "محمد بن سلمان العلي",
    "Κωνσταντίνος Παπαδόπουλος",
    "Smith & Sons Trading Ltd",
    "Bartholomew Quixley",
    "Quixley Maritime Holdings",
]


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    reason = spark_skip_reason()
    if reason:
        pytest.skip(f"!!! {reason}")
    from watchlist.engines.spark.session import log_path, start

    session = start("local[2]")
    try:
        yield session
    finally:
        session.stop()
    assert log_path().is_file()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, IndexFile]]:
    """The bundled UN and OFAC lists, and a secret own list, in a SQLite store."""
    url = f"sqlite:///{tmp_path_factory.mktemp('spark')}/bundled.db"
    store = Store.open(url)
    import_files(
        store,
        SYSTEM,
        [SAMPLES / "un_sc_sanctions-2026-02" / "consolidated.xml"]
        + sorted((SAMPLES / "us_ofac_cons-2025-12").glob("*.csv")),
    )
    release(store, "own_hidden", HIDDEN, classification=Classification.SECRET)
    try:
        yield store, index_file(store)
    finally:
        store.close()


def portfolio(store: Store) -> list[dict[str, str | None]]:
    """Listed names as they are, rearranged, in lower case and in their own scripts, with
    birth dates and schemata where the lists give them; and ordinary names of several scripts."""
    with store.read() as conn:
        entities = sorted(current_entities(conn), key=lambda e: (e.source, e.source_id))
    rows: list[dict[str, str | None]] = []
    for i, entity in enumerate(entities[::10]):
        names = entity.properties.get("name", []) + entity.properties.get("alias", [])
        if not names:
            continue
        name = names[i % len(names)]
        dob = entity.properties.get("birthDate", [None])[0]
        variant = " ".join(reversed(name.split())) if i % 2 else name.lower()
        schema = entity.schema if i % 3 == 0 else None
        rows.append({"id": f"e{i}", "name": name, "dob": dob, "schema": schema})
        rows.append({"id": f"v{i}", "name": variant, "dob": None, "schema": None})
        scripts = [n for n in names if not n.isascii()]
        if scripts:
            rows.append({"id": f"s{i}", "name": scripts[0], "dob": None, "schema": None})
    rows += [
        {"id": f"o{i}", "name": n, "dob": None, "schema": None} for i, n in enumerate(ORDINARY)
    ]
    rows.append({"id": "empty", "name": "  ", "dob": None, "schema": None})
    return rows


def local_hits(store: Store, rows: list[dict[str, str | None]], settings: BatchSettings) -> list:
    screener = Screener.from_store(store)
    queries = [q for q in map(query_from_row, rows) if q is not None]
    results = screen_many(
        screener, queries, settings.actor, settings.threshold, settings.limit, workers=1
    )
    return sorted((qid, *hit_row(h)) for qid, hits in results for h in hits)


def spark_hits(
    spark: object,
    rows: list[dict[str, str | None]],
    index: IndexFile,
    settings: BatchSettings,
    key: bytes | None = None,
) -> list:
    from watchlist.engines.spark import screen_dataframe

    df = spark.createDataFrame(  # type: ignore[attr-defined]
        rows, "id string, name string, dob string, schema string"
    )
    hits = screen_dataframe(df, index, settings, reference_key=key)
    assert tuple(hits.columns) == COLUMNS + ("restricted", "ref", "features")
    return sorted(tuple(r) for r in hits.collect())


def test_spark_gives_the_local_hits_scores_and_explanations(
    spark: object, bundled: tuple[Store, IndexFile]
) -> None:
    store, index = bundled
    rows = portfolio(store)
    settings = BatchSettings(SYSTEM, threshold=0.65, limit=25)
    local = local_hits(store, rows, settings)
    assert spark_hits(spark, rows, index, settings) == local
    # Persons and companies, names in several scripts, and the hidden list all among the hits.
    schemata = {row[4] for row in local}
    assert {"Person", "Organization"} <= schemata or {"Person", "Company"} <= schemata
    assert {row[1] for row in local} >= {"un_sc_sanctions", "us_ofac_cons", "own_hidden"}
    assert any(not row[0].startswith("o") and row[0].startswith("s") for row in local)
    assert len(local) > len(rows) / 2


def test_an_uncleared_run_gets_the_same_opaque_references(
    spark: object, bundled: tuple[Store, IndexFile]
) -> None:
    store, index = bundled
    rows = portfolio(store)
    settings = BatchSettings(CLERK, threshold=0.65, limit=25)
    local = local_hits(store, rows, settings)
    restricted = [row for row in local if row[7] == "true"]
    assert len(restricted) >= 2 and all(row[8].startswith("r-") for row in restricted)
    got = spark_hits(spark, rows, index, settings, reference_key(store))
    assert got == local
    text = repr(got)
    assert "Quixley" not in text and "own_hidden" not in text and "H1" not in text
    # With the key given (as a cluster's driver gives its own to the executors).
    from watchlist.engines.spark import screen_dataframe

    key = b"k" * 32
    few = [{"id": "h", "name": "Bartholomew Quixley"}, {"id": "c", "name": "Quixley Maritime"}]
    df = spark.createDataFrame(few, "id string, name string")  # type: ignore[attr-defined]
    keyed = {tuple(r) for r in screen_dataframe(df, index, settings, reference_key=key).collect()}
    screener = Screener(load_index(index.path, index.sha256), key)
    queries = [q for q in map(query_from_row, few) if q is not None]
    expected = {
        (qid, *hit_row(h))
        for qid, q in queries
        for h in screener.screen(q, CLERK, settings.threshold, settings.limit)
    }
    assert keyed == expected
    assert {r[8] for r in keyed} == {make_ref("own_hidden", h, key) for h in ("H1", "H2")}


def test_the_index_is_loaded_once_per_python_worker(spark: object, tmp_path: Path) -> None:
    from watchlist.engines.spark.frames import screening

    # An index no other test ships: no worker has it loaded yet.
    people = [
        StoredEntity("count_list", str(i), "Person", {"name": [f"Anna Novak{i}x Petrova"]})
        for i in range(30)
    ]
    index = write_index(NameIndex.build(people), tmp_path / "count.pickle")
    rows = [{"id": str(i), "name": f"Anna Novak{i % 30}x Petrova"} for i in range(400)]
    df = spark.createDataFrame(rows, "id string, name string")  # type: ignore[attr-defined]
    run = screening(df, index, BatchSettings(SYSTEM), partitions=8)
    hits = run.hits.collect()
    stats = run.stats()
    assert {h["query_id"] for h in hits} == {r["id"] for r in rows}
    assert stats.partitions == 8 and stats.queries == 400
    # 8 tasks, each with at least one Arrow batch, on at most 2 Python workers (local[2]).
    assert 1 <= stats.index_loads <= 2
    assert stats.load_seconds > 0 and stats.worker_peak_rss_mb > 0


def test_a_dataframe_without_a_name_column_is_refused(
    spark: object, bundled: tuple[Store, IndexFile]
) -> None:
    from watchlist.engines.spark import screen_dataframe

    df = spark.createDataFrame([{"id": "1", "nom": "x"}], "id string, nom string")  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match="no column name"):
        screen_dataframe(df, bundled[1], BatchSettings(SYSTEM))


@pytest.fixture
def cli(bundled: tuple[Store, IndexFile], monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("WATCHLIST_DB", str(bundled[0].url))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def write_csv(path: Path, rows: list[dict[str, str | None]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "name", "dob", "schema"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_batch_engine_spark_writes_what_local_batch_writes(
    spark: object, bundled: tuple[Store, IndexFile], cli: CliRunner, tmp_path: Path
) -> None:
    from watchlist.cli.app import app

    rows = portfolio(bundled[0])[:120]
    rows.append({"id": 'q"1', "name": 'Quixley, "Bart"\nBartholomew', "dob": None, "schema": None})
    source = write_csv(tmp_path / "in.csv", rows)
    local = cli.invoke(app, ["batch", str(source), "-o", str(tmp_path / "local.csv")])
    assert local.exit_code == 0, local.output
    on_spark = cli.invoke(
        app, ["batch", str(source), "-o", str(tmp_path / "spark.csv"), "--engine", "spark"]
    )
    assert on_spark.exit_code == 0, on_spark.output
    expected = (tmp_path / "local.csv").read_bytes()
    assert (tmp_path / "spark.csv").read_bytes() == expected  # same rows, same order
    assert expected.count(b"\n") > 50
    said = on_spark.output.splitlines()[-1]
    assert said.split(" written")[0] == local.output.splitlines()[-1].split(" written")[0]
    assert "spark: " in on_spark.output and "WARN" not in on_spark.output


def test_batch_engine_spark_reads_and_writes_parquet(
    spark: object, bundled: tuple[Store, IndexFile], cli: CliRunner, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from watchlist.cli.app import app

    rows = portfolio(bundled[0])[:60]
    source = write_csv(tmp_path / "in.csv", rows)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    assert cli.invoke(app, ["batch", str(source), "-o", str(tmp_path / "local.csv")]).exit_code == 0
    result = cli.invoke(
        app,
        [
            "batch",
            str(tmp_path / "in.parquet"),
            "-o",
            str(tmp_path / "out.parquet"),
            "--engine",
            "spark",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "out.parquet")
    with open(tmp_path / "local.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        local = [tuple(r) for r in reader]
    assert table.column_names == header
    assert [tuple(r.values()) for r in table.to_pylist()] == local


def test_batch_engine_spark_names_a_missing_column(
    spark: object, cli: CliRunner, tmp_path: Path
) -> None:
    from watchlist.cli.app import app

    bad = tmp_path / "bad.csv"
    bad.write_text("id,nom\n1,x\n", encoding="utf-8")
    result = cli.invoke(
        app, ["batch", str(bad), "-o", str(tmp_path / "o.csv"), "--engine", "spark"]
    )
    assert result.exit_code == 2  # bad input
    assert f"{bad}: line 1: missing column(s) name" in result.output
    assert "Traceback" not in result.output


def test_a_master_that_does_not_answer_is_named(tmp_path: Path) -> None:
    if spark_skip_reason():
        pytest.skip(f"!!! {spark_skip_reason()}")
    from watchlist.engines.spark.session import SparkUnavailable, check_master

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SparkUnavailable, match=f"spark://127.0.0.1:{port} does not answer"):
        check_master(f"spark://127.0.0.1:{port}")


def test_no_java_is_a_clear_error(tmp_path: Path) -> None:
    if spark_skip_reason():
        pytest.skip(f"!!! {spark_skip_reason()}")
    from watchlist.engines.spark.session import SparkUnavailable, java_version

    with pytest.raises(SparkUnavailable, match="no Java found.*openjdk-17-jre-headless"):
        java_version(str(tmp_path / "no-java"))
    old = tmp_path / "java"
    old.write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\"' >&2\n")
    old.chmod(0o755)
    with pytest.raises(SparkUnavailable, match="is Java 11"):
        java_version(str(old))


def test_the_core_never_imports_pyspark_and_says_which_extra_is_missing(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import watchlist.cli.app, watchlist.screening.batch, watchlist.workflow\n"
        "assert 'pyspark' not in sys.modules, 'core imported pyspark'\n"
        "sys.modules['pyspark'] = None  # as if the extra were not installed\n"
        "from watchlist.errors import WatchlistError\n"
        "try:\n"
        "    import watchlist.engines.spark\n"
        "except WatchlistError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "[spark] extra" in done.stdout and "pip install 'watchlist[spark]'" in done.stdout


CUSTOMERS = (
    "id,name,dob\n"
    "c1,Pavel Karpov,1977-08-27\n"
    "c2,Jane Ordinary Smithson,1980-01-01\n"
    "c3,Павел Карпов,1977-08-27\n"
    "c4,Dmitriy Komnov,1977-05-17\n"
    "c5,KARPOV Pavel,\n"
)


def _run_twice(store: Store, tmp_path: Path, matchers: object) -> list[dict[str, object]]:
    """A full run, a release, an incremental run; the run and alert audit records."""
    from tests.fetch.httpserver import FILES
    from watchlist.audit.verify import export
    from watchlist.workflow import Workflow

    wf = Workflow(store, SYSTEM, matchers)  # type: ignore[arg-type]
    wf.import_lists(sorted((FILES / "sdn_v1").glob("*.csv")))
    (tmp_path / "c.csv").write_text(CUSTOMERS, encoding="utf-8")
    wf.import_customers(tmp_path / "c.csv")
    assert wf.rescreen().mode == "full"
    wf.import_lists(sorted((FILES / "sdn_v2").glob("*.csv")))
    assert wf.rescreen().mode == "incremental"
    with store.read() as conn:
        records = [
            r for r in export(conn, SYSTEM) if str(r["action"]).startswith(("alert.", "run."))
        ]
    for record in records:
        detail = record["detail"]
        assert isinstance(detail, dict)
        detail.pop("seconds", None)  # how long the run took
        for volatile in ("seq", "at", "prev_hash", "hash"):
            record.pop(volatile)
    return records


def test_a_run_on_spark_opens_the_alerts_and_writes_the_audit_records_of_a_local_run(
    spark: object, tmp_path: Path
) -> None:
    from watchlist.engines.spark.runs import SparkMatchers
    from watchlist.workflow import Workflow
    from watchlist.workflow.matching import ScreeningMatchers

    local_store = Store.open(f"sqlite:///{tmp_path}/local.db")
    spark_store = Store.open(f"sqlite:///{tmp_path}/spark.db")
    (tmp_path / "l").mkdir()
    (tmp_path / "s").mkdir()
    try:
        local = _run_twice(local_store, tmp_path / "l", ScreeningMatchers(0.7))
        on_spark = _run_twice(spark_store, tmp_path / "s", SparkMatchers(spark, 0.7))  # type: ignore[arg-type]
        assert on_spark == local
        assert [r["action"] for r in local].count("alert.open") >= 3
        alerts = [
            [(a.customer_id, a.source_id, a.score, a.explanation, a.status) for a in wf.alerts()]
            for wf in (Workflow(local_store, SYSTEM), Workflow(spark_store, SYSTEM))
        ]
        assert alerts[0] == alerts[1] and ("c4", "15881") in {(a[0], a[1]) for a in alerts[0]}
    finally:
        local_store.close()
        spark_store.close()
