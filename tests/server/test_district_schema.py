"""Schemathesis over the district server's OpenAPI schema: no input, however odd, makes it
answer 5xx (issue 11, "Proof").

The server runs on uvicorn on 127.0.0.1 over an SQLite file with one office and an enrolled
device, whose token goes with every case, so the sync endpoints are fuzzed past the token check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import given, settings

from desk_app.server.store import open_server_database
from desk_app.store.db import sqlite_url
from tests.server.sync_helpers import District, enroll

pytestmark = [pytest.mark.integration, pytest.mark.slow]

AGENCY = "000.01.19.H01"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[District, str]]:
    folder: Path = tmp_path_factory.mktemp("district")
    db = open_server_database(sqlite_url(folder / "district.sqlite3"))
    district = District(db).start()
    try:
        token = enroll(district, AGENCY)[0]
        yield district, token
    finally:
        district.stop()
        db.dispose()


def test_no_input_makes_the_server_fail(running: tuple[District, str]) -> None:
    """Every operation of the schema, 25 generated cases each (schemathesis's strategies
    driven by hypothesis here: its pytest plugin does not run under this pytest)."""
    district, token = running
    schema = schemathesis.openapi.from_url(f"{district.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert {op.path for op in operations} >= {"/api/enroll", "/api/sync/push", "/api/sync/pull"}
    failures: list[str] = []
    calls: list[int] = []
    for operation in operations:

        @settings(max_examples=25, deadline=None, database=None, derandomize=True)
        @given(case=operation.as_strategy())
        def one(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
            response = case.call(
                base_url=district.url, headers={"Authorization": f"Bearer {token}"}
            )
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.path}: {response.status_code}")

        one()
    assert failures == []
    assert len(calls) >= 5 * len(operations)  # the cases really reached the server
