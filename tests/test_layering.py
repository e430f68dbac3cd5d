"""The packages form layers, as the README says: each imports only packages in layers below it.

Read from the source (every import, at module level or inside a function), so a cycle between
packages, such as index and match once had, fails here before it can grow.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "watchlist"
README = (Path(__file__).parent.parent / "README.md").read_text()

#: Lowest first; a package may import any package of an earlier layer, none of its own or later.
LAYERS: list[set[str]] = [
    {"compiled", "errors"},
    {"model"},
    {"settings"},
    {"sources", "store"},
    {"audit"},
    {"auth", "registry"},
    {"names"},
    {"match"},
    {"index"},
    {"screening"},
    {"workflow"},
    {"engines"},
    {"fetch"},
    {"facade"},
    {"api", "ui"},
    {"cli"},
    {"demo"},
]


#: Packages of one layer that may import each other: the web UI is served by the API's app and
#: reaches the library through the API's services. Every other import goes down a layer.
TOGETHER = [{"api", "ui"}]


def together(a: str, b: str) -> bool:
    return any({a, b} <= group for group in TOGETHER)


def package_imports() -> dict[str, set[str]]:
    """For each top-level package (or root module), the other ones it imports."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts == ("__init__",):
            continue
        me = parts[0]
        targets = found.setdefault(me, set())
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                dotted = name.split(".")
                if dotted[0] == "watchlist" and len(dotted) > 1 and dotted[1] != me:
                    targets.add(dotted[1])
    return found


def layer_of(package: str) -> int:
    for i, layer in enumerate(LAYERS):
        if package in layer:
            return i
    raise AssertionError(f"package {package!r} is in no layer: add it to LAYERS and the README")


def test_every_package_imports_only_lower_layers() -> None:
    wrong = [
        f"{pkg} imports {other}"
        for pkg, others in sorted(package_imports().items())
        for other in sorted(others)
        if layer_of(other) >= layer_of(pkg) and not together(pkg, other)
    ]
    assert not wrong, f"imports against the layering: {wrong}"


def test_no_import_cycle_between_packages() -> None:
    """No cycle, but within a group of packages declared to work together."""
    graph = package_imports()
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(n for n in graph.get(node, ()) if not together(node, n)):
            assert state.get(nxt) != 1, f"import cycle: {' -> '.join([*path, node, nxt])}"
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_readme_states_the_layers_in_this_order() -> None:
    match = re.search(r"Layers, lowest first: (.+?)\.(?:\s|$)", " ".join(README.split()))
    assert match, "the README states the layering"
    stated = [
        {name.strip(" `/") for name in group.split(",")} for group in match.group(1).split("→")
    ]
    assert stated == LAYERS


def test_the_registry_tables_are_read_only_through_store() -> None:
    """Every read of lists, releases and statements goes through store/'s functions, where the
    clearance filter lives: no other package queries those tables itself."""
    wrong = []
    for path in SRC.rglob("*.py"):
        if path.relative_to(SRC).parts[0] == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "watchlist.store.tables":
                wrong.append(str(path.relative_to(SRC)))
            elif isinstance(node, ast.ImportFrom) and node.module == "watchlist.store":
                if any(a.name == "tables" for a in node.names):
                    wrong.append(str(path.relative_to(SRC)))
    assert not wrong, f"modules reading the registry's tables outside store/: {sorted(wrong)}"
