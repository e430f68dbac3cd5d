from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.sources.helpers import with_members
from watchlist.errors import ParseError
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.fcdo_ods import FORMAT

FIXTURES = Path(__file__).parent.parent / "fixtures"
FIXTURE = FIXTURES / "gb_fcdo_sanctions" / "UK_Sanctions_List_summary_slice.ods"
XLSX = FIXTURES / "au_dfat_sanctions" / "regulation8_slice.xlsx"
CONTENT = zipfile.ZipFile(FIXTURE).read("content.xml")


def _ods(tmp_path: Path, content: bytes, mimetype: bytes | None = None) -> Path:
    """The fixture with its content.xml (or mimetype) replaced."""
    members = {"content.xml": content}
    if mimetype is not None:
        members["mimetype"] = mimetype
    path = tmp_path / "list.ods"
    path.write_bytes(with_members(FIXTURE.read_bytes(), members))
    return path


def test_detects_by_mimetype_and_header(tmp_path: Path) -> None:
    assert FORMAT.detect(FIXTURE, FIXTURE.read_bytes()[:HEAD_BYTES])
    assert not FORMAT.detect(XLSX, XLSX.read_bytes()[:HEAD_BYTES])
    text_doc = _ods(tmp_path, CONTENT, mimetype=b"application/vnd.oasis.opendocument.text")
    assert not FORMAT.detect(text_doc, text_doc.read_bytes()[:HEAD_BYTES])
    other = _ods(tmp_path, CONTENT.replace(b"<text:p>Unique ID<", b"<text:p>Ref<"))
    assert not FORMAT.detect(other, other.read_bytes()[:HEAD_BYTES])
    assert not FORMAT.detect(FIXTURE, b"Unique ID,Name,Regime Name,Type\n")


def test_reads_designations() -> None:
    parsed = FORMAT.parse([FIXTURE])
    entities = {e.id: e for e in parsed.entities}
    assert len(entities) == 9
    # No date inside the export: content.xml's zip timestamp is when it was written.
    assert parsed.published == date(2025, 8, 11)
    bank = entities["RUS1578"]
    assert bank.schema.name == "Organization"
    assert bank.get("name") == ["LLC Commercial Bank – International Settlements Bank"]
    assert bank.get("createdAt") == ["2022-09-26"]  # "26-09-2022"
    assert entities["DPR0075"].schema.name == "Vessel"
    person = entities["RUS0001"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Kiselyov Dmitry Konstantinovich"]
    assert person.get("program") == ["Russia"]
    assert FORMAT.dataset([FIXTURE]) == "gb_fcdo_sanctions"


def _row_of(content: bytes, unique_id: str) -> tuple[int, int]:
    """Where the <table:table-row> holding `unique_id` starts and ends in content.xml."""
    at = content.index(f"<text:p>{unique_id}</text:p>".encode())
    start = content.rindex(b"<table:table-row", 0, at)
    return start, content.index(b"</table:table-row>", at) + len(b"</table:table-row>")


def test_repeated_rows_count_in_row_numbers(tmp_path: Path) -> None:
    # AFG0001 repeated three times fills rows 2-4, so a bad AFG0002 is row 5.
    start, end = _row_of(CONTENT, "AFG0002")
    bad_row = CONTENT[start:end].replace(b"<text:p>Entity</text:p>", b"<text:p>Robot</text:p>")
    content = CONTENT[:start] + bad_row + CONTENT[end:]
    start, _ = _row_of(content, "AFG0001")
    opening = b'<table:table-row table:style-name="ro1">'
    assert content[start : start + len(opening)] == opening
    repeated = b'<table:table-row table:style-name="ro1" table:number-rows-repeated="3">'
    content = content[:start] + repeated + content[start + len(opening) :]
    with pytest.raises(ParseError) as err:
        FORMAT.parse([_ods(tmp_path, content)])
    assert err.value.where == "row 5, column Type"
    assert "Robot" in err.value.problem


def test_empty_unique_id_and_missing_header_column(tmp_path: Path) -> None:
    path = _ods(tmp_path, CONTENT.replace(b"<text:p>AFG0002</text:p>", b"<text:p></text:p>"))
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.where == "row 3, column Unique ID"
    path = _ods(
        tmp_path, CONTENT.replace(b"<text:p>Regime Name</text:p>", b"<text:p>Regime</text:p>")
    )
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.where == "row 1"
    assert "Regime Name" in err.value.problem


def test_truncated_content_names_the_file(tmp_path: Path) -> None:
    path = _ods(tmp_path, CONTENT[: len(CONTENT) // 2])
    with pytest.raises(ParseError) as err:
        FORMAT.parse([path])
    assert err.value.path == str(path)
    assert err.value.where is not None and err.value.where.startswith("row ")


def test_compressed_spaces_and_spans_in_a_cell(tmp_path: Path) -> None:
    # ODF writes runs of spaces as <text:s text:c="n"/> and styled runs as <text:span>.
    cell = (
        b'<text:p>ROSHAN<text:s text:c="999999999"/>MONEY <text:span>EX</text:span>CHANGE'
        b"<text:line-break/>LTD</text:p>"
    )
    content = CONTENT.replace(b"<text:p>ROSHAN MONEY EXCHANGE</text:p>", cell)
    entities = {e.id: e for e in FORMAT.parse([_ods(tmp_path, content)]).entities}
    assert entities["AFG0002"].get("name") == ["ROSHAN MONEY EXCHANGE LTD"]
