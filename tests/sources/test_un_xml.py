from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.sources import formats, un_xml
from watchlist.sources.base import HEAD_BYTES

FIXTURE = Path(__file__).parent.parent / "fixtures" / "un_sc_sanctions" / "consolidated.xml"


@pytest.fixture(scope="module")
def entities() -> dict[str, EntityProxy]:
    parsed = un_xml.parse([FIXTURE])
    return {str(e.id): e for e in parsed.entities}


def test_counts_schemata_and_publication_date() -> None:
    parsed = un_xml.parse([FIXTURE])
    found = list(parsed.entities)
    assert parsed.published == date(2026, 2, 27)
    assert len(found) == 16
    assert sum(e.schema.name == "Person" for e in found) == 12
    assert sum(e.schema.name == "Organization" for e in found) == 4


def test_individual_core_fields(entities: dict[str, EntityProxy]) -> None:
    e = entities["CDi.002"]
    assert e.get("name") == ["FRANK KAKOLELE BWAMBALE"]
    assert e.get("firstName") == ["FRANK KAKOLELE"]
    assert e.get("lastName") == ["BWAMBALE"]
    assert set(e.get("alias")) == {"FRANK KAKORERE", "FRANK KAKORERE BWAMBALE", "AIGLE BLANC"}
    assert e.get("position") == ["FARDC General"]
    assert e.get("nationality") == ["cd"]
    assert e.get("gender") == ["male"]
    assert e.get("program") == ["DRC"]
    assert e.get("createdAt") == ["2005-11-01"]
    assert e.get("address") == ["Kinshasa, Democratic Republic of the Congo"]
    assert "resides in Kinshasa" in e.get("notes")[0]


def test_four_name_parts_and_alias_qualities(entities: dict[str, EntityProxy]) -> None:
    e = entities["QDi.001"]
    assert e.get("name") == ["MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"]
    assert e.get("firstName") == ["MOHAMMED"]
    assert e.get("lastName") == ["ZIDANE"]
    assert "محمد صلاح الدين عبدالحليم زيدان" in e.get("alias")  # NAME_ORIGINAL_SCRIPT
    assert "Sayf-Al Adl" in e.get("alias")  # QUALITY Good
    assert "Ibrahim al-Madani" in e.get("weakAlias")  # QUALITY Low
    assert "Ibrahim al-Madani" not in e.get("alias")
    assert set(e.get("birthDate")) == {"1963-04-11", "1960-04-11"}


def test_korean_names_get_no_first_or_last_name(entities: dict[str, EntityProxy]) -> None:
    e = entities["KPi.001"]
    assert e.get("name") == ["YUN HO-JIN"]
    assert e.get("firstName") == []
    assert e.get("lastName") == []


def test_birth_date_kinds(entities: dict[str, EntityProxy]) -> None:
    # BETWEEN with FROM_YEAR 1977 and TO_YEAR 1982 gives every year.
    assert entities["QDi.314"].get("birthDate") == [str(y) for y in range(1977, 1983)]
    # A date written only in NOTE ("Nov. 1973").
    assert entities["CDi.004"].get("birthDate") == ["1973-11"]
    # An alias's own DATE_OF_BIRTH is kept with the person's.
    assert set(entities["KPi.016"].get("birthDate")) == {"1958-02-22", "1957-04-15"}


def test_documents(entities: dict[str, EntityProxy]) -> None:
    assert entities["CFi.001"].get("passportNumber") == ["D00002264"]
    assert entities["CFi.001"].get("idNumber") == ["M4800002143743"]
    # TYPE_OF_DOCUMENT "Numéro de passeport" is a passport too.
    assert entities["KPi.006"].get("passportNumber") == ["381420754"]
    # NUMBER "381110042 (Expired 25 Jan. 2016)" keeps only the number.
    assert set(entities["KPi.021"].get("passportNumber")) == {
        "199421147",
        "381110042",
        "563210184",
    }


