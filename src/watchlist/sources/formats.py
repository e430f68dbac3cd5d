"""The list of formats, detection by content, and grouping of files into releases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from watchlist.errors import FormatNotDetected, NotFound, ParseError
from watchlist.sources import (
    dfat_xlsx,
    eu_fsf_xml,
    fcdo_csv,
    fcdo_ods,
    fcdo_xml,
    ftm_json,
    hmt_csv,
    ofac_csv,
    ofac_xml,
    own_csv,
    sema_xml,
    un_xml,
)
from watchlist.sources.base import HEAD_BYTES, ListFormat

#: Every format, in detection order: order matters only where two could claim a file.
FORMATS: tuple[ListFormat, ...] = (
    ofac_csv.FORMAT,
    ofac_xml.FORMAT,
    un_xml.FORMAT,
    hmt_csv.FORMAT,
    fcdo_ods.FORMAT,
    fcdo_xml.FORMAT,
    fcdo_csv.FORMAT,
    sema_xml.FORMAT,
    dfat_xlsx.FORMAT,
    eu_fsf_xml.FORMAT,
    ftm_json.FORMAT,
    own_csv.FORMAT,
)


def get_format(name: str) -> ListFormat:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise NotFound(f"no list format named {name!r}", field="format")


def detect(path: Path) -> ListFormat:
    """The format that reads `path`, judged from its content."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc.strerror}") from None
    for fmt in FORMATS:
        if fmt.detect(path, head):
            return fmt
    raise FormatNotDetected(str(path), None, "not a list format watchlist knows")


@dataclass(frozen=True)
class ImportJob:
    """Files that together make one release of one list."""

    format: ListFormat
    paths: tuple[Path, ...]

    @property
    def label(self) -> str:
        return ", ".join(p.name for p in self.paths)


def plan(paths: Sequence[Path]) -> list[ImportJob]:
    """Group files into releases: multi-file formats by folder, the rest one file each."""
    jobs: list[ImportJob] = []
    groups: dict[tuple[str, Path], list[Path]] = defaultdict(list)
    for path in paths:
        fmt = detect(path)
        if fmt.multi_file:
            key = (fmt.name, path.resolve().parent)
            if key not in groups:
                jobs.append(ImportJob(fmt, ()))  # placeholder keeps command-line order
            groups[key].append(path)
        else:
            jobs.append(ImportJob(fmt, (path,)))
    out: list[ImportJob] = []
    seen: set[tuple[str, Path]] = set()
    for job in jobs:
        if job.paths:
            out.append(job)
            continue
        for key, files in groups.items():
            if key[0] == job.format.name and key not in seen:
                seen.add(key)
                out.append(ImportJob(job.format, tuple(files)))
                break
    return out
