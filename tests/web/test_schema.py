"""schemathesis against the live OpenAPI document (bounded, deterministic): the schema's examples and a
few generated requests on a SQLite store holding one demo athlete (single-user mode: every operation),
and in multi-user mode the account, token and coaching operations as an athlete and as her coach (a
bearer token each); no request may answer a 5xx, and every response must match the schema it documents.
That run is not stateful: its budget goes further on more operations, and the ids that matter (the
athlete's, the first logged items') are given as parameters. The links the document declares (a logged
session or set: read, correct, delete it by the id its 201 gave, web/api/log.py `item_links`) run as
a small state machine of their own (`TestLoggedItems`): a chain of a few steps per scenario, bounded
like the rest.

Every operation of the document (~14 s for the file on a loaded 2-core machine, the same with -n 2). Run alone with 5
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

import hypothesis
import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    ensure_resource_availability,
    response_schema_conformance,
    use_after_free,
)
from sqlalchemy import delete, func, select

from runlift.settings import Settings
from runlift.store.changes import changed
from runlift.store.repo import Store
from runlift.store.tables import IdempotencyKeyRow, LiftSessionRow, LiftSetRow
from runlift.web import create_app
from tests.conftest import START
from tests.web.test_access import SECRET, multi_user_settings
from tests.web.test_access import world as access_world
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


# multi-user mode (accounts, tokens, coaches) on its own SQLite file: the operations only it answers
MULTI = create_app(Settings(multi_user=True, secret_key=SECRET))
multi_loaded = schemathesis.openapi.from_dict(MULTI.openapi(), config=SchemathesisConfig.from_dict(CONFIG))
multi_loaded.app = MULTI
accounts_schema = multi_loaded.include(path_regex=r"^/api/v1/(auth|invitations|roster)")


# the links' chains on the same app: the item ids come from the responses (no fixed path.item_id; the
# athlete's is set by LoggedItems.before_call)
STATEFUL = {**CONFIG, "phases": {"coverage": {"enabled": False}}, "parameters": {}}
stateful = schemathesis.openapi.from_dict(APP.openapi(), config=SchemathesisConfig.from_dict(STATEFUL))
stateful.app = APP
logged_items = stateful.include(path_regex=r"/log/(sessions|sets)")


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


@pytest.fixture(scope="module")
def bearers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, str]]]:
    """MULTI on a fresh SQLite file: Maya (an athlete) and her coach (invitation accepted), each with a
    write token; the headers each one's requests carry."""
    folder: Path = tmp_path_factory.mktemp("schema-multi")
    url = f"sqlite:///{folder / 'runlift.db'}"
    store = Store.open(url)
    try:
        world = access_world(store)
    finally:
        store.engine.dispose()
    MULTI.state.settings = multi_user_settings(url, folder)
    with TestClient(MULTI, base_url="http://127.0.0.1"):
        yield {role: {"Authorization": f"Bearer {world.tokens[role]}"} for role in ("athlete", "coach")}


@schema.parametrize()
def test_no_server_error_and_responses_match_the_schema(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


@pytest.mark.parametrize("role", ["athlete", "coach"])
@accounts_schema.parametrize()
def test_accounts_tokens_and_coaching_in_multi_user_mode(
    case: Any, role: str, bearers: dict[str, dict[str, str]]
) -> None:
    case.call_and_validate(headers=bearers[role], checks=[not_a_server_error, response_schema_conformance])


WRITTEN = (IdempotencyKeyRow, LiftSessionRow, LiftSetRow)  # what a scenario's steps add (a set may move days)


class LoggedItems(logged_items.as_state_machine()):  # type: ignore[misc]
    """POST a session or a set, then follow its links (GET, PATCH, DELETE the item by its id): no 5xx,
    the schema kept, a new item readable at once and a deleted one gone (404). Each scenario starts
    from the demo athlete's log as the fixture left it, so a step's answer depends on its scenario
    only (hypothesis replays scenarios and refuses one that answers differently)."""

    def setup(self) -> None:
        with APP.state.store.reading() as db:
            self.before = [db.scalar(select(func.max(row.id))) or 0 for row in WRITTEN]

    def before_call(self, case: Any) -> None:
        """The demo athlete (the config's parameters do not reach a state machine), and a set of an
        exercise the library has: a generated name is only ever a 404, and the chain after it never runs."""
        case.path_parameters = {**(case.path_parameters or {}), "athlete_id": 1}
        if case.method == "POST" and case.path.endswith("/log/sets") and isinstance(case.body, dict):
            case.body = {**case.body, "exercise": "goblet-squat"}

    def teardown(self) -> None:
        store: Store = APP.state.store
        with store.transaction() as db:
            changed(db, 1, None)  # the plans cached for the athlete go with what is deleted
            for row, last in zip(WRITTEN, self.before, strict=True):
                db.execute(delete(row).where(row.id > last))

    def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
        checks = [not_a_server_error, response_schema_conformance, ensure_resource_availability, use_after_free]
        case.validate_response(response, checks=checks, transport_kwargs=kwargs)


TestLoggedItems = LoggedItems.TestCase
TestLoggedItems.settings = hypothesis.settings(
    TestLoggedItems.settings, max_examples=25, stateful_step_count=4, derandomize=True, database=None
)
