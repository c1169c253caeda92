"""Logged items by id (SQLite and PostgreSQL): read, correct, delete; another athlete's item is not found."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from runlift.core.library import BodyArea
from runlift.core.log import LoggedSet, PainNote, RunEntry
from runlift.core.profile import RunType, Units
from runlift.store.repo import Store
from tests.conftest import MAYA, START

NOW = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
TOML = {"content-type": "application/toml"}


def _athlete(client: TestClient, name: str) -> int:
    added = client.post("/api/v1/athletes", content=MAYA.replace("Maya", name), headers=TOML)
    assert added.status_code == 201, added.text
    return int(added.json()["athlete_id"])


def test_read_correct_and_delete_logged_items(api_client: TestClient, db_url: str):
    maya, sam = _athlete(api_client, "Maya"), _athlete(api_client, "Sam")
    store = Store.open(db_url, migrate=False)
    try:
        added = store.log_sets(maya, START, [LoggedSet("goblet-squat", 8, 40, Units.LB)] * 2, NOW)
        pain = store.log_pain(maya, PainNote(START, BodyArea.KNEE, 4), NOW)
        run = store.log_run(maya, RunEntry(START, RunType.EASY, 8000, 2880, 5), NOW)
    finally:
        store.engine.dispose()
    base = f"/api/v1/athletes/{maya}/log"
    one, two = added.set_ids
    assert api_client.get(f"{base}/sets/{one}").json()["exercise"] == "goblet-squat"
    assert api_client.get(f"/api/v1/athletes/{sam}/log/sets/{one}").status_code == 404  # not Sam's

    fixed = api_client.patch(f"{base}/sets/{one}", json={"reps": 10, "rir": None, "exercise": "db rdl"})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["reps"] == 10 and fixed.json()["exercise"] == "db-romanian-deadlift"
    heavy = api_client.patch(f"{base}/sets/{one}", json={"weight": 9000, "unit": "kg"})
    assert heavy.status_code == 422 and heavy.json()["detail"].startswith("set.weight: expected at most")
    assert api_client.patch(f"{base}/sets/{one}", json={"reps": None}).status_code == 422
    assert api_client.patch(f"{base}/sets/{one}", json={"colour": "red"}).status_code == 422
    assert api_client.get(f"{base}/sets/{one}").json()["reps"] == 10  # refused changes changed nothing

    moved = api_client.patch(f"{base}/pain/{pain}", json={"score": 1, "area": "hip"})
    assert moved.json() == {"id": pain, "date": "2026-11-30", "area": "hip", "score": 1}
    late = api_client.patch(f"{base}/runs/{run}", json={"date": "2026-12-25"})
    assert late.status_code == 422 and late.json()["detail"].startswith("run.date: expected today (2026-11-30)")
    assert api_client.patch(f"{base}/runs/{run}", json={"type": "tempo"}).json()["type"] == "tempo"

    assert api_client.delete(f"{base}/sets/{two}").status_code == 204
    assert api_client.get(f"{base}/sets/{two}").status_code == 404
    assert api_client.delete(f"{base}/sets/{two}").status_code == 404
    gone = {"Idempotency-Key": "delete-run"}
    assert api_client.delete(f"{base}/runs/{run}", headers=gone).status_code == 204
    assert api_client.delete(f"{base}/runs/{run}", headers=gone).status_code == 204  # answered again, once
    session = api_client.get(f"{base}/sessions/{added.session_id}").json()
    assert [s["id"] for s in session["sets"]] == [one]
    assert api_client.delete(f"{base}/sessions/{added.session_id}").status_code == 204
    assert api_client.get(f"{base}/sets/{one}").status_code == 404


def test_a_sessions_note_is_corrected_and_nothing_else_of_it(api_client: TestClient, db_url: str):
    maya, sam = _athlete(api_client, "Maya"), _athlete(api_client, "Sam")
    store = Store.open(db_url, migrate=False)
    try:
        added = store.log_sets(maya, START, [LoggedSet("goblet-squat", 8, 40, Units.LB)], NOW)
    finally:
        store.engine.dispose()
    where = f"/api/v1/athletes/{maya}/log/sessions/{added.session_id}"
    noted = api_client.patch(where, json={"note": "knee fine\nfelt strong \x1b[31m"})
    assert noted.status_code == 200, noted.text
    assert noted.json()["note"] == "knee fine\nfelt strong [31m" and noted.json()["sets"][0]["reps"] == 8
    assert api_client.get(where).json()["note"] == "knee fine\nfelt strong [31m"
    assert api_client.patch(where, json={"note": "x" * 2001}).json()["field"] == "body.note"
    for refused in ({"date": "2026-11-29"}, {"planned": True}, {"note": None}):
        assert api_client.patch(where, json=refused).status_code == 422, refused
    other = f"/api/v1/athletes/{sam}/log/sessions/{added.session_id}"
    assert api_client.patch(other, json={"note": "not mine"}).status_code == 404
    assert api_client.patch(where, json={"note": ""}).json()["note"] == ""
    assert api_client.get(where).json()["note"] == ""
