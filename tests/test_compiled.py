"""The C extensions mypyc builds of the hot modules (watchlist.compiled): in use where they
are expected, and never run when older than their sources."""

from __future__ import annotations

import abc
import importlib
import inspect
import os
import subprocess
import sys
from collections.abc import Mapping
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from watchlist import compiled
from watchlist.names.tables import TokenTable


@pytest.mark.skipif(
    os.environ.get(compiled.EXPECT_ENV) != "1",
    reason=f"{compiled.EXPECT_ENV}=1 is set where the extensions are built (make test)",
)
def test_extensions_in_use_where_expected() -> None:
    # A silent fall-back to the Python sources (a failed build, a stale extension) would
    # leave screening several times slower with every test passing.
    assert compiled.in_use() == dict.fromkeys(compiled.MODULES, True)


def test_every_compiled_module_has_its_source() -> None:
    for module in compiled.MODULES:
        assert os.path.exists(compiled.source(module)), module


def _tree(root: Path, source_newer: bool) -> str:
    (root / "pyproject.toml").write_text("")
    pkg = root / "src" / "pkg"
    pkg.mkdir(parents=True)
    source = pkg / "hot.py"
    built = root / "src" / f"{compiled.LIBRARY}{EXTENSION_SUFFIXES[0]}"
    source.write_text("")
    built.write_bytes(b"")
    old, new = (built, source) if source_newer else (source, built)
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(new, (2_000_000, 2_000_000))
    return str(root / "src")


@pytest.mark.parametrize(
    ("source_newer", "stale", "reason"),
    [
        (True, ["pkg.hot"], "edited after the build: the extension would run the old code"),
        (False, [], "built after the last edit"),
    ],
)
def test_stale_extensions(
    tmp_path: Path, source_newer: bool, stale: list[str], reason: str
) -> None:
    src = _tree(tmp_path, source_newer)
    assert compiled.stale(("pkg.hot",), src) == stale, reason


def test_no_staleness_outside_a_source_checkout(tmp_path: Path) -> None:
    src = _tree(tmp_path, source_newer=True)
    (tmp_path / "pyproject.toml").unlink()  # an installed package: never edited in place
    assert compiled.stale(("pkg.hot",), src) == []


def test_extensions_of_modules_no_longer_compiled_are_left_overs(tmp_path: Path) -> None:
    # A module taken off MODULES keeps running its old extension (the shared library still
    # holds its code) until `make` sees the left-over file and rebuilds.
    names = tmp_path / "watchlist" / "names"
    names.mkdir(parents=True)
    for stem in ("forms", "rarity"):
        (names / f"{stem}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    (names / "tables.py").write_text("")
    kept = ("watchlist.names.forms",)
    assert compiled.leftovers(kept, str(tmp_path)) == ["watchlist.names.rarity"]
    assert compiled.leftovers((*kept, "watchlist.names.rarity"), str(tmp_path)) == []


def test_no_extension_of_this_checkout_is_left_over() -> None:
    assert compiled.leftovers() == []


def test_the_source_finder_imports_every_compiled_module_from_its_source() -> None:
    # What a stale tree does: all the compiled modules run as Python, none from an extension
    # (the extensions of one build call each other directly).
    code = (
        "import sys, watchlist.compiled as c\n"
        "sys.meta_path.insert(0, c.SourceFinder())\n"
        "print(sorted(m for m, native in c.in_use().items() if native))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_watchlist_pure_runs_the_sources() -> None:
    # WATCHLIST_PURE=1: the Python sources, however fresh the extensions (a profile by
    # function, a debugger, the two side by side).
    code = "import watchlist.compiled as c; print(sum(c.in_use().values()))"
    env = dict(os.environ, **{compiled.PURE_ENV: "1"})
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "0"


def test_compiled_classes_of_abstract_bases_have_registries_of_their_own() -> None:
    # A compiled class sharing Sequence's registry: isinstance([], Postings) would be True in
    # Python code once any had asked isinstance([], Sequence) (compiled.own_abc).
    for module in compiled.MODULES:
        for name, cls in vars(importlib.import_module(module)).items():
            if inspect.isclass(cls) and cls.__module__ == module and isinstance(cls, abc.ABCMeta):
                assert "_abc_impl" in vars(cls), f"{module}.{name}: compiled.own_abc({name})"
    assert isinstance({}, Mapping) and not isinstance({}, TokenTable)
    assert isinstance(TokenTable(), Mapping)