def test_places_gender_and_split_aliases(entities: dict[str, EntityProxy]) -> None:
    e = entities["CFi.001"]
    assert set(e.get("birthPlace")) == {"Mouila, Gabon", "Izo, South Sudan"}
    assert set(e.get("nationality")) == {"cf", "ss"}
    assert "Professor" in e.get("title")
    assert entities["QDi.356"].get("gender") == ["female"]
    # ALIAS_NAME "Azim Adhajani; Azim Agha-Jani" holds two names.
    assert set(entities["IRi.003"].get("alias")) == {"Azim Adhajani", "Azim Agha-Jani"}


def test_entities(entities: dict[str, EntityProxy]) -> None:
    adf = entities["CDe.001"]
    assert adf.schema.name == "Organization"
    assert adf.get("name") == ["ADF"]
    assert adf.get("alias") == ["Allied Democratic Forces"]
    assert "ADF/NALU" in adf.get("previousName")  # QUALITY f.k.a.
    cagl = entities["CDe.003"]
    assert set(cagl.get("alias")) >= {
        "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)",
        "GREAT LAKES BUSINESS COMPANY (GLBC)",
    }
    assert len(cagl.get("address")) == 3
    aiai = entities["QDe.002"]
    assert aiai.get("name") == ["AL-ITIHAAD AL-ISLAMIYA / AIAI"]
    assert {"AL-ITIHAAD AL-ISLAMIYA", "AIAI", "الاتحاد الاسلامي"} <= set(aiai.get("alias"))
    kingly = entities["KPe.060"]
    assert kingly.get("address") == [
        "Trust Company Complex, Ajeltake Road, Ajeltake Island, Majuro MH, 96960, Marshall Islands"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OB 0243318", "OB 0243318"),
        ("Diplomatic Passport: Z30321794", "Z30321794"),
        ("Afghan passport number SE 012820", "SE 012820"),
        ("381110042 (Expired 25 Jan. 2016)", "381110042"),
        ("R00012098, South Sudan", "R00012098"),
        ("German travel document (“Reiseausweis”) A 0139243", "A 0139243"),
        ("Provisional passport No.: 28642163", "28642163"),
        ("no number given", None),
    ],
)
def test_document_number(text: str, expected: str | None) -> None:
    assert un_xml._document_number(text) == expected


def test_detect() -> None:
    head = FIXTURE.read_bytes()[:HEAD_BYTES]
    assert un_xml.detect(FIXTURE, head)
    assert not un_xml.detect(FIXTURE, b'<?xml version="1.0"?>\n<data-set><record>')
    assert formats.detect(FIXTURE).name == "un_xml"
    assert formats.get_format("un_xml").dataset([FIXTURE]) == "un_sc_sanctions"


def test_truncated_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(FIXTURE.read_bytes()[:20000])
    with pytest.raises(ParseError) as info:
        un_xml.parse([path])
    assert info.value.path == str(path)
    assert info.value.where is not None and info.value.where.startswith("line ")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "un.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}', encoding="utf-8")
    return path


def test_other_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not <CONSOLIDATED_LIST>"):
        un_xml.parse([_write(tmp_path, "<sdnList/>")])


def test_record_without_reference_number(tmp_path: Path) -> None:
    body = (
        '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS>\n'
        "<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>\n"
        "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    with pytest.raises(ParseError) as info:
        un_xml.parse([_write(tmp_path, body)])
    assert info.value.where == "line 3"


def test_repeated_reference_number(tmp_path: Path) -> None:
    record = (
        "<ENTITY><FIRST_NAME>X</FIRST_NAME><REFERENCE_NUMBER>QDe.001</REFERENCE_NUMBER></ENTITY>"
    )
    body = f"<CONSOLIDATED_LIST><ENTITIES>{record}{record}</ENTITIES></CONSOLIDATED_LIST>"
    with pytest.raises(ParseError) as info:
        un_xml.parse([_write(tmp_path, body)])
    assert info.value.where == "line 2" and "QDe.001 appears twice" in info.value.problem


def test_bad_generation_date(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="dateGenerated"):
        un_xml.parse([_write(tmp_path, '<CONSOLIDATED_LIST dateGenerated="soon"/>')])


def test_one_file_only() -> None:
    with pytest.raises(ParseError, match="the UN list is one XML file; give one per release"):
        un_xml.parse([FIXTURE, FIXTURE])
