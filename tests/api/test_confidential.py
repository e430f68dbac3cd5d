"""Every route of the spec, walked as an uncleared user with a confidential list loaded: nothing of
that list (name, id, property, count) in any body, header, error or log line, and the answer for
the hidden list the same as for one that does not exist."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from tests.api.conftest import CONFIDENTIAL, PUBLIC, SECRET_WORDS, Api
from tests.conftest import FIXTURES

#: The uncleared caller: an admin (every route is open to it) with public clearance.
WHO = "admin"
HIDDEN = "own_watch"
MISSING = "no_such_list"
OFAC = sorted((FIXTURES / "us_ofac_sdn").glob("*.csv"))
#: The customer shares the confidential entry's name but none of its other facts.
CUSTOMERS = b"id,name\ncq,Bartolomew Quixly\nc1,Pavel Karpov\n"


#: Creating a list, or importing into one, by name: compared with a name never used.
EXISTENCE = {("post", "/v1/lists"), ("post", "/v1/lists/{name}/releases")}


def bodies(list_name: str) -> dict[tuple[str, str], dict[str, Any]]:
    """A request worth making on each route, naming `list_name` wherever a list is named."""
    name = "Bartolomew Quixly"
    match = {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
    return {
        ("post", "/v1/lists"): {"json": {"name": list_name, "title": "T"}},
        ("post", "/v1/lists/{name}/releases"): {
            "files": [("files", (p.name, p.read_bytes(), "text/csv")) for p in OFAC]
        },
        ("post", "/v1/screen"): {"json": {"name": name}},
        ("post", "/v1/screen/batch"): {
            "json": {"queries": [{"id": "a", "name": "Bartolomew Quixly"}]}
        },
        ("post", "/v1/compare"): {
            "json": {"pairs": [{"name1": "Bartolomew Quixly", "name2": "x"}]}
        },
        ("post", "/v1/customers"): {"files": {"file": ("c.csv", CUSTOMERS, "text/csv")}},
        ("post", "/v1/runs"): {"json": {"full": True}},
        ("post", "/v1/alerts/{alert_id}/decisions"): {
            "json": {"decision": "false", "reason": "no"}
        },
        ("post", "/v1/admin/users"): {"json": {"name": "u1", "role": "screener"}},
        ("post", "/v1/admin/users/{name}/keys"): {"json": {}},
        ("post", "/match/{dataset}"): {"json": match},
    }


def query_params(path: str, list_name: str) -> list[dict[str, str]]:
    if path.startswith("/search/"):
        return [{}, {"q": "Quixly"}, {"include_dataset": list_name}]
    if path == "/v1/alerts":
        return [{}, {"source": list_name}, {"min_score": "0.1"}]
    if path == "/v1/audit/queries":
        return [{}, {"route": f"/match/{list_name}"}]
    if path.endswith("/diff"):
        return [{"from": "2024-01-01"}]
    return [{}]


def fill(method: str, path: str, list_name: str, alert_id: int, run_id: int) -> str:
    values = {
        "name": list_name,
        "dataset": list_name,
        "source": list_name,
        "source_id": "15880",
        "entity_id": f"{list_name}:15880",
        "alert_id": str(alert_id),
        "run_id": str(run_id),
        "customer_id": "cq",
        "key_id": "nokey",
    }
    if path == "/v1/admin/users/{name}/keys":
        values["name"] = "screener"
    return re.sub(r"\{([^}:]+)(:[^}]*)?\}", lambda m: values[m.group(1)], path)


def normalised(text: str, list_name: str) -> str:
    """An answer with the caller's own list name and what differs between two calls taken out."""
    text = text.replace(list_name, "LIST")
    text = re.sub(r'"audit_id":\s*\d+', '"audit_id": 0', text)
    text = re.sub(r"\d{4}-\d\d-\d\dT[\d:.+]+", "TIME", text)
    return text


def leaks(request_text: str, answer: str) -> list[str]:
    """Words of the confidential list in an answer, other than those the caller sent."""
    words = [*SECRET_WORDS, "Holdings"]
    return [w for w in words if w in answer and w not in request_text]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_walk_every_route_as_an_uncleared_user(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    officer = api.headers("officer")
    r = api.client.post(
        "/v1/customers",
        files={"file": ("c.csv", CUSTOMERS, "text/csv")},
        headers=officer,
    )
    assert r.status_code == 200, r.text
    run = api.client.post("/v1/runs", json={"full": True}, headers=officer).json()
    alerts = api.client.get("/v1/alerts", headers=officer).json()["alerts"]
    hidden_alert = next(a["id"] for a in alerts if a["source"] == HIDDEN)
    assert any(a["source"] == "us_ofac_sdn" for a in alerts)
    spec = api.client.get("/openapi.json").json()
    caplog.clear()
    caplog.set_level(logging.DEBUG)

    walked = 0
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if "x-role" not in op:
                continue
            answers: dict[str, list[tuple[int, str]]] = {}
            for list_name in (HIDDEN, MISSING):
                body = bodies(list_name).get((method, path), {})
                url = fill(method, path, list_name, hidden_alert, run["run_id"])
                got = []
                for params in query_params(path, list_name):
                    r = api.client.request(
                        method.upper(), url, params=params, headers=api.headers(WHO), **body
                    )
                    assert r.status_code < 500, (method, url, r.status_code, r.text)
                    sent = url + json.dumps(params) + json.dumps(body.get("json", ""))
                    answer = r.text + json.dumps(dict(r.headers))
                    assert not leaks(sent, answer), (method, url, params, leaks(sent, answer))
                    got.append((r.status_code, normalised(r.text, list_name)))
                    walked += 1
                answers[list_name] = got
            if "{name}" in path and path.startswith("/v1/admin"):
                continue  # names a user, not a list
            if (method, path) in EXISTENCE:
                # refused alike for the hidden name and a new one: nothing tells it exists
                assert answers[HIDDEN] == answers[MISSING], (method, path, answers)
                assert answers[HIDDEN][0][0] in (403, 404), (method, path, answers)
                continue
            if any(p in path for p in ("{name}", "{dataset}", "{source}", "{entity_id}")) or (
                path in ("/v1/alerts", "/v1/audit/queries") or path.startswith("/search")
            ):
                assert answers[HIDDEN] == answers[MISSING], (method, path)
    assert walked > 40
    # the server's log lines (the test client's own lines name the URLs it asked)
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records if r.name != "httpx"
    )
    assert not [w for w in SECRET_WORDS if w in logged], logged


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_counts_of_an_uncleared_user_are_those_of_the_public_lists(api: Api) -> None:
    headers = api.headers(WHO)
    lists = api.client.get("/v1/lists", headers=headers).json()
    assert [x["source"] for x in lists] == ["us_ofac_sdn"]
    browse = api.client.get("/search/default", headers=headers).json()
    assert browse["total"]["value"] == len(PUBLIC)
    facets = browse["facets"]["datasets"]["values"]
    assert [(f["name"], f["count"]) for f in facets] == [("us_ofac_sdn", len(PUBLIC))]
    catalog = api.client.get("/catalog", headers=headers).json()
    assert catalog["current"] == ["us_ofac_sdn"]
    assert all(d.get("entity_count") in (None, len(PUBLIC)) for d in catalog["datasets"])
    officer = api.client.get("/search/default", headers=api.headers("officer")).json()
    assert officer["total"]["value"] == len(PUBLIC) + len(CONFIDENTIAL)
