"""schemathesis against the live OpenAPI document (bounded, deterministic): the schema's examples and a
few generated requests on a SQLite store holding one demo athlete; no request may answer a 5xx, and
every response must match the schema it documents.

Every operation of the document (~12 s for the file on a quiet 2-core machine). Run alone with 5
examples each, 58 operations took under a second of requests; three took minutes (GET …/plan/days/{day}
77 s, …/today 55 s, …/plan/days/{day}/why over 120 s): their generated day lay centuries ahead and every
week up to it was planned. A plan day is now at most 104 weeks past today (core.adapt.check_within_reach),
a 422 beyond.

Bounded: a handful of examples per operation (MAX_EXAMPLES), no coverage phase, no shrinking, a
fixed seed and derandomized generation, so the run is the same every time and stays within the
test-time budget."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from runlift.settings import Settings
from runlift.store.repo import Store
from runlift.web import create_app
from tests.conftest import START
from tests.web.test_log import RUNNER

MAX_EXAMPLES = 15
CONFIG = {
    "seed": 12,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "no-shrink": True, "mode": "positive"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    # the demo athlete and its first logged items: other ids are only ever 404
    "parameters": {"path.athlete_id": 1, "path.item_id": 1},
}


APP = create_app(Settings())  # its database is chosen by the fixture below, before the app starts
# the document /api/v1/openapi.json serves (from_asgi would fetch it through the app's start-up, which
# opens the store, at collection time); requests go to APP in-process, as from_asgi sends them
loaded = schemathesis.openapi.from_dict(APP.openapi(), config=SchemathesisConfig.from_dict(CONFIG))
loaded.app = APP
schema = loaded


@schemathesis.serializer("application/toml")
def toml_text(_ctx: object, value: object) -> bytes:
    """A runner's file: the schema's TOML example, or a generated string (a 4xx, never a 500)."""
    return value.encode() if isinstance(value, str) else str(value).encode()


@pytest.fixture(scope="module", autouse=True)
def demo_athlete(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """APP on a fresh SQLite file holding one athlete (id 1) with a logged day."""
    folder: Path = tmp_path_factory.mktemp("schema")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'runlift.db'}", today=START, data_dir=folder / "data", jobs_in_app=False
    )
    Store.open(settings.database())  # migrated, as `runlift serve` leaves it
    APP.state.settings = settings  # read by the start-up (the lifespan) and by every request
    with TestClient(APP) as client:  # the start-up opens the app's Store; it stays open until the end
        added = client.post("/api/v1/athletes", content=RUNNER, headers={"content-type": "application/toml"})
        assert added.status_code == 201 and added.json()["athlete_id"] == 1, added.text
        assert client.post("/api/v1/athletes/1/log/sessions", json={}).status_code == 201
        run = {"distance_m": 10000, "duration_s": 3150, "type": "tempo", "rpe": 7}
        assert client.post("/api/v1/athletes/1/log/runs", json=run).status_code == 201
        yield


@schema.parametrize()
def test_no_server_error_and_responses_match_the_schema(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
