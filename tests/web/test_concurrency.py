"""Many clients logging sets at once against real `runlift serve` processes (issue #12): every set the
server acknowledged (2xx) is stored exactly once, a retry with the same Idempotency-Key included; no 5xx,
no request left hanging (no deadlock), and the server still answers at the end.

PostgreSQL: 4 app processes (`--workers 4`) and 50 clients for ~4.5 s; SQLite: one process (WAL, busy
timeout) and 10 clients for ~3 s. Each client has its own connection and sends one set at a time with a
fresh key; one set in five is sent twice with the same key (a phone on a flaky network)."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from sqlalchemy import select

from runlift.store.repo import Store
from runlift.store.tables import AthleteRow, IdempotencyKeyRow, LiftSessionRow, LiftSetRow
from tests.cli.test_cli import SEED_M
from tests.dbs import Databases
from tests.web.hammer import hammer, served

NOW = dt.datetime(2026, 11, 30, 7, tzinfo=dt.UTC)
LOADS = {"postgresql": (4, 50, 4.5), "sqlite": (1, 10, 3.0)}  # app processes, clients, seconds


def set_body(key: str) -> dict[str, object]:
    n = sum(key.encode()) % 20
    return {"exercise": "goblet-squat", "reps": 5 + n % 5, "weight": 20 + n, "unit": "lb"}


def set_id(got: httpx.Response) -> object:
    doc = got.json()
    return doc.get("set_ids", [doc.get("id")])[0] if isinstance(doc, dict) else doc


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_every_acknowledged_set_is_stored_exactly_once(kind: str, pg_ready: bool, databases: Databases):
    if kind == "postgresql" and not pg_ready:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    workers, clients, seconds = LOADS[kind]
    url = databases.new(kind)
    store = Store.open(url, migrate=False)
    try:
        athlete = store.save_profile("Maya", SEED_M, dt.date(2026, 11, 30), NOW).athlete_id
        path = f"/api/v1/athletes/{athlete}/log/sets"

        async def send(http: httpx.AsyncClient, key: str) -> httpx.Response:
            return await http.post(path, json=set_body(key), headers={"Idempotency-Key": key})

        with served(url, workers) as base:
            tally = hammer(base, send, set_id, clients, seconds)
            assert httpx.get(f"{base}/api/v1/health", timeout=10).status_code == 200  # still serving
        print(f"{kind}: {tally.sent} requests, {len(tally.acked)} sets acknowledged, statuses {dict(tally.statuses)}")
        assert not tally.server_errors, tally.server_errors[:5]
        assert not tally.transport_errors, tally.transport_errors[:5]  # nothing hung, nothing dropped
        assert not tally.mismatched, tally.mismatched[:5]  # a retry named the set its first request made
        assert set(tally.statuses) <= {200, 201}, tally.statuses
        assert len(tally.acked) >= clients  # every client got at least one set through

        with store.transaction() as db:
            stored = (
                db.execute(
                    select(LiftSetRow.id)
                    .join(LiftSessionRow, LiftSessionRow.id == LiftSetRow.session_id)
                    .where(LiftSessionRow.athlete_id == athlete)
                )
                .scalars()
                .all()
            )
            keys = dict(
                db.execute(
                    select(IdempotencyKeyRow.key, IdempotencyKeyRow.response).where(
                        IdempotencyKeyRow.athlete_id == athlete
                    )
                ).all()
            )
            assert db.scalar(select(AthleteRow.id).where(AthleteRow.id == athlete)) == athlete
        # exactly once: one stored set per key the server acknowledged, and the set it named
        assert len(stored) == len(set(stored)) == len(tally.acked)
        assert sorted(stored) == sorted(tally.acked.values())  # type: ignore[type-var]
        assert set(keys) == set(tally.acked)
        assert all(set_id_of(keys[k]) == v for k, v in tally.acked.items())
    finally:
        store.engine.dispose()


def set_id_of(response: str) -> object:
    doc = json.loads(response)
    return doc.get("set_ids", [doc.get("id")])[0] if isinstance(doc, dict) else doc
