"""schemathesis against the app's own OpenAPI spec, on SQLite and on PostgreSQL: requests
generated from the spec (bounded examples per route) never get a 500, and every answer conforms
to the spec (status code, content type, body schema, headers)."""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Api  # noqa: E402

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
#: Examples per route: enough to reach each route's bad-input answers, bounded for CI.
EXAMPLES = 8


def check_operation(operation: Any, headers: dict[str, str], mode: Any) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        # conformance, not speed (benchmarks measure that): a generated batch of 1,000 long
        # names on a loaded machine may take longer than the client's default 10 s
        case.call_and_validate(headers=headers, checks=CHECKS, timeout=300)

    run()


def test_spec_holds_for_generated_requests(api: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 25
    failures = []
    for operation in operations:
        # the cleared admin: every route is open to it, so the checks reach past 401/403
        # valid requests, then requests the spec says are wrong (each must be a 4xx that
        # conforms, never a 500)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                check_operation(operation, api.headers("officer"), mode)
            except Unsatisfiable:
                continue  # nothing in the route's spec can be wrong: no negative case to make
            except Exception as exc:  # collect every route's failure, not only the first
                inner = getattr(exc, "exceptions", ())  # a flaky failure: what failed at first
                why = "; ".join(str(e) for e in inner) if inner else str(exc)
                failures.append(f"{operation.label} ({mode.value}): {exc}: {why}")
    assert not failures, "\n\n".join(failures)
