from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.sources import eu_fsf_xml, formats
from watchlist.sources.base import HEAD_BYTES

FIXTURES = Path(__file__).parent.parent / "fixtures" / "eu_fsf"
SLICE = FIXTURES / "eu_fsf_slice.xml"  # real: 5 records of export 184961
OWN = FIXTURES / "own_cases.xml"  # written to the schema, invented names


def _by_id(path: Path) -> dict[str, EntityProxy]:
    return {str(e.id): e for e in eu_fsf_xml.parse([path]).entities}


@pytest.fixture(scope="module")
def real() -> dict[str, EntityProxy]:
    return _by_id(SLICE)


@pytest.fixture(scope="module")
def own() -> dict[str, EntityProxy]:
    return _by_id(OWN)


def test_slice_counts_and_date(real: dict[str, EntityProxy]) -> None:
    assert eu_fsf_xml.parse([SLICE]).published == date(2026, 8, 5)
    assert sorted(real) == ["191", "3822", "521", "6106", "6177"]
    assert real["3822"].schema.name == "Organization"
    assert all(real[i].schema.name == "Person" for i in ("191", "521", "6106", "6177"))


def test_primary_name_is_not_a_translation(real: dict[str, EntityProxy]) -> None:
    # The first nameAlias of 3822 is Irish, of 191 a French spelling.
    assert real["3822"].get("name") == ["Parchin Chemical Industries (PCI)"]
    assert "Tionscail Ceimiceán Parchin" in real["3822"].get("alias")
    assert real["191"].get("name") == ["Khalid Sheikh MOHAMMED"]
    assert real["191"].get("firstName") == ["Khalid Sheikh"]
    assert real["191"].get("lastName") == ["MOHAMMED"]
    assert "Bin Khalid Fahd Bin Adballah" in real["191"].get("alias")


def test_person_fields(real: dict[str, EntityProxy]) -> None:
    e = real["6177"]
    assert e.get("name") == ["Ibrahim Hassan Tali Al-Asiri"]
    # remark "low quality alias" makes an alias weak even with strong="true".
    assert set(e.get("weakAlias")) == {"Abu-Salaah", "Abosslah", "Abu Saleh"}
    assert "Abu Saleh" not in e.get("alias")
    assert e.get("nationality") == ["sa"]
    # The ISLAMIC birthdate carries its Gregorian date in the birthdate attribute.
    assert set(e.get("birthDate")) == {"1982-04-18", "1982-04-19"}
    assert e.get("birthPlace") == ["Riyadh, SAUDI ARABIA"]
    assert e.get("passportNumber") == ["F654645"]
    assert e.get("idNumber") == ["1028745097"]
    assert e.get("program") == ["TAQA"]
    assert e.get("createdAt") == ["2011-03-24"]
    assert "EU reference number EU.3092.36" in e.get("notes")
    assert not any("quality" in n for n in e.get("notes"))


def test_title_function_range_and_un_reference(real: dict[str, EntityProxy]) -> None:
    e = real["521"]
    assert e.get("title") == ["Maulavi"]
    assert e.get("position") == ["Minister of Water and Electricity under the Taliban regime"]
    assert e.get("birthDate") == [str(y) for y in range(1953, 1959)]  # yearRangeFrom/To
    assert "UN reference number LYi.006" in real["6106"].get("notes")
    assert real["191"].get("createdAt") == []  # no designationDate in the file


def test_enterprise_addresses(real: dict[str, EntityProxy]) -> None:
    e = real["3822"]
    assert "Pasdaran Square, PO Box 16765/358, Tehran, IRAN (ISLAMIC REPUBLIC OF)" in e.get(
        "address"
    )
    assert e.get("registrationNumber") == ["892"]
    assert e.get("website") == ["http://icig.ir/"]
    assert e.get("country") == ["ir"]


