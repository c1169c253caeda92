"""History and progress through the API (SQLite and PostgreSQL): the CLI's --json documents."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_log import maya  # noqa: F401  (the fixture)


def _a_day(client: TestClient, at: str) -> None:
    assert client.post(f"{at}/log/sessions", json={}).status_code == 201
    assert (
        client.post(
            f"{at}/log/runs", json={"distance_m": 10000, "duration_s": 3150, "type": "tempo", "rpe": 7}
        ).status_code
        == 201
    )
    assert client.post(f"{at}/log/pain", json={"area": "knee", "score": 2}).status_code == 201
    assert client.post(f"{at}/log/body-weight", json={"value": 61.2, "unit": "kg"}).status_code == 201


def test_history_is_the_clis_document(api_client: TestClient, maya: str):  # noqa: F811
    empty = api_client.get(f"{maya}/history")
    assert empty.status_code == 200 and empty.json() == {"lifts": [], "runs": [], "pain": [], "body_weight": []}
    _a_day(api_client, maya)
    shown = api_client.get(f"{maya}/history").json()
    squat = shown["lifts"][0]["sets"][0]
    assert shown["lifts"][0]["date"] == "2026-11-30" and shown["lifts"][0]["planned"] is True
    assert squat == {
        "exercise": "goblet-squat",
        "side": "both",
        "weight": 40,
        "unit": "lb",
        "reps": 6,
        "rir": 2.0,
        "rpe": None,
        "status": "done",
    }
    assert shown["runs"] == [
        {
            "date": "2026-11-30",
            "type": "tempo",
            "distance_m": 10000.0,
            "duration_s": 3150.0,
            "rpe": 7.0,
            "avg_hr": None,
            "source": "manual",
        }
    ]
    assert shown["pain"] == [{"date": "2026-11-30", "area": "knee", "score": 2}]
    assert shown["body_weight"] == [{"date": "2026-11-30", "value": 61.2, "unit": "kg"}]
    later = api_client.get(f"{maya}/history", params={"since": "2026-12-01"}).json()
    assert later == {"lifts": [], "runs": [], "pain": [], "body_weight": []}
    bad = api_client.get(f"{maya}/history", params={"since": "yesterday"})
    assert bad.status_code == 422 and bad.json()["field"] == "query.since"


def test_progress_is_the_clis_document(api_client: TestClient, maya: str):  # noqa: F811
    _a_day(api_client, maya)
    shown = api_client.get(f"{maya}/progress")
    assert shown.status_code == 200, shown.text
    doc = shown.json()
    assert doc["until"] == "2026-11-30" and doc["unit"] == "lb" and doc["acwr"] is None
    goblet = next(r for r in doc["records"] if r["exercise"] == "goblet-squat")
    assert goblet["best"] == {"date": "2026-11-30", "weight": 40, "reps": 6, "e1rm": 48.0}
    assert doc["adherence"] == {"planned": 1, "done": 1, "ratio": 1.0, "missed": []}
    assert doc["pain"][0]["series"] == [["2026-11-30", 2]] and doc["running"][0]["runs"] == 1
    assert doc["weekly_sets"] == [{"start": "2026-11-30", "sets": {"plyometric": 3, "push": 2, "squat": 2}}]
    before = api_client.get(f"{maya}/progress", params={"until": "2026-11-29"}).json()
    assert before["until"] == "2026-11-29" and before["records"] == []
    typo = api_client.get(f"{maya}/progress", params={"until": "0001-01-01"})
    assert (
        typo.status_code == 422 and typo.json()["detail"] == "until: expected a date from 1900 to 2200, got 0001-01-01"
    )
    assert api_client.get("/api/v1/athletes/999/progress").status_code == 404
    paths = api_client.get("/api/v1/openapi.json").json()["paths"]
    for route, model in (("history", "LogHistory"), ("progress", "ProgressReport")):
        ok = paths[f"/api/v1/athletes/{{athlete_id}}/{route}"]["get"]["responses"]["200"]
        assert ok["content"]["application/json"]["schema"]["$ref"] == f"#/components/schemas/{model}"
