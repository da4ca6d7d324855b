"""schemathesis generates requests from the OpenAPI schema: no request makes the API fail with a
server error, authenticated (a manager's bearer token) or not.

The operations are walked in a plain test (schemathesis' `pytest.from_fixture` fails under
pytest 9: 'Function' object has no attribute '_nodeid')."""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from clientfit.web import Settings, create_app

pytestmark = pytest.mark.slow


def test_the_api_never_fails_with_a_server_error(web_demo, tmp_path):
    copy = tmp_path / "clientfit.db"
    shutil.copy(web_demo.path, copy)
    app = create_app(f"sqlite:///{copy}", Settings(secret_key="fuzz"))
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    token = {"Authorization": f"Bearer {web_demo.token_tomasz}"}
    calls: dict[str, int] = {}

    def fuzz_one(operation) -> None:
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case) -> None:
            case.call_and_validate(headers=token, checks=[not_a_server_error])
            case.call_and_validate(checks=[not_a_server_error])  # anonymous
            calls[operation.label] = calls.get(operation.label, 0) + 1

        fuzz()

    for operation in operations:
        fuzz_one(operation)
    assert len(calls) == len(operations)
