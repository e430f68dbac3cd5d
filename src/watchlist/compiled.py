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

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from types import ModuleType

#: Compiled modules. A module here may not be monkeypatched by tests (compiled callers call
#: its functions directly), nor define a class the index pickles.
MODULES = (
    "watchlist.index.keys",
    "watchlist.match.names",
    "watchlist.match.score",
    "watchlist.match.things",
    "watchlist.names.abjad",
    "watchlist.names.gendered",
    "watchlist.names.nicknames",
    "watchlist.names.patronymics",
    "watchlist.names.phonetic",
    "watchlist.names.pinyin",
)

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


def stale(modules: tuple[str, ...] = MODULES, src: str = _SRC) -> list[str]:
    """Compiled modules whose source was changed after their extension was built, in a
    source checkout (src/ beside a pyproject.toml: an installed package is not edited)."""
    if not os.path.exists(os.path.join(os.path.dirname(src), "pyproject.toml")):
        return []
    out = []
    for module in modules:
        built = extensions(module, src)
        newest = os.stat(source(module, src)).st_mtime
        if built and newest > min(os.stat(p).st_mtime for p in built):
            out.append(module)
    return out


class SourceFinder:
    """A meta path finder of the compiled modules' Python sources, ahead of their extensions."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in MODULES:
            return None
        return spec_from_file_location(fullname, source(fullname))


def use_sources_if_stale() -> None:
    """Import every compiled module from its source when any extension is stale."""
    old = stale()
    if old and not any(isinstance(f, SourceFinder) for f in sys.meta_path):
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


if __name__ == "__main__":
    # `make`: exit 1 when the extensions need a build (missing, or older than a source).
    sys.exit(0 if all(in_use().values()) else 1)
