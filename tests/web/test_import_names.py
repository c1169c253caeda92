"""The exercise-name review of imports through the API (SQLite and PostgreSQL): upload a Strong CSV,
read how its names were mapped, correct one; a bad correction is refused whole."""

from __future__ import annotations

from fastapi.testclient import TestClient

from runlift.store.repo import Store
from tests.web.test_imports import add_athlete, ended

STRONG = """\
Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2026-11-02 16:45:22,"Legs","Goblet Squat (Dumbbell)",1,20,8,0,0,"","",
2026-11-02 16:45:22,"Legs","Goblet Squat (Dumbbell)",2,20,8,0,0,"","",
2026-11-02 16:45:22,"Legs","Front Pulldown",1,30,10,0,0,"","",
"""


def _sets(store: Store, athlete: int) -> list[str]:
    return [s.exercise for session in store.training_log(athlete).lifts for s in session.sets]


def test_review_then_correct_a_name(api_client: TestClient):
    athlete = add_athlete(api_client)
    at = f"/api/v1/athletes/{athlete}/imports"
    assert api_client.get(f"{at}/names").json() == {"mappings": []}
    sent = api_client.post(at, files=[("files", ("strong.csv", STRONG.encode(), "text/csv"))])
    assert sent.status_code == 202, sent.text
    assert ended(api_client, sent.headers["location"])["status"] == "done"
    review = api_client.get(f"{at}/names")
    assert review.status_code == 200, review.text
    mapped = {m["source"]: m for m in review.json()["mappings"]}
    assert set(mapped) == {"Goblet Squat (Dumbbell)", "Front Pulldown"}
    assert mapped["Goblet Squat (Dumbbell)"]["exercise"] == "goblet-squat"
    assert mapped["Goblet Squat (Dumbbell)"]["name"] == "Goblet squat"
    store: Store = api_client.app.state.store  # type: ignore[attr-defined]
    before = _sets(store, athlete)
    assert sorted(before) == sorted(["goblet-squat", "goblet-squat", mapped["Front Pulldown"]["exercise"]])

    typo = {
        "mappings": [
            {"source": "Front Pulldown", "exercise": "lat-pulldown"},
            {"source": "Nope", "exercise": "goblet squat"},
        ]
    }
    refused = api_client.post(f"{at}/names", json=typo)
    assert refused.status_code == 404 and "Nope" in refused.json()["detail"]
    assert _sets(store, athlete) == before  # the good pair before it did not move either
    unknown = api_client.post(
        f"{at}/names", json={"mappings": [{"source": "Front Pulldown", "exercise": "pulldwn xyz"}]}
    )
    assert unknown.status_code == 404 and unknown.json()["detail"].startswith("no exercise")  # as POST …/log/sets
    assert _sets(store, athlete) == before
    assert api_client.post(f"{at}/names", json={"mappings": []}).status_code == 422

    fixed = api_client.post(
        f"{at}/names", json={"mappings": [{"source": "Front Pulldown", "exercise": "lat pulldown"}]}
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json() == {"remapped": [{"source": "Front Pulldown", "exercise": "lat-pulldown", "sets": 1}]}
    assert sorted(_sets(store, athlete)) == ["goblet-squat", "goblet-squat", "lat-pulldown"]
    after = {m["source"]: m for m in api_client.get(f"{at}/names").json()["mappings"]}
    assert (after["Front Pulldown"]["exercise"], after["Front Pulldown"]["how"]) == ("lat-pulldown", "runner")
