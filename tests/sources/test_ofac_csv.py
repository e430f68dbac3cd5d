import tempfile
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sources.helpers import parses_or_refuses
from watchlist.errors import ParseError
from watchlist.sources import formats
from watchlist.sources.base import HEAD_BYTES
from watchlist.sources.ofac_csv import FORMAT, detect, parse, programs

FIXTURES = Path(__file__).parent.parent / "fixtures"
SDN = FIXTURES / "us_ofac_sdn"
CONS = FIXTURES / "us_ofac_cons"
SDN_SET = [SDN / n for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
CONS_SET = [
    CONS / n for n in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
]


def _by_id(paths: list[Path]) -> dict[str, EntityProxy]:
    return {str(e.id): e for e in parse(paths).entities}


@pytest.fixture(scope="module")
def sdn() -> dict[str, EntityProxy]:
    return _by_id(SDN_SET)


def test_every_row_of_the_slice_is_an_entity(sdn: dict[str, EntityProxy]) -> None:
    assert len(sdn) == 28


def test_karpov(sdn: dict[str, EntityProxy]) -> None:
    karpov = sdn["15880"]
    assert karpov.schema.name == "Person"
    assert karpov.get("program") == ["MAGNIT"]
    assert karpov.get("birthDate") == ["1977-08-27"]
    assert karpov.get("birthPlace") == ["Moscow, Russia"]
    assert set(karpov.get("name")) == {"KARPOV, Pavel", "Pavel KARPOV"}
    assert karpov.get("lastName") == ["KARPOV"]
    assert karpov.get("firstName") == ["Pavel"]


def test_vessel_columns(sdn: dict[str, EntityProxy]) -> None:
    ship = sdn["4243"]
    assert ship.schema.name == "Vessel"
    assert ship.get("callSign") == ["P3QG3"]
    assert ship.get("type") == ["General Cargo"]
    assert ship.get("tonnage") == ["2595"]
    assert ship.get("grossRegisteredTonnage") == ["1116"]
    assert ship.get("flag") == ["cy"]
    assert ship.get("previousName") == ["ANA I"]
    assert "Vessel owner: Sand & Swan Navigation Co. Ltd." in ship.get("notes")
    tanker = sdn["27304"]
    assert tanker.get("imoNumber") == ["IMO9116412"]
    assert tanker.get("pastFlags") == ["pa"]
    assert sdn["28183"].get("mmsi") == ["248297000"]


def test_aircraft(sdn: dict[str, EntityProxy]) -> None:
    plane = sdn["15431"]
    assert plane.schema.name == "Airplane"
    assert plane.get("name") == ["EP-GOM"]
    assert plane.get("buildDate") == ["1992"]
    assert plane.get("model") == ["IL76-TD"]
    assert plane.get("serialNumber") == ["1023409321"]


def test_entity_type_and_aliases(sdn: dict[str, EntityProxy]) -> None:
    airline = sdn["36"]
    assert airline.schema.name == "Organization"
    assert airline.get("program") == ["CUBA"]
    assert airline.get("alias") == ["AERO-CARIBBEAN"]
    assert airline.get("address") == ["Havana, Cuba"]
    assert airline.get("country") == ["cu"]
    assert set(sdn["8244"].get("alias")) >= {"NUEVO CONTINENTE S.A.", "NUEVOCONTINENTE S.A."}
    assert "CORTEZ, Oliverio Abril" in sdn["4307"].get("previousName")
    # The a.k.a. in Remarks is the weak one; alt.csv's aka stays strong.
    bank = sdn["306"]
    assert bank.get("weakAlias") == ["BNC"]
    assert "NATIONAL BANK OF CUBA" in bank.get("alias")


def test_programs_are_split(sdn: dict[str, EntityProxy]) -> None:
    assert sdn["28263"].get("program") == ["DPRK3", "CYBER2"]
    assert sdn["23470"].get("program") == ["IRAN", "IRAN-TRA"]
    assert programs("[SDGT] [IRGC]") == ["SDGT", "IRGC"]
    assert programs("MAGNIT") == ["MAGNIT"]
    assert programs("") == []


def test_remarks_join_the_comments_file(sdn: dict[str, EntityProxy]) -> None:
    # sdn.csv cuts the Remarks of 28263 inside a.k.a. 'snowsjo|hn'; sdn_comments.csv goes on.
    tian = sdn["28263"]
    assert "snowsjohn" in tian.get("weakAlias")
    assert "Linked To: LAZARUS GROUP" in tian.get("notes")
    assert "Linked To: PROMO RAIZ S.A.S." in sdn["12300"].get("notes")


def test_remark_values(sdn: dict[str, EntityProxy]) -> None:
    assert sdn["23847"].get("birthDate") == ["1975", "1976", "1977", "1978"]
    assert sdn["16606"].get("birthDate") == ["1955", "1956"]
    assert sdn["11738"].get("birthDate") == ["1973"]
    assert sdn["26723"].get("gender") == ["female"]
    assert sdn["17266"].get("citizenship") == ["sy"]
    assert sdn["16111"].get("idNumber") == ["27994783"]
    assert sdn["17355"].get("taxNumber") == ["25735349"]
    assert sdn["30976"].get("incorporationDate") == ["1961-06"]
    assert sdn["15585"].get("website") == ["http://www.m23mars.org/"]
    assert sdn["23470"].get("position") == ["Judge, Head of Tehran Revolutionary Court, Branch 15"]


def test_primary_file_alone() -> None:
    alone = _by_id([SDN / "sdn.csv"])
    assert len(alone) == 28
    assert alone["15880"].get("birthDate") == ["1977-08-27"]
    assert alone["36"].get("alias") == []
    # Without the comments file the cut remark ends in a fragment, kept as written.
    assert "snowsjohn" not in alone["28263"].get("weakAlias")


def test_alt_file_without_primary_is_an_error() -> None:
    with pytest.raises(ParseError) as err:
        parse([SDN / "alt.csv", SDN / "add.csv"])
    assert "primary" in err.value.problem


def test_consolidated_set() -> None:
    cons = _by_id(CONS_SET)
    assert len(cons) == 12
    bank = cons["17014"]
    assert bank.get("weakAlias") == ["RUSAG"]  # from cons_comments.csv
    assert "1027700342890" in bank.get("registrationNumber")
    assert FORMAT.dataset(CONS_SET) == "us_ofac_cons"
    assert FORMAT.dataset(SDN_SET) == "us_ofac_sdn"
    assert parse(CONS_SET).title == "OFAC Consolidated (non-SDN) List"


def test_detect_by_content() -> None:
    for path in SDN_SET + CONS_SET:
        assert detect(path, path.read_bytes()[:HEAD_BYTES]), path
    xml = CONS / "consolidated.xml"
    assert not detect(xml, xml.read_bytes()[:HEAD_BYTES])
    # The comments layout (number, text) is too plain to claim under any name.
    comments = (SDN / "sdn_comments.csv").read_bytes()
    assert not detect(Path("notes.csv"), comments)
    # A primary row under another name is still OFAC CSV.
    assert detect(Path("export.csv"), (SDN / "sdn.csv").read_bytes()[:HEAD_BYTES])


def test_renamed_files_by_field_count(tmp_path: Path) -> None:
    # detect accepts an OFAC primary or alias file under another name; parse must read it.
    prim = _write(tmp_path, "export.csv", (SDN / "sdn.csv").read_bytes())
    names = _write(tmp_path, "names.csv", (SDN / "alt.csv").read_bytes())
    renamed = _by_id([prim, names])
    assert len(renamed) == 28
    assert renamed["36"].get("alias") == ["AERO-CARIBBEAN"]
    with pytest.raises(ParseError, match="not a file of an OFAC CSV set"):
        parse([_write(tmp_path, "notes.csv", (SDN / "sdn_comments.csv").read_bytes())])


def test_registry_groups_the_set() -> None:
    jobs = formats.plan(SDN_SET)
    assert [(job.format.name, len(job.paths)) for job in jobs] == [("ofac_csv", 4)]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b'15880,"KARPOV, Pavel","individual","MAGNIT"\r\n', "line 1"),
        (
            b'x15880,"KARPOV, Pavel","individual","MAGNIT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
            "line 1, field ent_num",
        ),
        (
            b'15880,"KARPOV, Pavel","robot","MAGNIT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
            "line 1, field SDN_Type",
        ),
        (
            b'15880,"KARPOV, Pavel","individual","MAGNIT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB',
            "line 1",
        ),
        (b'15880,"KARP\x00OV"', "line 1"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, data: bytes, where: str) -> None:
    path = _write(tmp_path, "sdn.csv", data)
    with pytest.raises(ParseError) as err:
        parse([path])
    assert err.value.path == str(path)
    assert err.value.where == where


def test_entry_listed_twice(tmp_path: Path) -> None:
    row = (SDN / "sdn.csv").read_bytes().split(b"\r\n")[0]
    path = _write(tmp_path, "sdn.csv", row + b"\r\n" + row + b"\r\n")
    with pytest.raises(ParseError, match="twice"):
        parse([path])


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@settings(max_examples=50, deadline=None)
@given(
    st.sampled_from(["individual", "vessel", "aircraft", "-0- "]),
    st.lists(st.text(st.characters(codec="latin-1"), max_size=80), min_size=9, max_size=9),
)
def test_random_fields_in_a_well_formed_row(sdn_type: str, fields: list[str]) -> None:
    row = ",".join(["15880", _quoted("KARPOV, Pavel"), _quoted(sdn_type), *map(_quoted, fields)])
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "sdn.csv", row.encode("latin-1") + b"\r\n\x1a")
        parses_or_refuses(FORMAT, [path])
