"""POST/GET /api/v1/athletes/{id}/imports: an upload is streamed into a job that the app's worker thread
runs; the same Idempotency-Key is the same job; too large is 413; hostile uploads are 4xx with nothing
stored, or (found only by reading) each file's problem in a failed job with nothing written."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from runlift.store.imports import activities
from runlift.store.repo import Store
from runlift.store.tables import JobChunkRow, JobFileRow, JobRow
from tests.cli.test_cli import SEED_M
from tests.hostile.test_import_bounds import gpx, gz_of_zeros, zip_bytes
from tests.jobs.test_jobs import ENTITIES, XXE, runs
from tests.web.conftest import MakeClient

T0 = dt.datetime(2026, 11, 20, 6, 0, tzinfo=dt.UTC)
PROBLEM = "application/problem+json"


def store_of(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def add_athlete(client: TestClient, name: str = "Maya") -> int:
    return store_of(client).save_profile(name, SEED_M.replace("Maya", name), dt.date(2026, 11, 30), T0).athlete_id


def count(client: TestClient, table: type) -> int:
    with store_of(client).transaction() as db:
        return int(db.scalar(select(func.count()).select_from(table)) or 0)


def ended(client: TestClient, url: str) -> dict[str, object]:
    deadline = time.monotonic() + 20
    while True:
        body = client.get(url).json()
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return dict(body)
        time.sleep(0.02)


@pytest.fixture
def maya(api_client: TestClient) -> int:
    return add_athlete(api_client)


def test_an_upload_is_a_job_that_runs_and_says_what_it_did(api_client: TestClient, maya: int):
    files = [
        ("files", ("export.zip", zip_bytes(runs(4)), "application/zip")),
        ("files", ("one.gpx", gpx(T0), "application/gpx+xml")),
    ]
    got = api_client.post(f"/api/v1/athletes/{maya}/imports", files=files)
    assert got.status_code == 202, got.text
    job = got.json()
    assert got.headers["location"] == f"/api/v1/athletes/{maya}/imports/{job['id']}"
    assert job["status"] in ("queued", "running", "done") and [f["name"] for f in job["files"]] == [
        "export.zip",
        "one.gpx",
    ]
    done = ended(api_client, got.headers["location"])
    assert done["status"] == "done" and done["error"] is None and done["attempts"] == 1, done
    for moment in (done["created_at"], done["started_at"], done["finished_at"]):  # RFC 3339: with a zone
        assert dt.datetime.fromisoformat(moment).utcoffset() == dt.timedelta(0), moment
    summary = done["summary"]
    assert isinstance(summary, dict) and (summary["files"], summary["imported"], summary["skipped"]) == (5, 5, [])
    progress = done["progress"]
    assert isinstance(progress, dict) and progress["done"] == progress["total"] > 0
    assert len(activities(store_of(api_client), maya)) == 5 and count(api_client, JobChunkRow) == 0
    listed = api_client.get(f"/api/v1/athletes/{maya}/imports").json()["items"]
    assert [j["id"] for j in listed] == [job["id"]]


def test_the_same_idempotency_key_is_the_same_job_and_the_body_is_not_read_again(api_client: TestClient, maya: int):
    url = f"/api/v1/athletes/{maya}/imports"
    first = api_client.post(url, files=[("files", ("a.gpx", gpx(T0)))], headers={"Idempotency-Key": "upload-1"})
    again = api_client.post(url, content=b"not even multipart", headers={"Idempotency-Key": "upload-1"})
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"] and again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    assert ended(api_client, first.headers["location"])["status"] == "done"
    assert count(api_client, JobRow) == 1 and len(activities(store_of(api_client), maya)) == 1
    plain = api_client.post(url, files=[("files", ("a.gpx", gpx(T0)))])  # no key: a new job, nothing twice
    assert plain.json()["id"] != first.json()["id"]
    summary = ended(api_client, plain.headers["location"])["summary"]
    assert isinstance(summary, dict) and (summary["imported"], summary["duplicates"]) == (0, 1)
    assert len(activities(store_of(api_client), maya)) == 1


def test_an_upload_past_the_limit_is_413_with_or_without_a_length(make_client: MakeClient):
    client = make_client(upload_limit=64 * 1024)
    maya = add_athlete(client)
    url = f"/api/v1/athletes/{maya}/imports"
    big = bytes(100 * 1024)
    declared = client.post(url, files=[("files", ("big.fit", big))])
    assert declared.status_code == 413 and declared.headers["content-type"] == PROBLEM
    assert "at most 0.1 MB (RUNLIFT_UPLOAD_LIMIT sets it)" in declared.json()["detail"]
    boundary = "xyz"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.fit"\r\n\r\n'.encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for i in range(0, len(body), 8192):
            yield body[i : i + 8192]

    streamed = client.post(
        url, content=chunked(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert streamed.status_code == 413
    assert (count(client, JobRow), count(client, JobChunkRow)) == (0, 0)


@pytest.mark.parametrize(
    ("kwargs", "status", "detail"),
    [
        ({"content": b"{}", "headers": {"Content-Type": "application/json"}}, 415, "expected multipart/form-data"),
        ({"content": b"--x\r\ngarbage", "headers": {"Content-Type": "multipart/form-data"}}, 400, "body:"),
        ({"data": {"note": "no file"}, "files": [("other", ("a.txt", b"x"))]}, 422, "expected at least one file"),
    ],
)
def test_a_body_that_is_not_an_upload_is_4xx(api_client: TestClient, maya: int, kwargs: dict, status: int, detail: str):
    got = api_client.post(f"/api/v1/athletes/{maya}/imports", **kwargs)
    assert got.status_code == status and got.headers["content-type"] == PROBLEM, got.text
    assert detail in got.json()["detail"] and count(api_client, JobRow) == 0


@pytest.mark.parametrize(
    ("name", "data", "detail"),
    [
        ("slip.zip", zip_bytes({"../../../etc/cron.d/evil.gpx": gpx(T0)}), "points outside the archive (zip slip)"),
        ("laughs.gpx", ENTITIES, "XML file with a DTD or entities"),
        ("xxe.tcx", XXE, "XML file with a DTD or entities"),
        ("bomb.zip", zip_bytes({f"z{i}.gpx": bytes(3 * 1024 * 1024) for i in range(3)}), "past the 8.0 MB"),
    ],
)
def test_a_hostile_upload_is_422_and_nothing_is_stored(
    make_client: MakeClient, maya: int, name: str, data: bytes, detail: str
):
    api_client = make_client(import_batch_limit="8M")  # RUNLIFT_IMPORT_BATCH_LIMIT
    files = [("files", ("good.gpx", gpx(T0))), ("files", (name, data))]
    got = api_client.post(f"/api/v1/athletes/{maya}/imports", files=files, headers={"Idempotency-Key": "h"})
    assert got.status_code == 422 and got.headers["content-type"] == PROBLEM
    assert got.json()["detail"].startswith(f"{name}: ") and detail in got.json()["detail"]
    assert (count(api_client, JobRow), count(api_client, JobFileRow), count(api_client, JobChunkRow)) == (0, 0, 0)
    assert activities(store_of(api_client), maya) == []


def test_hostile_files_inside_an_export_fail_the_job_each_with_its_reason(
    api_client: TestClient, make_client: MakeClient, maya: int
):
    api_client.app.state.jobs_worker.stop()  # the first app's worker has the default limits: not its job
    api_client = make_client(import_file_limit="2M")  # RUNLIFT_IMPORT_FILE_LIMIT: this app's job worker has it
    outer = zip_bytes(
        {
            "inner.zip": zip_bytes({"../../evil.gpx": gpx(T0)}),
            "laughs.gpx": ENTITIES,
            "bomb.gpx.gz": gz_of_zeros(8 * 1024 * 1024),
        }
    )
    got = api_client.post(f"/api/v1/athletes/{maya}/imports", files=[("files", ("export.zip", outer))])
    assert got.status_code == 202
    job = ended(api_client, got.headers["location"])
    assert job["status"] == "failed" and job["error"] == "nothing imported: 3 file(s) skipped (see skipped)"
    summary = job["summary"]
    assert isinstance(summary, dict)
    why = {s["path"]: s["reason"] for s in summary["skipped"]}
    assert set(why) == {"export.zip!inner.zip!../../evil.gpx", "export.zip!laughs.gpx", "export.zip!bomb.gpx.gz"}
    assert activities(store_of(api_client), maya) == []


def test_another_athletes_job_is_not_found(api_client: TestClient, maya: int):
    sam = add_athlete(api_client, "Sam")
    got = api_client.post(f"/api/v1/athletes/{maya}/imports", files=[("files", ("a.gpx", gpx(T0)))])
    job_id = got.json()["id"]
    assert api_client.get(f"/api/v1/athletes/{sam}/imports/{job_id}").status_code == 404
    assert api_client.get(f"/api/v1/athletes/{maya}/imports/999999").status_code == 404
    assert api_client.post("/api/v1/athletes/999/imports", files=[("files", ("a.gpx", gpx(T0)))]).status_code == 404


def test_the_upload_is_described_in_the_openapi_document(api_client: TestClient):
    doc = api_client.get("/api/v1/openapi.json").json()
    post = doc["paths"]["/api/v1/athletes/{athlete_id}/imports"]["post"]
    assert "multipart/form-data" in post["requestBody"]["content"]
    assert {"202", "413", "415", "422", "404"} <= set(post["responses"])
    assert "/api/v1/athletes/{athlete_id}/imports/{job_id}" in doc["paths"]


def test_activities_are_listed_newest_first_a_page_at_a_time(api_client: TestClient, maya: int):
    got = api_client.post(f"/api/v1/athletes/{maya}/imports", files=[("files", ("export.zip", zip_bytes(runs(7))))])
    assert ended(api_client, got.headers["location"])["status"] == "done"
    url: str | None = f"/api/v1/athletes/{maya}/activities?limit=3"
    seen: list[dict[str, object]] = []
    while url is not None:
        page = api_client.get(url)
        assert page.status_code == 200, page.text
        seen += page.json()["items"]
        url = page.json()["next"]
    assert len(seen) == 7 and len({a["id"] for a in seen}) == 7
    starts = [str(a["start"]) for a in seen]
    assert starts == sorted(starts, reverse=True)
    first = seen[0]
    assert first["source"] == "gpx" and first["held"] is None and isinstance(first["pace_s_per_km"], float)
    since = api_client.get(f"/api/v1/athletes/{maya}/activities", params={"since": starts[2][:10]}).json()
    assert len(since["items"]) == 3 and since["next"] is None
    sam = add_athlete(api_client, "Sam")
    assert api_client.get(f"/api/v1/athletes/{sam}/activities").json() == {"items": [], "next": None}
    assert api_client.get(f"/api/v1/athletes/{sam}/activities?before={seen[0]['id']}").status_code == 404
    assert api_client.get(f"/api/v1/athletes/{maya}/activities?limit=0").status_code == 422
