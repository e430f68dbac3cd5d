import tempfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from followthemoney.proxy import EntityProxy
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sources.helpers import parses_or_refuses
from watchlist.errors import ParseError
from watchlist.sources import formats, ofac_csv
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.ofac_xml import FORMAT, detect, parse

CONS = Path(__file__).parent.parent / "fixtures" / "us_ofac_cons"
XML = CONS / "consolidated.xml"
CONS_NAMESPACE = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"

# sdn.csv entry 4243 (SAND SWAN) written in the sdn.xml schema, with the namespace older
# sdn.xml files use: no real sdn.xml small enough to carry holds a vessel.
VESSEL_XML = b"""<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>07/07/2021</Publish_Date></publshInformation>
  <sdnEntry>
    <uid>4243</uid>
    <lastName>SAND SWAN</lastName>
    <sdnType>Vessel</sdnType>
    <remarks>f.k.a. 'ANA I'.</remarks>
    <programList><program>CUBA</program></programList>
    <vesselInfo>
      <callSign>P3QG3</callSign>
      <vesselType>General Cargo</vesselType>
      <vesselFlag>Cyprus</vesselFlag>
      <vesselOwner>Sand &amp; Swan Navigation Co. Ltd.</vesselOwner>
      <tonnage>2595</tonnage>
      <grossRegisteredTonnage>1116</grossRegisteredTonnage>
    </vesselInfo>
  </sdnEntry>
</sdnList>
"""


@pytest.fixture(scope="module")
def cons() -> dict[str, EntityProxy]:
    return {str(e.id): e for e in parse([XML]).entities}


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_publication_and_count(cons: dict[str, EntityProxy]) -> None:
    parsed = parse([XML])
    assert parsed.published == date(2025, 3, 28)
    assert parsed.title == "OFAC Consolidated (non-SDN) List"
    assert len(cons) == 13
    assert FORMAT.dataset([XML]) == "us_ofac_cons"


def test_person_with_weak_akas(cons: dict[str, EntityProxy]) -> None:
    zahhar = cons["9647"]
    assert zahhar.schema.name == "Person"
    assert set(zahhar.get("name")) == {"ZAHHAR, Mahmoud Khaled", "Mahmoud Khaled ZAHHAR"}
    assert zahhar.get("firstName") == ["Mahmoud Khaled"]
    assert zahhar.get("lastName") == ["ZAHHAR"]
    assert zahhar.get("alias") == ["AL ZAHAR, Mahmoud Khaled"]
    assert set(zahhar.get("weakAlias")) == {"ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"}
    assert set(zahhar.get("program")) == {"NS-PLC", "SDGT"}
    assert zahhar.get("birthDate") == ["1945"]
    assert zahhar.get("birthPlace") == ["Gaza Strip"]
    assert zahhar.get("gender") == ["male"]
    assert "Linked To: HAMAS" in zahhar.get("notes")


def test_entity_details(cons: dict[str, EntityProxy]) -> None:
    bank = cons["18728"]
    assert bank.schema.name == "Organization"
    assert bank.get("previousName") == ["MOSKOVSKA BANKA AD"]
    assert bank.get("swiftBic") == ["MBBGRSBG"]
    assert bank.get("address") == ["2 Balkanska street, Belgrade 11 000, Serbia"]
    assert bank.get("country") == ["rs"]
    assert cons["18295"].get("incorporationDate") == ["2013-04-08"]
    assert cons["18282"].get("email") == ["sekr@nknpz.rosneft.ru"]
    media = cons["23557"]
    assert media.get("jurisdiction") == ["ru"]
    assert media.get("taxNumber") == ["7704667322"]
    kayakiran = cons["26182"]
    assert kayakiran.get("passportNumber") == ["U00242309"]
    assert kayakiran.get("citizenship") == ["tr"]
    assert kayakiran.get("birthDate") == ["1980-02-08"]
    assert "Miami, FL, United States" in cons["50476"].get("address")


