from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchlist.errors import ParseError
from watchlist.sources import formats, sema_xml
from watchlist.sources.base import HEAD_BYTES

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ca_dfatd_sema_sanctions" / "sema-lep-eng.xml"


@pytest.fixture(scope="module")
def entities() -> dict[str, EntityProxy]:
    parsed = sema_xml.parse([FIXTURE])
    return {str(e.id): e for e in parsed.entities}


def test_counts_and_schemata(entities: dict[str, EntityProxy]) -> None:
    assert len(entities) == 17
    schemata = [e.schema.name for e in entities.values()]
    assert schemata.count("Person") == 12
    assert schemata.count("Organization") == 4
    assert schemata.count("Vessel") == 1
    assert sema_xml.parse([FIXTURE]).published is None  # the file carries no date


def test_ids_are_regime_schedule_and_item(entities: dict[str, EntityProxy]) -> None:
    # The same person listed under two regimes stays two listings.
    assert entities["venezuela-1"].get("name") == entities["jvcfor-1"].get("name")
    assert "belarus-1-part-1.1-10" in entities
    assert sema_xml.listing_id("Russia / Russie", "1, Part 2", "181") == "russia-1-part-2-181"
    assert sema_xml.listing_id("Venezuela ", None, "1") == "venezuela-1"


def test_person(entities: dict[str, EntityProxy]) -> None:
    e = entities["belarus-1-part-1-120"]
    assert e.get("name") == ["Nikolai Aleksandrovich LUKASHENKO"]
    assert e.get("firstName") == ["Nikolai Aleksandrovich"]
    assert e.get("lastName") == ["LUKASHENKO"]
    assert e.get("birthDate") == ["2004-08-31"]
    assert e.get("program") == ["Belarus"]
    assert e.get("createdAt") == ["2024-08-08"]
    # Aliases "Mikalay ..., Kolya Lukashenko, Belarusian: Мікалай ...; Russian: Николай ...".
    assert set(e.get("alias")) == {
        "Mikalay Alyaksandravich Lukashenka",
        "Kolya Lukashenko",
        "Мікалай Аляксандравіч Лукашэнка",
        "Николай Александрович Лукашенко",
        "Коля Лукашенко",
    }


def test_alias_alternatives(entities: dict[str, EntityProxy]) -> None:
    # "Aleksander/ Aleksandr or Alexander /Alexandr Vladimirovich Karnienko, ...
    #  Russian: Александр Владимирович Карниенко or Карниенка"
    aliases = set(entities["belarus-1-part-1-108"].get("alias"))
    assert {
        "Aleksander Vladimirovich Karnienko",
        "Alexander Vladimirovich Karnienko",
        "Александр Владимирович Карниенко",
        "Александр Владимирович Карниенка",
    } <= aliases
    assert not any(" or " in a or "/" in a for a in aliases)
    assert "Katsiaryna Smuschkovich" in entities["belarus-1-part-1.1-10"].get("alias")
    # Lone surnames ("BIDEVKA, BIDIOVKA") are weak.
    e = entities["ukraine-part-1-181"]
    assert set(e.get("weakAlias")) == {"BIDEVKA", "BIDIOVKA"}
    assert e.get("alias") == []


def test_last_name_variant_and_title(entities: dict[str, EntityProxy]) -> None:
    e = entities["ukraine-part-1-133"]  # LastName "DIKIY (DIKY)"
    assert e.get("lastName") == ["DIKIY"]
    assert e.get("alias") == ["Aleksey Aleksandrovich DIKY"]
    assert set(entities["syria-part-2-60"].get("title")) == {"Major General", "major-général"}


def test_birth_dates(entities: dict[str, EntityProxy]) -> None:
    assert set(entities["iran-1-part-2.1-107"].get("birthDate")) == {"1963", "1964"}
    sudan = entities["sudan-part-1-1"]
    assert sudan.get("birthDate") == []
    assert "DateOfBirthOrShipBuildDate: born in the early 1970s" in sudan.get("notes")


def test_organizations(entities: dict[str, EntityProxy]) -> None:
    army = entities["iran-1-part-1-31"]  # "Iranian Army/Armée iranienne"
    assert army.get("name") == ["Iranian Army"]
    assert army.get("alias") == ["Armée iranienne"]
    works = entities["russia-1-part-2-575"]  # name wrapped over lines with "(also known as ...)"
    assert works.get("name") == ["Ulyanovsk Cartridge Works JSC"]
    assert "Aktsionernoe Obshchestvo Ulyanovskii Patronnyi Zavod" in works.get("alias")
    # A comma before a legal form, and commas inside a Russian official name, stay in the name.
    assert entities["russia-1-part-2-351"].get("alias") == ["Конкорд Менеджмент и консалтинг, ООО"]
    agency = entities["russia-1-part-2-181"].get("alias")
    assert len(agency) == 2 and "Россотрудничество" in agency


def test_vessel(entities: dict[str, EntityProxy]) -> None:
    ship = entities["russia-1.1-1"]
    assert ship.schema.name == "Vessel"
    assert ship.get("name") == ["Balitiyskiy III"]
    assert ship.get("imoNumber") == ["IMO7612448"]
    assert ship.get("type") == ["General Cargo / Multi Purpose"]
    assert ship.get("buildDate") == ["1980"]


