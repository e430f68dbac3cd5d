"""The modules built into C extensions by mypyc (setup.py), and the check that what runs is
what the sources say.

The hot loop of screening (token similarities, the alignment, the index keys) is typed Python
that mypyc compiles when the package is installed; the same modules run as plain Python where
no extension was built. An editable install builds the extensions beside their sources in
src/, and Python imports an extension before its source: one older than its source would run
the old code. In a source checkout, then, the sources are imported instead (with a warning)
until `make` rebuilds the extensions. The extensions of one build call each other directly,
so they are used all together or not at all.
"""

from __future__ import annotations

import abc
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from types import ModuleType

#: Compiled modules. A module here may not be monkeypatched by tests (compiled callers call
#: its functions directly); a class of theirs has no __dict__ (the index's NameIndex says how
#: it pickles).
MODULES = (
    "watchlist.index.build",
    "watchlist.index.keys",
    "watchlist.index.packed",
    "watchlist.match.names",
    "watchlist.match.persons",
    "watchlist.match.score",
    "watchlist.match.things",
    "watchlist.names.abjad",
    "watchlist.names.everyday",
    "watchlist.names.forms",
    "watchlist.names.gendered",
    "watchlist.names.hangul",
    "watchlist.names.nicknames",
    "watchlist.names.normalize",
    "watchlist.names.orgs",
    "watchlist.names.orgterms",
    "watchlist.names.patronymics",
    "watchlist.names.phonetic",
    "watchlist.names.pinyin",
    "watchlist.names.places",
    "watchlist.names.scripts",
    "watchlist.names.stems",
    "watchlist.names.syllables",
    "watchlist.names.tables",
    "watchlist.names.translit",
    "watchlist.names.wadegiles",
)


def own_abc(cls: type) -> None:
    """Give a class deriving from an abstract base (Mapping, Sequence) the registry of virtual
    subclasses and its cache that ABCMeta gives every class it makes. mypyc makes a compiled
    class without ABCMeta.__new__: it would share its base's, and once Python code had asked
    isinstance([], Sequence), isinstance([], Postings) would be True there too. (Compiled
    code checks a compiled class by its type, without the registry.)"""
    init = getattr(abc, "_abc_init", None)  # CPython's C implementation of abc
    if init is not None and isinstance(cls, abc.ABCMeta):
        init(cls)


#: Set to 1 where the extensions must be in use (`make test`): tests/test_compiled.py.
EXPECT_ENV = "WATCHLIST_EXPECT_COMPILED"

_SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def source(module: str, src: str = _SRC) -> str:
    """The module's Python source."""
    return os.path.join(src, *module.split(".")) + ".py"


def extensions(module: str, src: str = _SRC) -> list[str]:
    """The module's extension files beside its source."""
    stem = source(module, src)[: -len(".py")]
    return [stem + suffix for suffix in EXTENSION_SUFFIXES if os.path.exists(stem + suffix)]


#: The one library holding the compiled code of every module (setup.py's group name); each
#: module's own extension is a small shim into it, which a rebuild may leave untouched.
LIBRARY = "watchlist__mypyc"


def stale(modules: tuple[str, ...] = MODULES, src: str = _SRC) -> list[str]:
    """Compiled modules whose source was changed after the extensions were built, in a
    source checkout (src/ beside a pyproject.toml: an installed package is not edited)."""
    if not os.path.exists(os.path.join(os.path.dirname(src), "pyproject.toml")):
        return []
    built = [os.path.join(src, LIBRARY + s) for s in EXTENSION_SUFFIXES]
    times = [os.stat(p).st_mtime for p in built if os.path.exists(p)]
    if not times:
        return []
    return [m for m in modules if os.stat(source(m, src)).st_mtime > min(times)]


class SourceFinder:
    """A meta path finder of the compiled modules' Python sources, ahead of their extensions."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in MODULES:
            return None
        return spec_from_file_location(fullname, source(fullname))


#: Set to 1 to run the Python sources where extensions are built (a profile by function,
#: a debugger, the same run side by side); at install, to build none.
PURE_ENV = "WATCHLIST_PURE"


def use_sources_if_stale() -> None:
    """Import every compiled module from its source when any extension is stale, or when
    WATCHLIST_PURE=1 asks for the sources."""
    if any(isinstance(f, SourceFinder) for f in sys.meta_path):
        return
    if os.environ.get(PURE_ENV) == "1":
        sys.meta_path.insert(0, SourceFinder())
        return
    old = stale()
    if old:
        import warnings

        warnings.warn(
            f"compiled extensions older than their sources ({', '.join(old)}): running the "
            "Python sources until `make` (or `pip install -e .`) rebuilds them",
            stacklevel=2,
        )
        sys.meta_path.insert(0, SourceFinder())


def in_use() -> dict[str, bool]:
    """Whether each compiled module runs from its extension (importing it)."""
    import importlib

    return {m: not str(importlib.import_module(m).__file__).endswith(".py") for m in MODULES}


def leftovers(modules: tuple[str, ...] = MODULES, src: str = _SRC) -> list[str]:
    """Extensions beside sources of modules no longer compiled: a module taken off MODULES
    would still run its old extension (the shared library holds its code) until a rebuild."""
    found = []
    for root, _dirs, files in os.walk(os.path.join(src, "watchlist")):
        for name in files:
            suffix = next((s for s in EXTENSION_SUFFIXES if name.endswith(s)), None)
            if suffix is None:
                continue
            rel = os.path.relpath(os.path.join(root, name[: -len(suffix)]), src)
            module = rel.replace(os.sep, ".")
            if module not in modules:
                found.append(module)
    return sorted(found)


if __name__ == "__main__":
    # `make`: exit 1 when the extensions need a build (missing, older than a source, or left
    # over from a module no longer compiled).
    sys.exit(0 if all(in_use().values()) and not leftovers() else 1)
