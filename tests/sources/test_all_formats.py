"""Every registered list format against its real fixtures: detected as itself and nothing else,
and random bytes, truncated or corrupted files give a valid result or a ParseError naming the file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sources.helpers import parses_or_refuses, with_members
from watchlist.errors import ParseError
from watchlist.sources import formats
from watchlist.sources.base import HEAD_BYTES, ListFormat

FIXTURES = Path(__file__).parent.parent / "fixtures"


@dataclass(frozen=True)
class Fixtures:
    """A format's real fixtures and what its reader promises about them."""

    #: The files of each release, relative to tests/fixtures.
    releases: tuple[tuple[str, ...], ...]
    #: Read whole before anything is returned (XML, zip): a file cut short anywhere is refused.
    whole: bool
    #: Every entity it gives has a name (the reader refuses a record without one).
    named: bool = False
    #: For a zip container, the member holding the rows, to corrupt inside a valid zip.
    member: str | None = None


# One row per registered format; test_every_format_has_fixtures keeps the two in step.
FORMATS: dict[str, Fixtures] = {
    "ofac_csv": Fixtures(
        (
            tuple(
                f"us_ofac_sdn/{n}" for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
            ),
            tuple(f"us_ofac_cons/cons_{n}.csv" for n in ("prim", "alt", "add", "comments")),
        ),
        whole=False,
        named=True,
    ),
    "ofac_xml": Fixtures((("us_ofac_cons/consolidated.xml",),), whole=True, named=True),
    "un_xml": Fixtures((("un_sc_sanctions/consolidated.xml",),), whole=True, named=True),
    "hmt_csv": Fixtures((("gb_hmt_sanctions/ConList_slice.csv",),), whole=False),
    "fcdo_ods": Fixtures(
        (("gb_fcdo_sanctions/UK_Sanctions_List_summary_slice.ods",),),
        whole=True,
        member="content.xml",
    ),
    "fcdo_xml": Fixtures(
        (
            ("gb_fcdo_sanctions/uk_sanctions_list_slice.xml",),
            ("gb_fcdo_sanctions/uk_sanctions_list_composed.xml",),
        ),
        whole=True,
    ),
    "fcdo_csv": Fixtures((("gb_fcdo_sanctions/UK-Sanctions-List_slice.csv",),), whole=False),
    "sema_xml": Fixtures((("ca_dfatd_sema_sanctions/sema-lep-eng.xml",),), whole=True),
    "dfat_xlsx": Fixtures(
        (("au_dfat_sanctions/regulation8_slice.xlsx",),),
        whole=True,
        member="xl/worksheets/sheet1.xml",
    ),
    "eu_fsf_xml": Fixtures(
        (("eu_fsf/eu_fsf_slice.xml",), ("eu_fsf/own_cases.xml",)), whole=True, named=True
    ),
    "ftm_json": Fixtures((("ftm/zala.entities.ftm.json",),), whole=False),
    "own_csv": Fixtures(
        (("own/confidential.csv",), ("own/excel-semicolon.csv",)), whole=False, named=True
    ),
}

NAMES = sorted(FORMATS)
FILES = [(name, f) for name in NAMES for release in FORMATS[name].releases for f in release]
CONTAINERS = [name for name in NAMES if FORMATS[name].member]

# Modest example counts per format keep the module at a few seconds; the fuzz harness in fuzz/
# searches much longer. deadline=None: a slow first parse (openpyxl) is not a failure.
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _format(name: str) -> ListFormat:
    return formats.get_format(name)


def _release(folder: Path, files: tuple[str, ...], changed: str, data: bytes) -> list[Path]:
    """The release's files copied to `folder` under their own names, `changed` replaced by data.

    Names are kept: they tell the files of OFAC's CSV set apart.
    """
    folder.mkdir(exist_ok=True)
    paths = []
    for rel in files:
        path = folder / Path(rel).name
        path.write_bytes(data if rel == changed else (FIXTURES / rel).read_bytes())
        paths.append(path)
    return paths


def _draw_file(draw: st.DataObject, name: str) -> tuple[tuple[str, ...], str]:
    """A release, one file of it to break, and which of its other files come along."""
    release = draw.draw(st.sampled_from(FORMATS[name].releases), label="release")
    changed = draw.draw(st.sampled_from(release), label="file")
    kept = tuple(f for f in release if f == changed or draw.draw(st.booleans(), label=f))
    return kept, changed


def test_every_format_has_fixtures() -> None:
    """A new format must add a row above, so that none skips these checks."""
    assert NAMES == sorted(fmt.name for fmt in formats.FORMATS)
    for rel in (f for _, f in FILES):
        assert (FIXTURES / rel).is_file(), rel


@pytest.mark.parametrize(("name", "rel"), FILES)
def test_fixture_is_detected_as_its_own_format_only(name: str, rel: str) -> None:
    path = FIXTURES / rel
    head = path.read_bytes()[:HEAD_BYTES]
    claimed = [fmt.name for fmt in formats.FORMATS if fmt.detect(path, head)]
    assert claimed == [name]
    assert formats.detect(path).name == name


@pytest.mark.parametrize("name", NAMES)
def test_fixtures_parse(name: str) -> None:
    for release in FORMATS[name].releases:
        paths = [FIXTURES / rel for rel in release]
        entities = parses_or_refuses(_format(name), paths, FORMATS[name].named)
        assert entities, f"{release} gave no entities"