def test_own_enterprise(own: dict[str, EntityProxy]) -> None:
    e = own["900001"]
    assert e.schema.name == "Organization"
    assert e.get("name") == ["Example Maritime Shipping LLC"]
    assert e.get("alias") == ["ООО Пример Морской"]
    assert e.get("weakAlias") == ["EMS"]  # strong="false"
    assert e.get("imoNumber") == ["IMO9074729"]
    assert e.get("registrationNumber") == ["1027800000001"]
    assert e.get("taxNumber") == ["7800000001"]
    assert e.get("email") == ["info@example.org"]
    assert "Operates tankers carrying crude oil" in e.get("notes")  # function of an enterprise


def test_own_person_birth_dates(own: dict[str, EntityProxy]) -> None:
    e = own["900002"]
    assert e.get("name") == ["Jane Quinn EXAMPLE"]  # built from the parts: wholeName is empty
    assert e.get("middleName") == ["Quinn"]
    assert e.get("gender") == ["female"]
    assert e.get("title") == ["Dr.", "Prof."]
    assert len(e.get("position")) == 2
    assert set(e.get("nationality")) == {"ru", "by"}
    # Full date, year only, month and year, a circa range; the ISLAMIC year 1390 is left out.
    assert e.get("birthDate") == ["1970-05-17", "1971", "1972-03", "1960", "1961", "1962"]
    assert e.get("birthPlace") == ["Example City, RUSSIAN FEDERATION"]
    assert e.get("address") == []  # only a country
    assert e.get("country") == ["by"]


def test_own_entry_without_subject_type(own: dict[str, EntityProxy]) -> None:
    e = own["900003"]
    assert e.schema.name == "LegalEntity"
    assert e.get("name") == ["Example Collective"]


def test_detect() -> None:
    head = SLICE.read_bytes()[:HEAD_BYTES]
    assert eu_fsf_xml.detect(SLICE, head)
    assert not eu_fsf_xml.detect(SLICE, b"<CONSOLIDATED_LIST><INDIVIDUALS>")
    assert formats.detect(SLICE).name == "eu_fsf_xml"
    assert formats.get_format("eu_fsf_xml").dataset([SLICE]) == "eu_fsf"


def test_truncated_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_bytes(SLICE.read_bytes()[:20000])
    with pytest.raises(ParseError) as info:
        eu_fsf_xml.parse([path])
    assert info.value.path == str(path)
    assert info.value.where is not None and info.value.where.startswith("line ")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "eu.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}', encoding="utf-8")
    return path


NS = 'xmlns="http://eu.europa.ec/fpi/fsd/export"'
NAME = '<nameAlias wholeName="X" strong="true"/>'


@pytest.mark.parametrize(
    ("body", "where", "problem"),
    [
        ("<sdnList/>", "line 1", "not <export>"),
        (f'<export {NS} generationDate="when"/>', "attribute generationDate", "not a date"),
        (f"<export {NS}>\n<sanctionEntity>{NAME}</sanctionEntity></export>", "line 3", "logicalId"),
        (
            f'<export {NS}><sanctionEntity logicalId="7"><nameAlias wholeName=""/>'
            "</sanctionEntity></export>",
            "record 7",
            "no nameAlias",
        ),
        (
            f'<export {NS}>\n<sanctionEntity logicalId="7">{NAME}</sanctionEntity>\n'
            f'<sanctionEntity logicalId="7">{NAME}</sanctionEntity></export>',
            "line 4",
            "7 appears twice",
        ),
    ],
)
def test_bad_input(tmp_path: Path, body: str, where: str, problem: str) -> None:
    with pytest.raises(ParseError, match=problem) as info:
        eu_fsf_xml.parse([_write(tmp_path, body)])
    assert info.value.where == where


def test_file_without_namespace(tmp_path: Path) -> None:
    body = f'<export><sanctionEntity logicalId="7">{NAME}</sanctionEntity></export>'
    [entity] = eu_fsf_xml.parse([_write(tmp_path, body)]).entities
    assert entity.get("name") == ["X"]


def test_undeclared_prefix_is_a_parse_error(tmp_path: Path) -> None:
    # iterparse hands over <r:remark> before it reports the unbound prefix at the end.
    body = f'<export {NS}><sanctionEntity logicalId="7">{NAME}<r:remark/></sanctionEntity></export>'
    with pytest.raises(ParseError, match="prefix r"):
        eu_fsf_xml.parse([_write(tmp_path, body)])
