"""GET …/log/items: the log between two days with ids, the history page's list (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from runlift.core.library import BodyArea
from runlift.core.log import BodyWeight, LiftSession, LoggedSet, PainNote, RunEntry
from runlift.core.profile import RunType, Units
from runlift.store.repo import Store
from tests.web.conftest import MakeClient
from tests.web.test_imports import add_athlete

TODAY = dt.date(2027, 1, 10)
NOW = dt.datetime(2027, 1, 10, 8, tzinfo=dt.UTC)


def test_items_by_window_newest_first_with_ids_that_edit(make_client: MakeClient):
    client: TestClient = make_client(today=TODAY)
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    athlete = add_athlete(client)
    other = add_athlete(client, "Sam")
    for day in (dt.date(2026, 12, 10), dt.date(2026, 12, 20), dt.date(2027, 1, 7)):
        store.log_session(athlete, LiftSession(day, (LoggedSet("goblet-squat", 8, 40, Units.LB),) * 2), NOW)
        store.log_run(athlete, RunEntry(day, RunType.EASY, 8000, 2880, 4), NOW)
    store.log_pain(athlete, PainNote(dt.date(2027, 1, 8), BodyArea.KNEE, 3), NOW)
    store.log_weight(athlete, BodyWeight(dt.date(2027, 1, 9), 61.0, Units.KG), NOW)
    store.log_run(other, RunEntry(dt.date(2027, 1, 7), RunType.EASY, 5000, 1800), NOW)  # Sam's: never listed
    at = f"/api/v1/athletes/{athlete}/log/items"

    default = client.get(at)
    assert default.status_code == 200, default.text
    doc = default.json()
    assert (doc["since"], doc["until"]) == ("2026-12-14", "2027-01-10")  # four weeks to today
    assert [s["date"] for s in doc["sessions"]] == ["2027-01-07", "2026-12-20"]
    assert [r["date"] for r in doc["runs"]] == ["2027-01-07", "2026-12-20"] and len(doc["runs"]) == 2
    assert [(p["area"], p["score"]) for p in doc["pain"]] == [("knee", 3)]
    assert [(w["value"], w["unit"]) for w in doc["body_weight"]] == [(61.0, "kg")]
    newest = doc["sessions"][0]
    assert [(s["exercise"], s["reps"], s["weight"], s["unit"]) for s in newest["sets"]] == [
        ("goblet-squat", 8, 40, "lb")
    ] * 2

    set_id = newest["sets"][1]["id"]  # the ids are the edit routes' ids
    assert client.patch(f"/api/v1/athletes/{athlete}/log/sets/{set_id}", json={"reps": 6}).status_code == 200
    assert client.delete(f"/api/v1/athletes/{athlete}/log/runs/{doc['runs'][1]['id']}").status_code == 204
    again = client.get(at).json()
    assert [s["reps"] for s in again["sessions"][0]["sets"]] == [8, 6] and len(again["runs"]) == 1

    december = client.get(at, params={"from": "2026-12-01", "to": "2026-12-15"}).json()
    assert [s["date"] for s in december["sessions"]] == ["2026-12-10"] and december["pain"] == []
    for params, detail in (
        ({"from": "2027-01-11"}, "from: expected a day on or before to (2027-01-10), got 2027-01-11"),
        ({"from": "2025-01-01"}, "from: expected at most 366 days before to, got 740 days"),
        ({"to": "0001-01-01"}, "to: expected a date from 1900 to 2200, got 0001-01-01"),
    ):
        bad = client.get(at, params=params)
        assert bad.status_code == 422 and bad.json()["detail"] == detail
