"""/metrics: a key needed, requests counted by route template and status, the index described,
and nothing of a confidential list in it whoever screened that list's names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.api.conftest import CONFIDENTIAL, PUBLIC, SECRET_WORDS, Api, make_api
from tests.screening.lists import release
from watchlist.store.db import Store

#: Every metric /metrics may hold: none counts a list's entries or names a list.
NAMES = {
    "watchlist_http_requests_total",
    "watchlist_http_requests_created",
    "watchlist_http_request_duration_seconds_bucket",
    "watchlist_http_request_duration_seconds_count",
    "watchlist_http_request_duration_seconds_sum",
    "watchlist_http_request_duration_seconds_created",
    "watchlist_http_requests_in_flight",
    "watchlist_index_ready",
    "watchlist_index_generation",
    "watchlist_index_age_seconds",
}
SAMPLE = re.compile(r"^(\w+)(?:\{(.*)\})? (\S+)$")
LABEL = re.compile(r'(\w+)="([^"]*)"')
MATCH = "/match/{dataset}"


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    found = []
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        m = SAMPLE.match(line)
        assert m, line
        found.append((m.group(1), dict(LABEL.findall(m.group(2) or "")), float(m.group(3))))
    return found


def scrape(api: Api, who: str) -> str:
    r = api.client.get("/metrics", headers=api.headers(who))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return r.text


def counts(text: str) -> dict[tuple[str, str, str], float]:
    """Requests by (method, route, status), the /metrics scrapes left out."""
    return {
        (labels["method"], labels["route"], labels["status"]): value
        for name, labels, value in samples(text)
        if name == "watchlist_http_requests_total" and labels["route"] != "/metrics"
    }


def screen_the_confidential_names(api: Api, who: str) -> None:
    """What a caller may ask about the confidential list: its names, ids and list name."""
    headers = api.headers(who)
    for name in ("Bartholomew Quixley", "Quixley Holdings"):
        api.client.post("/v1/screen", json={"name": name}, headers=headers)
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
        api.client.post("/match/default", json=body, headers=headers)
        api.client.post("/match/own_watch", json=body, headers=headers)
        api.client.get("/search/default", params={"q": name}, headers=headers)
    for entity in ("own_watch:15880", "own_watch:C2", "us_ofac_sdn:15880"):
        api.client.get(f"/entities/{entity}", headers=headers)
    api.client.get("/v1/lists/own_watch/releases", headers=headers)
    api.client.get("/v1/entities/own_watch/C2", headers=headers)


def test_metrics_need_a_key_and_count_by_route_template(api: Api) -> None:
    assert api.client.get("/metrics").status_code == 401
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Pavel Karpov"]}}}}
    for _ in range(3):
        r = api.client.post("/match/us_ofac_sdn", json=body, headers=api.headers("screener"))
        assert r.status_code == 200
    api.client.post("/match/us_ofac_sdn", json={"queries": 1}, headers=api.headers("screener"))
    api.client.get("/no/such/route/own_watch", headers=api.headers("screener"))
    found = counts(scrape(api, "screener"))
    assert found[("POST", MATCH, "200")] == 3
    assert found[("POST", MATCH, "422")] == 1
    # a path no route answers is counted without its path
    assert found[("GET", "unrouted", "404")] == 1
    assert not [k for k in found if "us_ofac_sdn" in k[1] or "own_watch" in k[1]]
    text = scrape(api, "screener")
    latency = {
        labels["route"]: value
        for name, labels, value in samples(text)
        if name == "watchlist_http_request_duration_seconds_count"
    }
    assert latency[MATCH] == 4
    index = {name: value for name, _, value in samples(text) if name.startswith("watchlist_index")}
    assert index["watchlist_index_ready"] == 1 and index["watchlist_index_generation"] >= 1
    assert index["watchlist_index_age_seconds"] >= 0


def test_a_new_release_is_a_new_index_generation(sqlite_api: Api) -> None:
    api = sqlite_api
    before = {n: v for n, _, v in samples(scrape(api, "screener")) if n.startswith("watchlist_i")}
    release(api.store, "us_ofac_sdn", PUBLIC[:2])
    api.client.app.state.services.index.refresh()  # type: ignore[attr-defined]
    after = {n: v for n, _, v in samples(scrape(api, "screener")) if n.startswith("watchlist_i")}
    assert after["watchlist_index_generation"] == before["watchlist_index_generation"] + 1


def test_a_request_refused_by_the_limits_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(f"sqlite:///{tmp_path}/a.db", api_max_body=2048):
        big = {"queries": {"q": {"schema": "Person", "properties": {"name": ["x" * 4000]}}}}
        r = api.client.post("/match/default", json=big, headers=api.headers("screener"))
        assert r.status_code == 413
        assert counts(scrape(api, "screener")) == {("POST", "unrouted", "413"): 1}


def public_only(store: Store) -> None:
    release(store, "us_ofac_sdn", PUBLIC)


def test_nothing_of_a_confidential_list_in_the_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An uncleared caller's requests about the confidential list are counted exactly as in a
    store without that list; after a cleared caller's too, no name, id or count of it appears."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    seen: dict[str, dict[tuple[str, str, str], float]] = {}
    for store_name, lists in (("with", None), ("without", public_only)):
        extra = {"lists": lists} if lists else {}
        for api in make_api(f"sqlite:///{tmp_path}/{store_name}.db", **extra):
            screen_the_confidential_names(api, "admin")  # an admin of public clearance
            seen[store_name] = counts(scrape(api, "admin"))
            if store_name == "with":
                screen_the_confidential_names(api, "officer")  # cleared: finds them
                texts = [scrape(api, "admin"), scrape(api, "officer")]
    assert seen["with"] == seen["without"]
    assert seen["with"][("POST", "/v1/screen", "200")] == 2
    for text in texts:
        assert not [w for w in (*SECRET_WORDS, "Holdings", "C2") if w in text]
        parsed = samples(text)
        assert {name for name, _, _ in parsed} <= NAMES
        routes = {labels["route"] for _, labels, _ in parsed if "route" in labels}
        assert routes <= {
            "/v1/screen",
            MATCH,
            "/search/{dataset}",
            "/entities/{entity_id}",
            "/v1/lists/{name}/releases",
            "/v1/entities/{source}/{source_id}",
            "/metrics",
        }, routes
        # the confidential list's entries are never a figure (the public list's neither)
        values = {value for name, _, value in parsed if name.startswith("watchlist_index")}
        assert not values & {len(CONFIDENTIAL), len(PUBLIC) + len(CONFIDENTIAL)} - {1.0}
