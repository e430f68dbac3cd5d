import pytest
from followthemoney import model
from hypothesis import given
from hypothesis import strategies as st

from watchlist.sources.ofac_remarks import birth_dates, labelled, parse_clause, parse_remarks

# Every clause below is copied from a real OFAC Remarks field.
CLAUSES = [
    ("DOB 27 Aug 1977", [("birthDate", "1977-08-27")], "full date"),
    ("DOB circa 1937", [("birthDate", "1937")], "circa keeps the year"),
    ("alt. DOB 1936", [("birthDate", "1936")], "alt. prefix"),
    ("DOB 1975 to 1978", [("birthDate", y) for y in ("1975", "1976", "1977", "1978")], "range"),
    ("POB Moscow, Russia", [("birthPlace", "Moscow, Russia")], "place of birth"),
    ("nationality Korea, North", [("nationality", "Korea, North")], "nationality"),
    ("citizen Syria", [("citizenship", "Syria")], "citizenship"),
    ("Gender Female", [("gender", "female")], "gender lower-cased"),
    ("Passport 1084010 (Egypt)", [("passportNumber", "1084010")], "country is not the number"),
    (
        "Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004",
        [("passportNumber", "G025057")],
        "issue and expiry dates cut off",
    ),
    ("alt. Passport 19820215", [("passportNumber", "19820215")], "alt. passport"),
    ("National ID No. 27994783 (Czech Republic)", [("idNumber", "27994783")], "national ID"),
    ("Cedula No. 16247821 (Colombia)", [("idNumber", "16247821")], "cedula"),
    ("Tax ID No. 52-1699409 (United States)", [("taxNumber", "52-1699409")], "tax ID"),
    ("NIT # 800146749-7 (Colombia)", [("taxNumber", "800146749-7")], "NIT"),
    (
        "Registration Number 02696754 (United Kingdom)",
        [("registrationNumber", "02696754")],
        "registration",
    ),
    (
        "Unified Social Credit Code (USCC) 91222401MA0Y31E659 (China)",
        [("registrationNumber", "91222401MA0Y31E659")],
        "label with parentheses",
    ),
    ("Vessel Registration Identification IMO 9187629", [("imoNumber", "IMO 9187629")], "IMO"),
    ("Company Number IMO 5055293", [("imoNumber", "IMO 5055293")], "company IMO number"),
    ("MMSI 572469210", [("mmsi", "572469210")], "MMSI"),
    ("Former Vessel Flag Panama", [("pastFlags", "Panama")], "past flag"),
    ("Email Address 417136259@qq.com", [("email", "417136259@qq.com")], "email"),
    ("Website www.m23mars.org", [("website", "www.m23mars.org")], "website"),
    ("Organization Established Date Jun 1961", [("incorporationDate", "1961-06")], "founded"),
    ("Nationality of Registration China", [("jurisdiction", "China")], "not a nationality"),
    ("Aircraft Manufacture Date 1992", [("buildDate", "1992")], "aircraft build date"),
    ("Aircraft Model IL76-TD", [("model", "IL76-TD")], "aircraft model"),
    ("a.k.a. 'BNC'", [("weakAlias", "BNC")], "remarks a.k.a. are OFAC's weak AKAs"),
    ("f.k.a. 'ANA I'", [("previousName", "ANA I")], "former name"),
    ("Linked To: HAMAS", [("notes", "Linked To: HAMAS")], "links kept in notes"),
    ("ICTY indictee", [("notes", "ICTY indictee")], "unknown clause kept in notes"),
    ("DOB unknown", [("notes", "DOB unknown")], "an unreadable date is kept, not lost"),
]


@pytest.mark.parametrize(("clause", "expected", "reason"), CLAUSES)
def test_parse_clause(clause: str, expected: list[tuple[str, str]], reason: str) -> None:
    assert parse_clause(clause) == expected, reason


def test_karpov_remarks() -> None:
    # sdn.csv entry 15880, Remarks field as published.
    facts = parse_remarks("DOB 27 Aug 1977; POB Moscow, Russia.")
    assert facts == [("birthDate", "1977-08-27"), ("birthPlace", "Moscow, Russia")]


def test_final_period_is_not_part_of_a_value() -> None:
    facts = parse_remarks("DOB 1945; a.k.a. 'ZAHAR, Mahmoud'; a.k.a. 'AL-ZAHAR, Mahmoud'.")
    assert ("weakAlias", "AL-ZAHAR, Mahmoud") in facts
    assert ("weakAlias", "ZAHAR, Mahmoud") in facts


def test_xml_remarks_links_in_parentheses() -> None:
    # consolidated.xml writes the link after a sentence, with no semicolon before it.
    text = (
        "For more information on directives, please visit the following link: "
        "http://www.treasury.gov/x.aspx#directives. "
        "(Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE)"
    )
    facts = parse_remarks(text)
    assert ("notes", "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE") in facts
    assert len(facts) == 2


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("01 Jan 1955 to 31 Dec 1956", ["1955", "1956"], "whole years"),
        ("01 Jan 1973 to 31 Dec 1973", ["1973"], "one whole year"),
        ("01 Feb 1960 to 29 Feb 1960", ["1960-02"], "one whole month"),
        ("26 Sep 1946 to 07 Dec 1946", ["1946"], "part of one year"),
        ("Mar 1962 to Feb 1963", ["1962", "1963"], "months across two years"),
        ("circa 1960", ["1960"], "qualifier"),
        ("nonsense to 1960", [], "not a date"),
    ],
)
def test_birth_dates(text: str, expected: list[str], reason: str) -> None:
    assert birth_dates(text) == expected, reason


def test_labelled_xml_ids() -> None:
    assert labelled("Gender", "Male") == [("gender", "male")]
    assert labelled("Email Address", "sekr@nknpz.rosneft.ru") == [
        ("email", "sekr@nknpz.rosneft.ru")
    ]
    assert labelled("Organization Established Date", "08 Apr 2013") == [
        ("incorporationDate", "2013-04-08")
    ]
    assert labelled("Effective Date (CMIC)", "14 Feb 2022") == [
        ("notes", "Effective Date (CMIC) 14 Feb 2022")
    ]
    assert labelled("Equity Ticker", "00883 HK", "Hong Kong") == [
        ("notes", "Equity Ticker 00883 HK (Hong Kong)")
    ]
    assert labelled("Passport", "  ") == []


_PROPERTIES = {
    name
    for schema in ("Person", "Organization", "Vessel", "Airplane")
    for name in model.get(schema).properties  # type: ignore[union-attr]
}


@given(st.text())
def test_any_text_gives_known_properties(text: str) -> None:
    for prop, value in parse_remarks(text):
        assert prop in _PROPERTIES
        assert value.strip()