def test_same_entries_as_the_csv_set(cons: dict[str, EntityProxy]) -> None:
    # The CSV fixture is a later release (2025-12) of the same list: names and weak AKAs of
    # the persons have not changed, and the two importers must agree on them.
    csv_set = sorted(CONS.glob("cons_*.csv"))
    from_csv = {str(e.id): e for e in ofac_csv.parse(csv_set).entities}
    for uid in ("9639", "9641", "9647", "50476"):
        for prop in ("name", "alias", "weakAlias", "birthDate", "firstName", "lastName"):
            assert set(cons[uid].get(prop)) == set(from_csv[uid].get(prop)), (uid, prop)


def test_vessel_in_an_older_namespace(tmp_path: Path) -> None:
    path = _write(tmp_path, "sdn.xml", VESSEL_XML)
    assert detect(path, VESSEL_XML[:HEAD_BYTES])
    parsed = parse([path])
    (ship,) = list(parsed.entities)
    assert parsed.published == date(2021, 7, 7)
    assert FORMAT.dataset([path]) == "us_ofac_sdn"
    assert parsed.title == "OFAC Specially Designated Nationals (SDN) List"
    assert ship.schema.name == "Vessel"
    assert ship.get("callSign") == ["P3QG3"]
    assert ship.get("flag") == ["cy"]
    assert ship.get("tonnage") == ["2595"]
    assert ship.get("grossRegisteredTonnage") == ["1116"]
    assert ship.get("previousName") == ["ANA I"]


def test_no_namespace(tmp_path: Path) -> None:
    data = XML.read_bytes().replace(f' xmlns="{CONS_NAMESPACE}"'.encode(), b"")
    path = _write(tmp_path, "consolidated.xml", data)
    assert len(list(parse([path]).entities)) == 13


def test_detect() -> None:
    assert detect(XML, XML.read_bytes()[:HEAD_BYTES])
    prim = CONS / "cons_prim.csv"
    assert not detect(prim, prim.read_bytes()[:HEAD_BYTES])
    assert not detect(Path("x.xml"), b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST>')
    assert [job.format.name for job in formats.plan([XML])] == ["ofac_xml"]


def test_truncated_file_names_the_file(tmp_path: Path) -> None:
    data = XML.read_bytes()
    path = _write(tmp_path, "consolidated.xml", data[: len(data) // 2])
    with pytest.raises(ParseError) as err:
        parse([path])
    assert err.value.path == str(path)
    assert str(path) in str(err.value)
    assert err.value.where is not None and err.value.where.startswith("line ")


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (b"03/28/2025", b"2025-03-28", "field Publish_Date"),
        (b"<sdnType>Entity</sdnType>", b"<sdnType>Robot</sdnType>", "record 17014, field sdnType"),
        (b"<uid>9639</uid>\n    <firstName>", b"<uid></uid>\n    <firstName>", "line 7"),
        (b"<uid>9641</uid>", b"<uid>9639</uid>", "record 9639"),
    ],
)
def test_bad_content(tmp_path: Path, old: bytes, new: bytes, where: str) -> None:
    data = XML.read_bytes()
    assert old in data
    path = _write(tmp_path, "consolidated.xml", data.replace(old, new, 1))
    with pytest.raises(ParseError) as err:
        parse([path])
    assert err.value.where == where


def test_other_root_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.xml", b"<?xml version='1.0'?><Sanctions><a/></Sanctions>")
    with pytest.raises(ParseError, match="sdnList"):
        parse([path])


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["lastName", "dateOfBirth", "idNumber", "country"]))
def test_random_field_text(text: str, element: str) -> None:
    data = XML.read_bytes()
    start = data.index(f"<{element}>".encode()) + len(element) + 2
    end = data.index(f"</{element}>".encode(), start)
    value = escape("".join(c for c in text if c.isprintable())).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "consolidated.xml", data[:start] + value + data[end:])
        parses_or_refuses(FORMAT, [path])
