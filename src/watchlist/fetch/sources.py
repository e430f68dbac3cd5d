"""Where each official list is published: one table of addresses, overridable in settings."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlparse

from watchlist.errors import InvalidInput

_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

#: dataset -> {file name the importer expects: official address}. OFAC's legacy CSV set is one
#: release in four files whose names tell them apart, so each address gets the file name the
#: OFAC importer knows (the service itself names them in upper case).
OFFICIAL: dict[str, dict[str, str]] = {
    "us_ofac_sdn": {
        "sdn.csv": _OFAC + "SDN.CSV",
        "add.csv": _OFAC + "ADD.CSV",
        "alt.csv": _OFAC + "ALT.CSV",
        "sdn_comments.csv": _OFAC + "SDN_COMMENTS.CSV",
    },
    "us_ofac_cons": {"consolidated.xml": _OFAC + "CONSOLIDATED.XML"},
    "un_sc_sanctions": {
        "consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    },
    "gb_fcdo_sanctions": {
        "UK-Sanctions-List.xml": "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
    },
    "eu_fsf": {
        # The token is the public one the EU publishes on its download page for everyone.
        "eu_fsf.xml": "https://webgate.ec.europa.eu/fsd/fsf/public/files/"
        "xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"
    },
    "ca_dfatd_sema_sanctions": {
        "sema-lep.xml": "https://www.international.gc.ca/world-monde/assets/office_docs/"
        "international_relations-relations_internationales/sanctions/sema-lep.xml"
    },
    "au_dfat_sanctions": {
        "regulation8_consolidated.xlsx": "https://www.dfat.gov.au/sites/default/files/"
        "regulation8_consolidated.xlsx"
    },
}


def _file_name(url: str) -> str:
    name = posixpath.basename(unquote(urlparse(url).path))
    if not name:
        raise InvalidInput(f'cannot name the file of {url!r}: give it as {{"name": "url"}}')
    return name


def normalise_table(raw: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """A table from settings: per dataset either {file name: url} or a list of urls."""
    table: dict[str, dict[str, str]] = {}
    for dataset, files in raw.items():
        if isinstance(files, str):
            files = [files]
        if isinstance(files, list):
            files = {_file_name(str(u)): str(u) for u in files}
        if not isinstance(files, dict) or not files:
            raise InvalidInput(
                f"WATCHLIST_FETCH_URLS: {dataset!r} needs a list of addresses or "
                "an object of file name to address"
            )
        entry: dict[str, str] = {}
        for name, url in files.items():
            name = str(name)
            if not name or "/" in name or "\\" in name or name in (".", ".."):
                raise InvalidInput(f"WATCHLIST_FETCH_URLS: {dataset}: bad file name {name!r}")
            scheme = urlparse(str(url)).scheme
            if scheme not in ("http", "https", "file"):
                raise InvalidInput(
                    f"WATCHLIST_FETCH_URLS: {dataset}: {url!r} is not an http(s) or file address"
                )
            entry[name] = str(url)
        table[str(dataset)] = entry
    return table


def parse_table(text: str) -> dict[str, dict[str, str]]:
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"WATCHLIST_FETCH_URLS is not JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise InvalidInput("WATCHLIST_FETCH_URLS must be a JSON object of dataset to addresses")
    return normalise_table(raw)


def fetch_table(urls: str | None) -> dict[str, dict[str, str]]:
    """The addresses in force: the override (settings' `fetch_urls`) when set, else the official
    table."""
    if urls:
        return parse_table(urls)
    return {k: dict(v) for k, v in OFFICIAL.items()}
