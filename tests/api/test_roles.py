"""Every route of the spec declares its role and refuses a key of the role below it."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import Api
from watchlist.auth import Role

OPEN = {"/healthz", "/readyz"}
BELOW = {
    Role.ANALYST: "screener",
    Role.SUPERVISOR: "analyst",
    Role.ADMIN: "supervisor",
}


def operations(api: Api) -> list[tuple[str, str, dict[str, object]]]:
    spec = api.client.get("/openapi.json").json()
    return [
        (path, method, op)
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
    ]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_route_declares_a_role_and_refuses_the_role_below(api: Api) -> None:
    ops = operations(api)
    assert len(ops) >= 7
    tried = 0
    for path, method, op in ops:
        if path in OPEN:
            assert "x-role" not in op
            continue
        assert "x-role" in op, f"{method.upper()} {path} declares no role"
        role = Role(str(op["x-role"]))
        url = re.sub(r"\{[^}]+\}", "x", path)
        kwargs: dict[str, object] = {"json": {}} if method in ("post", "put", "patch") else {}
        r = api.client.request(method.upper(), url, **kwargs)  # type: ignore[arg-type]
        assert r.status_code == 401, (method, path, r.status_code)
        if role in BELOW:
            r = api.client.request(
                method.upper(),
                url,
                headers=api.headers(BELOW[role]),
                **kwargs,  # type: ignore[arg-type]
            )
            assert r.status_code == 403, (method, path, r.status_code, r.text)
            assert role.value in r.json()["detail"]
            tried += 1
    assert tried >= 1
