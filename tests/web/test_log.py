"""Log writes through the API (SQLite and PostgreSQL): each kind, its stable id, correcting and
deleting it, and Idempotency-Key retries written once."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.cli.test_cli import SEED_M

RUNNER = SEED_M + "\n[lifts]\ngoblet-squat = { weight = 40, reps = 10 }\n"
PROBLEM = "application/problem+json"


@pytest.fixture
def maya(api_client: TestClient) -> str:
    """Seed M's runner added on Monday 2026-11-30 (today): the API path of her log."""
    added = api_client.post("/api/v1/athletes", content=RUNNER, headers={"content-type": "application/toml"})
    assert added.status_code == 201, added.text
    return f"/api/v1/athletes/{added.json()['athlete_id']}"


def test_a_day_logged_through_the_api(api_client: TestClient, maya: str):
    session = api_client.post(f"{maya}/log/sessions", json={})
    assert session.status_code == 201, session.text
    logged = session.json()
    assert logged["sets"] == len(logged["set_ids"]) > 0 and "Dumbbell Romanian deadlift" in logged["not_logged"]
    again = api_client.post(f"{maya}/log/sessions", json={})
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM

    rdl = {"exercise": "db rdl", "sets": 2, "reps": 6, "weight": 50, "rir": 2}
    sets = api_client.post(f"{maya}/log/sets", json=rdl)
    assert sets.status_code == 201, sets.text
    assert sets.json()["exercise"] == "db-romanian-deadlift" and len(sets.json()["set_ids"]) == 2
    assert sets.json()["unit"] == "lb" and sets.json()["session_id"] == logged["session_id"]
    run = api_client.post(f"{maya}/log/runs", json={"distance_m": 10000, "duration_s": 3150, "type": "tempo", "rpe": 7})
    assert run.status_code == 201 and run.json()["pace_s_per_km"] == 315.0
    pain = api_client.post(f"{maya}/log/pain", json={"area": "knee", "score": 2})
    weight = api_client.post(f"{maya}/log/body-weight", json={"value": 61.2, "unit": "kg"})
    assert pain.status_code == weight.status_code == 201

    first = sets.json()["set_ids"][0]
    assert api_client.get(f"{maya}/log/sets/{first}").json()["weight"] == 50
    assert api_client.get(f"{maya}/log/runs/{run.json()['run_id']}").json()["type"] == "tempo"
    assert api_client.get(f"{maya}/log/pain/{pain.json()['id']}").json()["score"] == 2
    assert api_client.get(f"{maya}/log/body-weight/{weight.json()['id']}").json()["unit"] == "kg"
    whole = api_client.get(f"{maya}/log/sessions/{logged['session_id']}").json()
    assert [s["id"] for s in whole["sets"]] == logged["set_ids"] + sets.json()["set_ids"]


def test_bad_input_is_a_problem_with_the_clis_line_and_writes_nothing(api_client: TestClient, maya: str):
    future = api_client.post(f"{maya}/log/pain", json={"area": "knee", "score": 2, "date": "2026-12-25"})
    assert future.status_code == 422 and future.headers["content-type"] == PROBLEM
    assert future.json()["detail"] == "date: expected today (2026-11-30) or earlier, got 2026-12-25"
    unknown = api_client.post(f"{maya}/log/sets", json={"exercise": "zzzzzz qqq", "reps": 5})
    assert unknown.status_code == 404 and unknown.json()["detail"].startswith("no exercise")
    fast = api_client.post(f"{maya}/log/runs", json={"distance_m": 10000, "duration_s": 600})
    assert fast.status_code == 422 and fast.json()["detail"].startswith("run: ")
    typed = api_client.post(f"{maya}/log/sets", json={"exercise": "squat", "reps": "many"})
    assert typed.status_code == 422 and typed.json()["field"] == "body.reps"
    area = api_client.post(f"{maya}/log/pain", json={"area": "elbow", "score": 2})
    assert area.status_code == 422 and area.json()["field"] == "body.area"
    notjson = api_client.post(f"{maya}/log/pain", content=b"{", headers={"content-type": "application/json"})
    assert notjson.status_code == 400 and notjson.headers["content-type"] == PROBLEM
    assert api_client.get(f"{maya}/log/pain/1").status_code == 404


