"""Every clearance against every classification, through the command line.

One store holds a list at each classification, each with two releases (an entry amended, one
delisted, one listed), customers who match each list, and their alerts. An operator at each
clearance runs every read: it must see exactly the lists at or below its clearance, in full,
and nothing of the others (name, id, property value, count); a hidden list must answer exactly
as a missing one does, message and exit status alike. Every command must exit as expected: a
crash is a failure, never "revealed nothing".

The store is built once for the module; commands that write (decide, rescreen) run on a copy.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
from click.testing import CliRunner

from watchlist.cli.app import app
from watchlist.settings import get_settings

LEVELS = ("public", "restricted", "confidential", "secret")
RANK = {level: n for n, level in enumerate(LEVELS)}
MISSING = "absentwatch"  # no list has this name
FIRST, SECOND = "2024-01-01", "2024-03-01"
BETWEEN = "2024-01-15"

# The Typer app built into a command once: building it is most of the cost of an invocation.
COMMAND = typer.main.get_command(app)


@dataclass(frozen=True)
class Listed:
    """A list at one classification, and every value of it an outsider must never see."""

    level: str
    name: str
    prefix: str
    given: str
    family: str
    dob: str
    passport: str

    @property
    def person(self) -> str:
        return f"{self.given} {self.family}"

    def id(self, n: int) -> str:
        return f"{self.prefix}-{n}"

    @property
    def markers(self) -> tuple[str, ...]:
        """Strings that appear only in this list's entries, title and name (any letter case)."""
        ids = tuple(self.id(n) for n in (1, 2, 3, 4))
        return (self.name, *ids, self.given, self.family, self.dob, self.passport)

    def release(self, second: bool) -> str:
        header = "id,schema,name,aliases,birth_date,passport_number\n"
        first = f"{self.id(1)},Person,{self.person},,{self.dob},{self.passport}\n"
        company = f"{self.id(2)},Company,{self.family} Trading,,,\n"
        if not second:
            return header + first + company + f"{self.id(3)},Person,Gerd {self.family},,,\n"
        amended = first.replace(",,", f",{self.given[0]}. {self.family},", 1)
        return header + amended + company + f"{self.id(4)},Person,Otto {self.family},,,\n"


LISTS = {
    "public": Listed("public", "pubwatch", "PX", "Pallas", "Pubertino", "1951-01-11", "PP111111"),
    "restricted": Listed(
        "restricted", "restwatch", "RX", "Rutger", "Restovan", "1962-02-12", "RP222222"
    ),
    "confidential": Listed(
        "confidential", "confwatch", "CX", "Cosimo", "Confaloni", "1973-03-13", "CP333333"
    ),
    "secret": Listed("secret", "secwatch", "SX", "Silvan", "Secundaro", "1984-04-14", "SP444444"),
}


def visible(level: str) -> list[Listed]:
    return [lst for lst in LISTS.values() if RANK[lst.level] <= RANK[level]]


def hidden(level: str) -> list[Listed]:
    return [lst for lst in LISTS.values() if RANK[lst.level] > RANK[level]]


@dataclass
class World:
    folder: Path
    db: Path
    alerts: dict[str, int]  # list name -> the id of the alert on its first entry

    def env(self, level: str, db: Path | None = None) -> dict[str, str | None]:
        return {
            "WATCHLIST_DB": f"sqlite:///{db or self.db}",
            "WATCHLIST_CLEARANCE": level,
            "XDG_DATA_HOME": str(self.folder / "data"),
            "WATCHLIST_ALERT_THRESHOLD": None,
        }

    def run(self, level: str, *args: str, db: Path | None = None) -> tuple[int, str]:
        """Exit status and output (stdout then stderr) of one command; a crash fails the test."""
        get_settings.cache_clear()
        result = CliRunner().invoke(COMMAND, list(args), env=self.env(level, db))
        get_settings.cache_clear()
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{args} crashed: {result.exception!r}") from result.exception
        return result.exit_code, result.stdout + result.stderr

    def ok(self, level: str, *args: str, db: Path | None = None) -> str:
        code, out = self.run(level, *args, db=db)
        assert code == 0, (level, args, out)
        return out

    def copy(self, name: str) -> Path:
        target = self.folder / f"{name}.db"
        shutil.copyfile(self.db, target)
        return target


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("matrix")
    w = World(folder, folder / "store.db", {})
    for lst in LISTS.values():
        title = f"{lst.name} title"
        w.ok("secret", "lists", "create", lst.name, "--title", title, "--classification", lst.level)
        for second, day in ((False, FIRST), (True, SECOND)):
            path = folder / f"{lst.name}-{day}.csv"
            path.write_text(lst.release(second), encoding="utf-8")
            w.ok("secret", "import", str(path), "--source", lst.name, "--date", day)
    people = "".join(f"c-{lst.level},{lst.person},{lst.dob}\n" for lst in LISTS.values())
    customers = folder / "customers.csv"
    customers.write_text("id,name,dob\n" + people, encoding="utf-8")
    w.ok("secret", "customers", "import", str(customers))
    w.ok("secret", "rescreen")
    for alert in json.loads(w.ok("secret", "alerts", "--json")):
        lst = next(x for x in LISTS.values() if x.name == alert["source"])
        if alert["source_id"] == lst.id(1) and alert["customer_id"] == f"c-{lst.level}":
            w.alerts[lst.name] = alert["id"]
    assert sorted(w.alerts) == sorted(x.name for x in LISTS.values()), w.alerts
    yield w


