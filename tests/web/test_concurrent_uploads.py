"""Many clients uploading imports at once against real `runlift serve` processes (issue #12): every upload
the server acknowledged (202) is exactly one job, a retry with the same Idempotency-Key included; no 5xx,
no request left hanging, and the server still answers at the end.

PostgreSQL: 4 app processes (`--workers 4`) and 50 clients for ~3 s; SQLite: one process and 10 clients
for ~2 s. Jobs are left queued (RUNLIFT_JOBS_IN_APP=0): this is about the uploads' acknowledgement."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import select

from runlift.store.repo import Store
from runlift.store.tables import JobRow
from tests.cli.test_cli import SEED_M
from tests.dbs import Databases
from tests.web.hammer import hammer, served

NOW = dt.datetime(2026, 11, 30, 7, tzinfo=dt.UTC)
LOADS = {"postgresql": (4, 50, 3.0), "sqlite": (1, 10, 2.0)}  # app processes, clients, seconds
GPX = b'<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk/></gpx>'


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_every_acknowledged_upload_is_exactly_one_job(kind: str, pg_ready: bool, databases: Databases):
    if kind == "postgresql" and not pg_ready:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    workers, clients, seconds = LOADS[kind]
    url = databases.new(kind)
    store = Store.open(url, migrate=False)
    try:
        athlete = store.save_profile("Maya", SEED_M, dt.date(2026, 11, 30), NOW).athlete_id
        path = f"/api/v1/athletes/{athlete}/imports"

        async def send(http: httpx.AsyncClient, key: str) -> httpx.Response:
            return await http.post(path, files=[("files", (f"{key}.gpx", GPX))], headers={"Idempotency-Key": key})

        with served(url, workers, RUNLIFT_JOBS_IN_APP="0") as base:
            tally = hammer(base, send, lambda got: got.json()["id"], clients, seconds)
            assert httpx.get(f"{base}/api/v1/health", timeout=10).status_code == 200  # still serving
        print(f"{kind}: {tally.sent} uploads, {len(tally.acked)} jobs acknowledged, statuses {dict(tally.statuses)}")
        assert not tally.server_errors, tally.server_errors[:5]
        assert not tally.transport_errors, tally.transport_errors[:5]  # nothing hung, nothing dropped
        assert not tally.mismatched, tally.mismatched[:5]  # a retry named the job its first upload made
        assert set(tally.statuses) == {202}, tally.statuses
        assert len(tally.acked) >= clients  # every client got at least one upload through

        with store.transaction() as db:
            jobs = dict(db.execute(select(JobRow.idempotency_key, JobRow.id).where(JobRow.athlete_id == athlete)).all())
        assert jobs == tally.acked  # exactly one job per acknowledged key, the one the client was told
    finally:
        store.engine.dispose()