@pytest.mark.parametrize("name", NAMES)
@PROPERTY
@given(data=st.data(), junk=st.binary(max_size=2000))
def test_random_bytes(tmp_path: Path, name: str, data: st.DataObject, junk: bytes) -> None:
    release, changed = _draw_file(data, name)
    paths = _release(tmp_path / "release", release, changed, junk)
    path = paths[release.index(changed)]
    for fmt in formats.FORMATS:  # no format's detect may raise on what it does not know
        assert fmt.detect(path, junk[:HEAD_BYTES]) in (True, False)
    parses_or_refuses(_format(name), paths, FORMATS[name].named)


@pytest.mark.parametrize("name", NAMES)
@PROPERTY
@given(data=st.data())
def test_truncated_file(tmp_path: Path, name: str, data: st.DataObject) -> None:
    release, changed = _draw_file(data, name)
    content = (FIXTURES / changed).read_bytes()
    cut = data.draw(st.integers(0, len(content)), label="cut")
    paths = _release(tmp_path / "release", release, changed, content[:cut])
    if FORMATS[name].whole and cut < len(content.rstrip()):
        with pytest.raises(ParseError) as err:
            list(_format(name).parse(paths).entities)
        assert err.value.path == str(paths[release.index(changed)])
    else:
        parses_or_refuses(_format(name), paths, FORMATS[name].named)


@pytest.mark.parametrize("name", NAMES)
@PROPERTY
@given(data=st.data(), junk=st.binary(min_size=1, max_size=200))
def test_junk_inserted(tmp_path: Path, name: str, data: st.DataObject, junk: bytes) -> None:
    release, changed = _draw_file(data, name)
    content = (FIXTURES / changed).read_bytes()
    at = data.draw(st.integers(0, len(content)), label="at")
    paths = _release(tmp_path / "release", release, changed, content[:at] + junk + content[at:])
    parses_or_refuses(_format(name), paths, FORMATS[name].named)


@pytest.mark.parametrize("name", CONTAINERS)
@PROPERTY
@given(data=st.data(), junk=st.binary(max_size=200))
def test_member_cut_or_corrupted_in_a_valid_zip(
    tmp_path: Path, name: str, data: st.DataObject, junk: bytes
) -> None:
    release, changed = _draw_file(data, name)
    member = FORMATS[name].member
    assert member is not None
    container = (FIXTURES / changed).read_bytes()
    with zipfile.ZipFile(FIXTURES / changed) as archive:
        content = archive.read(member)
    at = data.draw(st.integers(0, len(content)), label="at")
    keep = data.draw(st.booleans(), label="keep the rest")
    broken = content[:at] + junk + (content[at:] if keep else b"")
    paths = _release(
        tmp_path / "release", release, changed, with_members(container, {member: broken})
    )
    parses_or_refuses(_format(name), paths, FORMATS[name].named)


@dataclass(frozen=True)
class Regression:
    """An input that once escaped a parser as something other than ParseError, now refused."""

    name: str
    #: The fixture file it replaces in its release.
    file: str
    #: The input, made from that fixture's content.
    make: Callable[[bytes], bytes]
    #: Where the ParseError must say the problem is ("" for the file as a whole).
    where: str
    found: str


def _replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def make(content: bytes) -> bytes:
        assert old in content
        return content.replace(old, new)

    return make


def _replace_in_member(member: str, old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def make(container: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(container)) as archive:
            content = archive.read(member)
        return with_members(container, {member: _replace(old, new)(content)})

    return make


REGRESSIONS = [
    Regression(
        "own_csv",
        "own/confidential.csv",
        lambda _: b"\r\x00",
        "line 1",
        "hypothesis: csv.Error on a lone carriage return in the header line",
    ),
    Regression(
        "own_csv",
        "own/confidential.csv",
        lambda _: b"id;schema;name\r\nOWN-0;Person;\x01\r\n",
        "line 2, field name",
        "atheris: a name of only a control character gave an entry with no name",
    ),
    Regression(
        "fcdo_xml",
        "gb_fcdo_sanctions/uk_sanctions_list_composed.xml",
        _replace(b"<UniqueID>DPR9901</UniqueID>", b"<UniqueID>DPR9902</UniqueID>"),
        "line 99",
        "atheris: followthemoney InvalidData merging a Vessel and a Person of one UniqueID",
    ),
    Regression(
        "fcdo_ods",
        "gb_fcdo_sanctions/UK_Sanctions_List_summary_slice.ods",
        _replace_in_member("content.xml", b"<text:p>DPR0076</text:p>", b"<text:p>GUB0009</text:p>"),
        "row 7",
        "the fcdo_xml finding in the ODS reader, which merged repeated Unique IDs the same way",
    ),
    Regression(
        "dfat_xlsx",
        "au_dfat_sanctions/regulation8_slice.xlsx",
        lambda xlsx: with_members(xlsx, {"xl/worksheets/sheet1.xml": None}),
        "",
        "atheris: IndexError from a workbook whose only sheet is missing from the zip",
    ),
]


@pytest.mark.parametrize(
    "case", REGRESSIONS, ids=[f"{c.name}-{i}" for i, c in enumerate(REGRESSIONS)]
)
def test_regression(tmp_path: Path, case: Regression) -> None:
    release = next(r for r in FORMATS[case.name].releases if case.file in r)
    data = case.make((FIXTURES / case.file).read_bytes())
    paths = _release(tmp_path / "release", release, case.file, data)
    path = paths[release.index(case.file)]
    for fmt in formats.FORMATS:
        assert fmt.detect(path, data[:HEAD_BYTES]) in (True, False)
    with pytest.raises(ParseError) as err:
        list(_format(case.name).parse(paths).entities)
    assert (err.value.path, err.value.where or "") == (str(path), case.where)