SPLITS = [
    # (Aliases text, is a person, strong names, weak names)
    (
        "Katsiaryna or Katerina Smuschkovich",
        True,
        ["Katerina Smuschkovich", "Katsiaryna Smuschkovich"],
        [],
    ),
    (
        "Alexander, or Alexandr Valerievich Kalinin",
        True,
        ["Alexandr Valerievich Kalinin"],
        ["Alexander"],
    ),
    (
        "Олександр Федорович Сауленко and Александр Федорович Сауленко",
        True,
        ["Олександр Федорович Сауленко", "Александр Федорович Сауленко"],
        [],
    ),
    (
        "Myanma Investment and Commercial Bank, Burma Investment and Commercial Bank",
        False,
        ["Myanma Investment and Commercial Bank", "Burma Investment and Commercial Bank"],
        [],
    ),
    (
        "ООО Машприборинторг-Волна and МПИ-Волна",
        False,
        ["ООО Машприборинторг-Волна", "МПИ-Волна"],
        [],
    ),
    ("АО, Воронежский опытный завод", False, ["АО, Воронежский опытный завод"], []),
    ("Zadna Investments Arabic: شركة زادنا", False, ["Zadna Investments", "شركة زادنا"], []),
    ("MEC Steel Mills (Hmaw Bi/Pyi/Ywama)", False, ["MEC Steel Mills (Hmaw Bi/Pyi/Ywama)"], []),
]


@pytest.mark.parametrize(("text", "person", "strong", "weak"), SPLITS)
def test_split_aliases(text: str, person: bool, strong: list[str], weak: list[str]) -> None:
    assert sema_xml.split_aliases(text, person) == (strong, weak)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sema.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}', encoding="utf-8")
    return path


def test_bilingual_field_names(tmp_path: Path) -> None:
    # The combined sema-lmes.xml names fields in both languages.
    body = (
        "<data-set><record><Country-Pays>Russia / Russie</Country-Pays>"
        "<EntityOrShip-EntiteOuNavire>Skif V</EntityOrShip-EntiteOuNavire>"
        "<TitleOrShipType-TitreOuTypeDeNavire>General Cargo</TitleOrShipType-TitreOuTypeDeNavire>"
        "<ShipIMONumber-NumeroOMIDuNavire>8858087</ShipIMONumber-NumeroOMIDuNavire>"
        "<Schedule-Annexe>1.1</Schedule-Annexe><Item-NumeroDarticle>3</Item-NumeroDarticle>"
        "</record></data-set>"
    )
    [ship] = sema_xml.parse([_write(tmp_path, body)]).entities
    assert ship.id == "russia-1.1-3"
    assert ship.schema.name == "Vessel"
    assert ship.get("type") == ["General Cargo"]


def test_detect() -> None:
    head = FIXTURE.read_bytes()[:HEAD_BYTES]
    assert sema_xml.detect(FIXTURE, head)
    assert not sema_xml.detect(FIXTURE, b"<CONSOLIDATED_LIST><INDIVIDUALS>")
    assert formats.detect(FIXTURE).name == "sema_xml"
    assert formats.get_format("sema_xml").dataset([FIXTURE]) == "ca_dfatd_sema_sanctions"


def test_truncated_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sema-lep-eng.xml"
    path.write_bytes(FIXTURE.read_bytes()[:3000])
    with pytest.raises(ParseError) as info:
        sema_xml.parse([path])
    assert info.value.path == str(path)
    assert info.value.where is not None and info.value.where.startswith("line ")


@pytest.mark.parametrize(
    ("body", "where", "problem"),
    [
        ("<records/>", "line 1", "not <data-set>"),
        # _write puts the XML declaration on line 1.
        ("<data-set>\n<record><Item>1</Item></record></data-set>", "line 3", "without Country"),
        (
            "<data-set>\n<record><Country>Iran</Country><Item>?</Item></record></data-set>",
            "line 3",
            "not a number",
        ),
        (
            "<data-set><record><Country>Iran</Country><Item>1</Item></record></data-set>",
            "record iran-1",
            "without a name",
        ),
        (
            "<data-set>\n<record><Country>Iran</Country><Item>1</Item><LastName>A</LastName></record>"
            "\n<record><Country>Iran</Country><Item>1</Item><LastName>B</LastName></record>"
            "</data-set>",
            "line 4",
            "appears twice",
        ),
    ],
)
def test_bad_records(tmp_path: Path, body: str, where: str, problem: str) -> None:
    with pytest.raises(ParseError, match=problem) as info:
        sema_xml.parse([_write(tmp_path, body)])
    assert info.value.where == where


def test_undeclared_prefix_is_a_parse_error(tmp_path: Path) -> None:
    # iterparse hands over <x:LastName> before it reports the unbound prefix at the end.
    body = "<data-set><record><Country>Iran</Country><Item>1</Item><x:LastName>A</x:LastName>"
    body += "<LastName>B</LastName></record></data-set>"
    with pytest.raises(ParseError, match="prefix x"):
        sema_xml.parse([_write(tmp_path, body)])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_alias_text(text: str) -> None:
    for person in (True, False):
        strong, weak = sema_xml.split_aliases(text, person)
        assert all(name.strip() == name and name for name in strong + weak)
