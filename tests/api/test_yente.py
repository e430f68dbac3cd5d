"""yente's /match, /search, /entities, /catalog, /algorithms: shapes, defaults, limits, codes."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from watchlist.audit import verify_store

KARPOV = {"schema": "Person", "properties": {"name": ["Павел Карпов"]}}
ENTITY_KEYS = {
    "id",
    "caption",
    "schema",
    "properties",
    "datasets",
    "referents",
    "target",
    "first_seen",
    "last_seen",
    "last_change",
}


def match(
    api: Api, body: Any, who: str = "screener", dataset: str = "default", **params: Any
) -> Any:
    return api.client.post(f"/match/{dataset}", json=body, params=params, headers=api.headers(who))


def test_match_finds_karpov_from_cyrillic_in_yentes_shape(api: Api) -> None:
    r = match(
        api,
        {
            "queries": {
                "q": KARPOV,
                "z": {
                    "schema": "Person",
                    "properties": {"name": "Georgy Zhukov", "passportNumber": ["AB-1234"]},
                },
            }
        },
    )
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["limit"] == 5 and r.headers["x-batch-size"] == "2"
    answer = data["responses"]["q"]
    top = answer["results"][0]
    assert ENTITY_KEYS | {"score", "match", "explanations"} <= set(top)
    assert top["explanations"]["name"]["score"] > 0.5
    assert top["explanations"]["name"]["detail"].startswith("name: ")
    assert top["id"] == "us_ofac_sdn:15880" and top["datasets"] == ["us_ofac_sdn"]
    assert top["match"] is True and 0 < top["score"] <= 1
    assert all(isinstance(v, list) for v in top["properties"].values())
    assert answer["total"] == {"value": len(answer["results"]), "relation": "eq"}
    assert answer["query"]["properties"]["name"] == ["Павел Карпов"]
    assert data["responses"]["z"]["query"]["properties"]["name"] == ["Georgy Zhukov"]
    assert data["releases"] == {"us_ofac_sdn": {"release": 1, "published": "2024-01-01"}}
    assert isinstance(data["audit_id"], int)


def test_match_is_audited_with_query_ids_scores_and_releases(api: Api) -> None:
    r = match(api, {"queries": {"q": KARPOV}})
    with api.store.read() as conn:
        from watchlist.audit.verify import stored_records

        records = [x for x in stored_records(conn) if x.action == "screening.match"]
    assert len(records) == 1 and records[0].seq == r.json()["audit_id"]
    detail = records[0].to_dict()["detail"]
    assert records[0].actor == "screener"
    assert detail["queries"]["q"]["results"][0]["id"] == "us_ofac_sdn:15880"
    assert detail["releases"] == {"us_ofac_sdn": 1}
    assert verify_store(api.store).ok


def test_match_threshold_limit_and_dataset(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Zhukov"]}}}}
    loose = match(api, body, threshold=0.99, cutoff=0.1).json()["responses"]["q"]["results"]
    assert loose and not any(x["match"] for x in loose)
    assert len(match(api, body, cutoff=0.1, limit=1).json()["responses"]["q"]["results"]) == 1
    # as yente: the cutoff defaults to the default threshold, so a stricter threshold alone
    # still returns the results above the default, each marked as no match
    strict = match(api, {"queries": {"q": KARPOV}}, threshold=0.999).json()
    results = strict["responses"]["q"]["results"]
    assert results and not any(x["match"] for x in results)
    assert match(api, body, threshold=0.999, cutoff=0.999).json()["responses"]["q"]["results"] == []
    r = match(api, {"queries": {"q": KARPOV}}, dataset="us_ofac_sdn")
    assert r.status_code == 200 and r.json()["responses"]["q"]["results"]
    r = match(api, {"queries": {"q": KARPOV}}, exclude_dataset="us_ofac_sdn")
    assert r.json()["responses"]["q"]["results"] == []
    ex = match(api, {"queries": {"q": KARPOV}}, exclude_entity_ids="us_ofac_sdn:15880")
    assert ex.json()["responses"]["q"]["results"] == []


def test_match_errors_as_yente_answers_them(api: Api) -> None:
    ok = {"queries": {"q": KARPOV}}
    assert match(api, ok, dataset="banana").status_code == 404
    assert match(api, ok, dataset="banana").json() == {"detail": "No such dataset."}
    assert match(api, ok, algorithm="neural-net").status_code == 400
    assert match(api, ok, algorithm="logic-v2").status_code == 200
    assert match(api, ok, limit=501).status_code == 422
    assert match(api, {"queries": {}}).status_code == 400
    bad_schema = {"queries": {"q": {"schema": "xxx", "properties": {"name": ["A"]}}}}
    assert match(api, bad_schema).status_code == 400
    no_schema = match(api, {"queries": {"q": {"properties": {"name": ["A"]}}}})
    assert no_schema.status_code == 422
    assert any("schema" in d["loc"] for d in no_schema.json()["detail"])
    many = {"queries": {str(i): KARPOV for i in range(1001)}}
    r = match(api, many)
    assert r.status_code == 400 and "Too many queries" in r.json()["detail"]
    raw = api.client.post("/match/default", content=b"{not json", headers=api.headers("screener"))
    assert raw.status_code == 422 and "detail" in raw.json()


def test_match_without_content_type(api: Api) -> None:
    import json

    r = api.client.post(
        "/match/default",
        content=json.dumps({"queries": {"q": KARPOV}}),
        headers=api.headers("screener"),
    )
    assert r.status_code == 200, r.text


def test_search_entities_catalog_algorithms(api: Api) -> None:
    s = api.client.get("/search/default", params={"q": "karpov"}, headers=api.headers("screener"))
    assert s.status_code == 200, s.text
    data = s.json()
    assert data["results"][0]["id"] == "us_ofac_sdn:15880" and data["limit"] == 10
    assert ENTITY_KEYS <= set(data["results"][0])
    browse = api.client.get("/search/us_ofac_sdn", headers=api.headers("screener")).json()
    assert browse["total"]["value"] == 3
    vessels = api.client.get(
        "/search/default",
        params={"q": "zhukov", "schema": "Vessel"},
        headers=api.headers("screener"),
    ).json()
    assert [r["id"] for r in vessels["results"]] == ["us_ofac_sdn:7002"]
    bad = api.client.get(
        "/search/default", params={"schema": "Banana"}, headers=api.headers("screener")
    )
    assert bad.status_code == 400
    ru = api.client.get(
        "/search/default", params={"countries": "ru", "limit": 1}, headers=api.headers("screener")
    ).json()
    assert [r["id"] for r in ru["results"]] == ["us_ofac_sdn:15880"]
    assert ru["total"]["value"] == 1 and ru["limit"] == 1
    assert ru["facets"]["countries"]["values"] == [{"name": "ru", "label": "ru", "count": 1}]
    assert set(browse["facets"]) == {"countries", "topics", "datasets"}
    assert browse["facets"]["datasets"]["values"][0]["count"] == 3
    page = api.client.get(
        "/search/default",
        params={"limit": 2, "offset": 2, "fuzzy": "true", "facets": "schema"},
        headers=api.headers("screener"),
    ).json()
    assert len(page["results"]) == 1 and page["total"]["value"] == 3
    assert set(page["facets"]) == {"schema"}
    bad = api.client.get(
        "/search/default", params={"filter": "nocolon"}, headers=api.headers("screener")
    )
    assert bad.status_code == 400 and bad.json() == {"detail": "Invalid filter: 'nocolon'"}
    e = api.client.get("/entities/us_ofac_sdn:15880", headers=api.headers("analyst"))
    assert e.status_code == 200 and e.json()["caption"] == "Pavel KARPOV"
    assert e.json()["first_seen"] == "2024-01-01T00:00:00"
    missing = api.client.get("/entities/us_ofac_sdn:nope", headers=api.headers("analyst"))
    assert missing.status_code == 404 and missing.json() == {"detail": "No such entity!"}
    cat = api.client.get("/catalog", headers=api.headers("screener")).json()
    assert cat["current"] == ["us_ofac_sdn"]
    default = next(d for d in cat["datasets"] if d["name"] == "default")
    assert default["children"] == ["us_ofac_sdn"]
    algos = api.client.get("/algorithms", headers=api.headers("screener")).json()
    assert algos["default"] == algos["best"] == algos["algorithms"][0]["name"]
    assert algos["algorithms"][0]["docs"]["features"]


def test_cleared_officer_sees_both_lists_with_ids_unique_across_them(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Bartholomew Quixley"]}}}}
    r = match(api, body, who="officer").json()
    assert [x["id"] for x in r["responses"]["q"]["results"]] == ["own_watch:15880"]
    e = api.client.get("/entities/own_watch:15880", headers=api.headers("officer"))
    assert e.json()["caption"] == "Bartholomew Quixley"
    e = api.client.get("/entities/us_ofac_sdn:15880", headers=api.headers("officer"))
    assert e.json()["caption"] == "Pavel KARPOV"


def test_uncleared_caller_gets_a_restricted_hit_and_the_missing_list_answer(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Bartholomew Quixley"]}}}}
    r = match(api, body, who="admin")
    answer = r.json()["responses"]["q"]
    assert answer["results"] == [] and len(answer["restricted"]) == 1
    assert answer["restricted"][0]["ref"].startswith("r-")
    hidden = match(api, body, who="admin", dataset="own_watch")
    assert hidden.status_code == 404 and hidden.json() == {"detail": "No such dataset."}
    e = api.client.get("/entities/own_watch:15880", headers=api.headers("admin"))
    assert e.status_code == 404 and e.json() == {"detail": "No such entity!"}
    # the query echoes the caller's own words; nothing else of the list comes back
    assert not any(w in r.text for w in ("own_watch", "QX99881", "1961"))
    for text in (hidden.text, e.text):
        assert not any(w in text for w in ("own_watch", "Quixley", "QX99881"))
