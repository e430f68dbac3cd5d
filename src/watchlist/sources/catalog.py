"""The official lists watchlist knows by their OpenSanctions dataset names."""

from __future__ import annotations

TITLES: dict[str, str] = {
    "us_ofac_sdn": "US OFAC Specially Designated Nationals (SDN) List",
    "us_ofac_cons": "US OFAC Consolidated (non-SDN) Sanctions List",
    "un_sc_sanctions": "UN Security Council Consolidated Sanctions List",
    "gb_hmt_sanctions": "UK HM Treasury / OFSI Consolidated List",
    "gb_fcdo_sanctions": "UK FCDO Sanctions List",
    "ca_dfatd_sema_sanctions": "Canada Special Economic Measures Act (SEMA) Sanctions",
    "au_dfat_sanctions": "Australia DFAT Consolidated Sanctions List",
    "eu_fsf": "EU Financial Sanctions Files (FSF)",
}


def title_for(dataset: str) -> str:
    return TITLES.get(dataset, dataset)
