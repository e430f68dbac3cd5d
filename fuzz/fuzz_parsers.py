"""Coverage-guided fuzzing (atheris) of each list format's detect and parse on untrusted bytes.

Each input becomes one file of a real release from tests/fixtures; anything but a valid result
or a ParseError naming the file is a crash. Usage and targets: fuzz/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import atheris  # type: ignore[import-untyped]  # no stubs; not a project dependency

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the fixture table and checker live in tests/sources

# Instrument the parsers (and openpyxl, pure Python under dfat_xlsx) before anything imports
# them, so that coverage guides the search through their branches.
# A line per instrumented module (some two hundred) would bury the fuzzer's own output.
with (
    contextlib.redirect_stderr(io.StringIO()),
    atheris.instrument_imports(include=["watchlist", "openpyxl"]),
):
    from tests.sources.helpers import parses_or_refuses, with_members
    from tests.sources.test_all_formats import FIXTURES, FORMATS

    from watchlist.sources import formats
    from watchlist.sources.base import HEAD_BYTES


@dataclass(frozen=True)
class Target:
    """One file of a release to replace by the fuzzer's bytes, the others kept real."""

    name: str
    format: str
    release: tuple[str, ...]
    file: str
    #: For a zip format, the member the bytes replace inside the real file: byte mutations of
    #: the compressed zip mostly fail its checksum and never reach the rows.
    member: str | None = None


def targets() -> dict[str, Target]:
    """`format` for single-file formats, `format:file` for each file of a multi-file set, and
    `format:member` for the member of a zip format that holds the rows."""
    found: dict[str, Target] = {}
    for fmt, fixtures in FORMATS.items():
        for release in fixtures.releases:
            for rel in release:
                name = f"{fmt}:{Path(rel).name}" if len(release) > 1 else fmt
                found.setdefault(name, Target(name, fmt, release, rel))
                if fixtures.member:
                    inner = f"{name}:{Path(fixtures.member).name}"
                    found.setdefault(inner, Target(inner, fmt, release, rel, fixtures.member))
    return found


def seeds(target: Target) -> dict[str, bytes]:
    """What this target's input stands for: every release's file in its place, or its member."""
    if target.member:
        with zipfile.ZipFile(FIXTURES / target.file) as archive:
            return {Path(target.member).name: archive.read(target.member)}
    releases = FORMATS[target.format].releases
    files = [target.file] if len(target.release) > 1 else [release[0] for release in releases]
    return {f"{Path(f).parent.name}-{Path(f).name}": (FIXTURES / f).read_bytes() for f in files}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, epilog="Other options go to libFuzzer.")
    parser.add_argument("target", nargs="?", help="a format, or format:file (see --list)")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    parser.add_argument("--work", type=Path, help="corpus and crash folder (default: a temp dir)")
    args, libfuzzer = parser.parse_known_args()
    known = targets()
    if args.list or args.target not in known:
        print("\n".join(known))
        sys.exit(0 if args.list else f"unknown target {args.target!r}")
    target = known[args.target]
    work = args.work or Path(tempfile.gettempdir()) / "watchlist-fuzz" / target.name
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed_name, content in seeds(target).items():
        (corpus / f"seed-{seed_name}").write_bytes(content)
    folder = work / "release"  # libFuzzer exits without Python's clean-up: keep it in work
    folder.mkdir(exist_ok=True)
    paths = [folder / Path(rel).name for rel in target.release]
    fuzzed = paths[target.release.index(target.file)]
    for rel, path in zip(target.release, paths, strict=True):
        if rel != target.file:
            shutil.copy(FIXTURES / rel, path)
    fmt = formats.get_format(target.format)
    named = FORMATS[target.format].named
    container = (FIXTURES / target.file).read_bytes()

    def test_one_input(data: bytes) -> None:
        if target.member:
            data = with_members(container, {target.member: data})
        fuzzed.write_bytes(data)
        for other in formats.FORMATS:
            if other.detect(fuzzed, data[:HEAD_BYTES]) not in (True, False):
                raise AssertionError(f"{other.name}.detect gave neither True nor False")
        parses_or_refuses(fmt, paths, named)

    if not any(a.startswith("-artifact_prefix=") for a in libfuzzer):
        libfuzzer.append(f"-artifact_prefix={work}/")
    print(f"fuzzing {target.name}: corpus {corpus}, crashes in {work}", file=sys.stderr)
    # Files given on the command line are run once each (to replay a crash); else fuzz on.
    inputs = [] if any(not a.startswith("-") for a in libfuzzer) else [str(corpus)]
    atheris.Setup([sys.argv[0], *libfuzzer, *inputs], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
