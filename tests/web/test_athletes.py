"""/athletes and the versioned runner's file, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import MAYA

TOML = {"content-type": "application/toml"}


def test_add_list_read_and_version_the_runners_file(api_client: TestClient):
    added = api_client.post("/api/v1/athletes", content=MAYA, headers=TOML)
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["name"] == "Maya" and body["version"] == 1 and body["changed"] is True
    athlete = body["athlete_id"]
    assert api_client.get("/api/v1/athletes").json() == [{"id": athlete, "name": "Maya", "versions": 1}]

    current = api_client.get(f"/api/v1/athletes/{athlete}/profile").json()
    assert current["toml"] == MAYA and current["document"]["race"][0]["date"] == "2027-04-18"
    doc = current["document"]
    doc["athlete"]["bodyweight"] = 130
    put = api_client.put(f"/api/v1/athletes/{athlete}/profile", json=doc)
    assert put.status_code == 200 and put.json()["version"] == 2 and put.json()["changed"] is True
    again = api_client.put(f"/api/v1/athletes/{athlete}/profile", json=doc)
    assert again.json()["version"] == 2 and again.json()["changed"] is False
    versions = api_client.get(f"/api/v1/athletes/{athlete}/profile/versions").json()
    assert [v["version"] for v in versions] == [1, 2]
    first = api_client.get(f"/api/v1/athletes/{athlete}/profile/versions/1").json()
    assert first["document"]["athlete"]["bodyweight"] == 135
    assert api_client.get(f"/api/v1/athletes/{athlete}/profile").json()["document"]["athlete"]["bodyweight"] == 130


def test_a_bad_runners_file_is_a_problem_naming_the_field_and_writes_nothing(api_client: TestClient):
    bad = api_client.post(
        "/api/v1/athletes", content=MAYA.replace("bodyweight = 135", 'bodyweight = "x"'), headers=TOML
    )
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["field"] == "athlete.bodyweight"
    assert bad.json()["detail"].startswith("body: athlete.bodyweight: expected")
    broken = api_client.post("/api/v1/athletes", content="[athlete\nname=", headers=TOML)
    assert broken.status_code == 422 and broken.json()["detail"].startswith("body:1: not valid TOML")
    other = api_client.post("/api/v1/athletes", content=b"<x/>", headers={"content-type": "application/xml"})
    assert other.status_code == 415
    assert api_client.get("/api/v1/athletes").json() == []


def test_every_problem_of_a_runners_file_is_listed_field_by_field(api_client: TestClient):
    wrong = MAYA.replace("bodyweight = 135", 'bodyweight = "x"').replace('units = "lb"', 'units = "lbs"')
    bad = api_client.post("/api/v1/athletes", content=wrong, headers=TOML)
    assert bad.status_code == 422
    body = bad.json()
    assert body["detail"].startswith("body: 2 problems in the runner's file: line ")
    assert [e["field"] for e in body["errors"]] == ["athlete.units", "athlete.bodyweight"]
    assert body["errors"][0]["message"].endswith("got 'lbs'; did you mean lb?")
    assert body["field"] == "athlete.units"  # the first, as with one problem
    assert api_client.get("/api/v1/athletes").json() == []


def test_a_runners_file_past_the_body_limit_is_refused_unread(api_client: TestClient):
    from runlift.web.bodies import MAX_FILE

    huge = api_client.post("/api/v1/athletes", content=MAYA + "#" * MAX_FILE, headers=TOML)
    assert huge.status_code == 413 and huge.json()["title"] == "Upload too large"
    assert huge.json()["detail"] == f"body: expected a runner's file of at most {MAX_FILE // 1024} KB, got more"
    assert api_client.get("/api/v1/athletes").json() == []


def test_a_file_for_another_runner_is_refused(api_client: TestClient):
    athlete = api_client.post("/api/v1/athletes", content=MAYA, headers=TOML).json()["athlete_id"]
    sam = api_client.put(f"/api/v1/athletes/{athlete}/profile", content=MAYA.replace("Maya", "Sam"), headers=TOML)
    assert sam.status_code == 422 and sam.json()["field"] == "athlete.name"
    assert [a["name"] for a in api_client.get("/api/v1/athletes").json()] == ["Maya"]


def test_unknown_athletes_and_versions_are_404(api_client: TestClient):
    assert api_client.get("/api/v1/athletes/99/profile").status_code == 404
    athlete = api_client.post("/api/v1/athletes", content=MAYA, headers=TOML).json()["athlete_id"]
    missing = api_client.get(f"/api/v1/athletes/{athlete}/profile/versions/7")
    assert missing.status_code == 404 and missing.json()["type"] == "urn:runlift:problem:not-found"
    assert api_client.get("/api/v1/athletes/x/profile").status_code == 422


def test_an_idempotent_add_is_done_once(api_client: TestClient):
    headers = {**TOML, "Idempotency-Key": "add-maya-1"}
    first = api_client.post("/api/v1/athletes", content=MAYA, headers=headers)
    second = api_client.post("/api/v1/athletes", content=MAYA, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second.headers["Idempotent-Replayed"] == "true"
    other = api_client.post("/api/v1/athletes", content=MAYA.replace("135", "136"), headers=headers)
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]
    assert api_client.get("/api/v1/athletes").json()[0]["versions"] == 1