def reveals(out: str, level: str) -> list[str]:
    """The markers of lists hidden from `level` that `out` contains."""
    low = out.lower()
    return [m for lst in hidden(level) for m in lst.markers if m.lower() in low]


def unechoed(out: str, args: tuple[str, ...]) -> str:
    """The output without the list names and ids the operator typed (an echo tells nothing)."""
    for arg in args:
        for part in (arg, *arg.split(":")):
            if len(part) > 3:
                out = out.replace(part, "")
    return out


def assert_hides(out: str, level: str, what: object) -> None:
    found = reveals(out, level)
    assert not found, f"{level} operator saw {found} in {what}:\n{out}"


_missing: dict[tuple[str, ...], tuple[int, str]] = {}


def as_missing(w: World, args: tuple[str, ...], lst: Listed) -> tuple[int, str]:
    """What the command answers for a list that does not exist, as the hidden one's name."""
    swapped = tuple(a.replace(lst.name, MISSING) for a in args)
    if swapped not in _missing:
        _missing[swapped] = w.run("secret", *swapped)
    code, out = _missing[swapped]
    return code, out.replace(MISSING, lst.name)


# The reads that name a list, with what a cleared reader must find in their output.
def list_reads(lst: Listed) -> list[tuple[tuple[str, ...], list[str]]]:
    n, one, gone, new = lst.name, lst.id(1), lst.id(3), lst.id(4)
    return [
        (("show", f"{n}:{one}"), [lst.person, lst.passport, "release 2"]),
        (("show", f"{n}:{one}", "--json"), [lst.dob, '"release": 2']),
        (("show", f"{n}:{one}", "--as-of", BETWEEN), [lst.person, "release 1"]),
        (("show", f"{n}:{gone}", "--as-of", BETWEEN, "--json"), [f"Gerd {lst.family}"]),
        (("history", f"{n}:{one}"), ["listed", "amended", lst.passport]),
        (("history", f"{n}:{gone}", "--json"), ['"change": "delisted"']),
        (("diff", n), ["1 listed, 1 amended, 1 delisted", new, gone]),
        (("diff", n, "--from", FIRST, "--to", SECOND, "--json"), [f"Otto {lst.family}"]),
        (("export", n), [one, new, lst.passport]),
        (("export", n, "--as-of", BETWEEN), [one, gone]),
    ]


@pytest.mark.parametrize("level", LEVELS)
def test_lists_shows_exactly_the_lists_at_or_below_the_clearance(world: World, level: str) -> None:
    everything = {r["source"]: r for r in json.loads(world.ok("secret", "lists", "--json"))}
    seen = json.loads(world.ok(level, "lists", "--json"))
    assert [r["source"] for r in seen] == sorted(lst.name for lst in visible(level))
    for row in seen:
        assert row == everything[row["source"]]
        assert (row["releases"], row["entities"]) == (2, 3)
    text = world.ok(level, "lists")
    for lst in visible(level):
        assert lst.name in text
    assert_hides(text, level, "lists")
    assert_hides(json.dumps(seen), level, "lists --json")


