"""The session cookie over TLS, and the headers of every page, without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("jinja2")

from fastapi.testclient import TestClient  # noqa: E402

from tests.api.conftest import make_api  # noqa: E402
from watchlist.auth.passwords import set_password  # noqa: E402
from watchlist.model.access import SYSTEM  # noqa: E402

PASSWORD = "correct horse battery"


def test_over_tls_the_cookie_is_secure_and_pages_carry_their_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for api in make_api(f"sqlite:///{tmp_path}/tls.db"):
        set_password(api.store, SYSTEM, "analyst", PASSWORD)
        client = TestClient(api.client.app, base_url="https://watchlist.example")
        page = client.get("/ui/signin")
        assert page.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token is not None
        r = client.post(
            "/ui/signin",
            data={"username": "analyst", "password": PASSWORD, "csrf": token.group(1)},
            follow_redirects=False,
        )
        cookie = r.headers["set-cookie"]
        assert r.status_code == 303 and "wl_session=" in cookie
        for flag in ("Secure", "HttpOnly", "SameSite=strict", "Path=/ui"):
            assert flag in cookie, flag
        # UI pages stay out of the API's spec (which every route there is checked against)
        spec = client.get("/openapi.json", headers=api.headers("admin")).json()
        assert not [p for p in spec["paths"] if p.startswith("/ui")]