def test_an_idempotent_retry_writes_once(api_client: TestClient, maya: str):
    body = {"exercise": "goblet squat", "sets": 3, "reps": 8, "weight": 40}
    headers = {"Idempotency-Key": "phone-set-1"}
    first = api_client.post(f"{maya}/log/sets", json=body, headers=headers)
    second = api_client.post(f"{maya}/log/sets", json=body, headers=headers)
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert "Idempotent-Replayed" not in first.headers and second.headers["Idempotent-Replayed"] == "true"
    whole = api_client.get(f"{maya}/log/sessions/{first.json()['session_id']}").json()
    assert len(whole["sets"]) == 3
    other = api_client.post(f"{maya}/log/sets", json={**body, "reps": 9}, headers=headers)
    assert other.status_code == 422 and other.json()["detail"].startswith("Idempotency-Key: 'phone-set-1' was used")
    gone = {"Idempotency-Key": "delete-1"}
    one = first.json()["set_ids"][0]
    assert api_client.delete(f"{maya}/log/sets/{one}", headers=gone).status_code == 204
    assert api_client.delete(f"{maya}/log/sets/{one}", headers=gone).status_code == 204  # answered again
    failed = api_client.post(f"{maya}/log/pain", json={"area": "knee", "score": 11}, headers={"Idempotency-Key": "p"})
    assert failed.status_code == 422
    fixed = api_client.post(f"{maya}/log/pain", json={"area": "knee", "score": 3}, headers={"Idempotency-Key": "p"})
    assert fixed.status_code == 201  # a refused write keeps no key: the corrected retry is written


def test_swap_and_undo(api_client: TestClient, maya: str):
    swapped = api_client.post(f"{maya}/swaps", json={"exercise": "bss", "reason": "clunky"})
    assert swapped.status_code == 201, swapped.text
    assert swapped.json()["exercise"] == "db-bulgarian-split-squat"
    assert swapped.json()["replacement"] == "bulgarian-split-squat"
    undone = api_client.post(f"{maya}/swaps/undo", json={})
    assert undone.status_code == 201 and undone.json()["back"] is True
    nothing = api_client.post(f"{maya}/swaps/undo", json={})
    assert nothing.status_code == 422 and "no exercise is swapped out" in nothing.json()["detail"]


def test_a_deleted_or_corrected_item_changes_the_plan_again(api_client: TestClient, maya: str):
    before = api_client.get(f"{maya}/today").json()
    pain = api_client.post(f"{maya}/log/pain", json={"area": "knee", "score": 6}).json()
    hurting = api_client.get(f"{maya}/today").json()
    assert hurting != before  # MOD-1: today's pain keeps exercises that load the knee out
    api_client.patch(f"{maya}/log/pain/{pain['id']}", json={"score": 0})
    assert api_client.get(f"{maya}/today").json() == before
    api_client.patch(f"{maya}/log/pain/{pain['id']}", json={"score": 6})
    assert api_client.get(f"{maya}/today").json() == hurting
    assert api_client.delete(f"{maya}/log/pain/{pain['id']}").status_code == 204
    assert api_client.get(f"{maya}/today").json() == before


def test_a_run_of_a_vanishing_distance_is_refused_not_a_500(api_client: TestClient, maya: str):
    """5e-324 m passes `gt=0`; its pace once divided by 5e-324 / 1000 == 0.0 (found by schemathesis)."""
    tiny = api_client.post(f"{maya}/log/runs", json={"distance_m": 5e-324, "duration_s": 20570})
    assert tiny.status_code == 422 and tiny.headers["content-type"] == PROBLEM
    assert tiny.json()["detail"] == (
        "run: a pace slower than 30:00/km over 4.94066e-324 m; check the distance and the time (5:42:50)"
    ), tiny.text
    assert api_client.get(f"{maya}/history").json()["runs"] == []