@pytest.mark.parametrize("level", LEVELS)
def test_every_read_of_a_list_by_clearance(world: World, level: str, tmp_path: Path) -> None:
    for lst in LISTS.values():
        for args, expected in list_reads(lst):
            code, out = world.run(level, *args)
            if RANK[lst.level] <= RANK[level]:
                assert code == 0, (level, args, out)
                for value in expected:
                    assert value in out, (level, args, value, out)
            else:
                assert (code, out) == as_missing(world, args, lst), (level, args)
                assert code == 1 and "Traceback" not in out
                out = unechoed(out, args)
            assert_hides(out, level, args)


@pytest.mark.parametrize("level", LEVELS)
def test_the_values_of_a_diff_and_a_history(world: World, level: str) -> None:
    for lst in visible(level):
        diff = json.loads(world.ok(level, "diff", lst.name, "--json"))
        assert (diff["from"], diff["to"]) == (FIRST, SECOND)
        changes = {c["source_id"]: c for c in diff["changes"]}
        assert {k: c["change"] for k, c in changes.items()} == {
            lst.id(1): "amended",
            lst.id(3): "delisted",
            lst.id(4): "listed",
        }
        alias = f"{lst.given[0]}. {lst.family}"
        assert changes[lst.id(1)]["added"] == {"alias": [alias]}
        assert changes[lst.id(1)]["removed"] == {}
        assert changes[lst.id(3)]["removed"]["name"] == [f"Gerd {lst.family}"]
        assert changes[lst.id(4)]["added"]["name"] == [f"Otto {lst.family}"]
        events = json.loads(world.ok(level, "history", f"{lst.name}:{lst.id(1)}", "--json"))
        assert [(e["release"], e["date"], e["change"]) for e in events] == [
            (1, FIRST, "listed"),
            (2, SECOND, "amended"),
        ]
        assert events[0]["added"]["passportNumber"] == [lst.passport]
        assert events[1]["added"] == {"alias": [alias]}
        text = world.ok(level, "history", f"{lst.name}:{lst.id(1)}")
        assert f"{SECOND}  release 2  amended" in text and f"+ alias: {alias}" in text


@pytest.mark.parametrize("level", LEVELS)
def test_export_to_a_file_by_clearance(world: World, level: str, tmp_path: Path) -> None:
    for lst in LISTS.values():
        target = tmp_path / f"{lst.name}.jsonl"
        code, out = world.run(level, "export", lst.name, "--output", str(target))
        written = target.read_text(encoding="utf-8") if target.exists() else None
        if RANK[lst.level] <= RANK[level]:
            assert code == 0, out
            assert written is not None
            ids = sorted(json.loads(line)["id"] for line in written.splitlines())
            assert ids == [lst.id(1), lst.id(2), lst.id(4)]
        else:
            absent = tmp_path / f"{MISSING}.jsonl"
            expected = world.run(level, "export", MISSING, "--output", str(absent))
            assert (code, out.replace(lst.name, MISSING)) == expected
            assert code == 1
            assert written == (absent.read_text(encoding="utf-8") if absent.exists() else None)
            assert not written  # nothing of the list, not even its count of lines
            out = unechoed(out, (lst.name,))
        assert_hides(out + (written or ""), level, f"export {lst.name} --output")


@pytest.mark.parametrize("level", LEVELS)
def test_screen_names_visible_entries_and_only_refers_to_hidden_ones(
    world: World, level: str
) -> None:
    for lst in LISTS.values():
        hits = json.loads(world.ok(level, "screen", lst.person, "--dob", lst.dob, "--json"))
        assert hits, (level, lst.name)
        if RANK[lst.level] <= RANK[level]:
            assert (hits[0]["source"], hits[0]["source_id"]) == (lst.name, lst.id(1))
            assert not hits[0]["restricted"] and hits[0]["score"] > 0.7
        else:
            assert all(h["restricted"] and h["ref"] for h in hits)
            assert {h["source"] for h in hits} == {None}
        for out in (json.dumps(hits), world.ok(level, "screen", lst.person)):
            assert_hides(out, level, f"screen {lst.person}")


@pytest.mark.parametrize("level", LEVELS)
def test_batch_and_compare_by_clearance(world: World, level: str, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,dob\n" + "".join(f"q-{x.level},{x.person},{x.dob}\n" for x in LISTS.values()),
        encoding="utf-8",
    )
    out = tmp_path / "hits.csv"
    said = world.ok(level, "batch", str(queries), "-o", str(out), "--workers", "1")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    for lst in LISTS.values():
        mine = [r for r in rows if r["query_id"] == f"q-{lst.level}"]
        assert mine, (level, lst.name)
        if RANK[lst.level] <= RANK[level]:
            assert (mine[0]["source"], mine[0]["source_id"]) == (lst.name, lst.id(1))
        else:
            assert {(r["restricted"], r["source"], r["score"]) for r in mine} == {("true", "", "")}
    assert_hides(said + out.read_text(encoding="utf-8"), level, "batch")
    # compare scores the names it is given: the store, and so the clearance, change nothing
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("schema,name1,name2\nPerson,Ivan Petrov,Petrov Ivan\n", encoding="utf-8")
    assert world.ok(level, "compare", "--pairs", str(pairs)) == world.ok(
        "secret", "compare", "--pairs", str(pairs)
    )


@pytest.mark.parametrize("level", LEVELS)
def test_alerts_by_clearance(world: World, level: str) -> None:
    everything = json.loads(world.ok("secret", "alerts", "--json"))
    seen = json.loads(world.ok(level, "alerts", "--json"))
    assert [a["id"] for a in seen] == [a["id"] for a in everything]  # each exists for everyone
    for lst in LISTS.values():
        alert_id = str(world.alerts[lst.name])
        one = json.loads(world.ok(level, "alerts", "--id", alert_id, "--json"))
        text = world.ok(level, "alerts", "--id", alert_id)
        mine = json.loads(world.ok(level, "alerts", "--customer", f"c-{lst.level}", "--json"))
        if RANK[lst.level] <= RANK[level]:
            assert (one["source"], one["source_id"], one["restricted"]) == (
                lst.name,
                lst.id(1),
                False,
            )
            assert lst.person in text
        else:
            assert one["restricted"] and one["source"] is None and one["caption"] is None
            assert "restricted" in text
            assert all(a["restricted"] for a in mine)
        for out in (json.dumps(one), text, json.dumps(mine)):
            assert_hides(out, level, f"alerts --id {alert_id}")
    assert_hides(json.dumps(seen), level, "alerts --json")
    assert_hides(world.ok(level, "alerts"), level, "alerts")


@pytest.mark.parametrize("level", LEVELS)
def test_decide_by_clearance(world: World, level: str) -> None:
    db = world.copy(f"decide-{level}")
    refusals = set()
    for lst in LISTS.values():
        alert_id = str(world.alerts[lst.name])
        args = ("decide", alert_id, "--reason", "checked", "--analyst", "ann")
        code, out = world.run(level, *args, "--as", "false", db=db)
        if RANK[lst.level] <= RANK[level]:
            assert code == 0 and "false_positive" in out, out
        else:
            assert code == 1, out
            refusals.add(out.replace(alert_id, "N"))
            code, out = world.run(level, *args, "--as", "escalate", db=db)
            assert code == 0 and "escalated" in out, out
        assert_hides(out, level, f"decide {alert_id}")
    assert len(refusals) == min(1, len(hidden(level)))  # one answer for every hidden alert
    assert_hides(world.ok(level, "alerts", "--json", db=db), level, "alerts after decide")


@pytest.mark.parametrize("level", LEVELS)
def test_rescreen_reports_only_visible_lists(world: World, level: str) -> None:
    db = world.copy(f"rescreen-{level}")
    report = json.loads(world.ok(level, "rescreen", "--json", db=db))
    assert sorted(report["releases"]) == sorted(lst.name for lst in visible(level))
    assert_hides(json.dumps(report), level, "rescreen --json")
    assert_hides(world.ok(level, "rescreen", db=db), level, "rescreen")


@pytest.mark.parametrize("level", LEVELS)
def test_audit_export_and_info_by_clearance(world: World, level: str, tmp_path: Path) -> None:
    target = tmp_path / "audit.jsonl"
    for args in (("audit", "export"), ("audit", "export", "--output", str(target))):
        code, out = world.run(level, *args, db=world.copy(f"audit-{level}"))
        if level == "secret":
            assert code == 0
            log = out or target.read_text(encoding="utf-8")
            assert all(lst.name in log for lst in LISTS.values())
        else:
            # refused alike at every clearance but the highest, whatever the log holds
            assert (code, out) == world.run("public", *args, db=world.copy("audit-public"))
            assert code == 1 and "secret clearance" in out
            assert_hides(out, level, args)
    info = world.ok(level, "info")
    assert f"clearance  {level}" in info
    assert_hides(info, level, "info")
    assert info.replace(level, "X") == world.ok("public", "info").replace("public", "X")
