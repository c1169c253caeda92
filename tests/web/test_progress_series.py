"""The progress charts' series through the API (SQLite and PostgreSQL), on a small log worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from runlift.app.athletes import add_runner
from runlift.core.library import BodyArea
from runlift.core.log import LiftSession, LoggedSet, PainNote, RunEntry, SetStatus, Side
from runlift.core.profile import RunType, Units
from runlift.store.repo import Store
from tests.conftest import MAYA, START
from tests.web.conftest import MakeClient

TODAY = dt.date(2027, 1, 10)  # a Sunday; Maya (lb) lifts on Mondays and Thursdays
NOW = dt.datetime(2027, 1, 10, 20, tzinfo=dt.UTC)
D = dt.date
LB, KG, L, R = Units.LB, Units.KG, Side.LEFT, Side.RIGHT


def _set(exercise: str, reps: int, weight: float, unit: Units = LB, side: Side = Side.BOTH) -> LoggedSet:
    return LoggedSet(exercise, reps, weight, unit, side, rir=2.0)


def fill(store: Store) -> int:
    add_runner(store, MAYA, "maya.toml", START, NOW)
    athlete = store.athlete_id("Maya")
    sessions = {
        # before the window (from 2026-12-14): the best is 50 lb × 10 → 50 × (1 + 10/30) = 66.67
        D(2026, 12, 1): [_set("goblet-squat", 10, 50)],
        D(2026, 12, 2): [
            _set("goblet-squat", 5, 20, KG),  # 44.09 lb × 7/6 = 51.44
            _set("goblet-squat", 10, 100)._replace(status=SetStatus.SKIPPED),  # never counted
        ],
        D(2026, 12, 14): [_set("goblet-squat", 10, 45)],  # 60.0: below the best before, no PR
        D(2026, 12, 15): [
            _set("goblet-squat", 8, 55),  # 55 × 38/30 = 69.67: a PR
            _set("goblet-squat", 10, 50),  # 66.67
            _set("db-bulgarian-split-squat", 8, 30, side=L),  # 38.0
            _set("db-bulgarian-split-squat", 8, 35, side=R),  # 44.33: left/right 0.857, flagged
        ],
        D(2026, 12, 21): [_set("goblet-squat", 5, 30, KG)],  # 66.14 lb × 7/6 = 77.16: a PR
        D(2027, 1, 7): [
            _set("goblet-squat", 8, 60),  # 76.0: no PR
            _set("db-bulgarian-split-squat", 8, 35, side=L),
            _set("db-bulgarian-split-squat", 8, 35, side=R),
            *[_set("pogo-hops", 10, 0)] * 3,  # bodyweight: sets, no e1RM
        ],
    }
    for day, sets in sessions.items():
        store.log_session(athlete, LiftSession(day, tuple(sets), planned=day.weekday() in (0, 3)), NOW)
    for week in range(8):  # Mondays from 2026-11-16: 60 min at RPE 5 = load 300, 10 km
        store.log_run(athlete, RunEntry(D(2026, 11, 16) + dt.timedelta(weeks=week), RunType.EASY, 10000, 3600, 5), NOW)
    store.log_run(athlete, RunEntry(D(2027, 1, 6), RunType.TEMPO, 12000, 3600, 8), NOW)  # load 480
    pain = [(D(2026, 12, 8), "knee", 4), (D(2026, 12, 16), "knee", 3), (D(2026, 12, 17), "knee", 5)]
    pain += [(D(2026, 12, 23), "achilles", 2), (D(2027, 1, 6), "knee", 1)]
    for day, area, score in pain:
        store.log_pain(athlete, PainNote(day, BodyArea(area), score), NOW)
    return athlete


@pytest.fixture
def series_client(make_client: MakeClient) -> tuple[TestClient, str]:
    client = make_client(today=TODAY)
    athlete = fill(client.app.state.store)  # type: ignore[attr-defined]
    return client, f"/api/v1/athletes/{athlete}/progress/series"


def test_the_series_of_a_small_log(series_client: tuple[TestClient, str]):
    client, url = series_client
    got = client.get(url, params={"from": "2026-12-16"})  # a Wednesday: its week's Monday
    assert got.status_code == 200, got.text
    doc = got.json()
    assert (doc["since"], doc["until"], doc["unit"]) == ("2026-12-14", "2027-01-10", "lb")
    assert doc["weeks"] == ["2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04"]
    # runs: 300 a Monday; the last week adds the 480 tempo. ACWR at each Sunday: 300 / (1200 / 4) = 1.0,
    # then 780 / ((4 × 300 + 480) / 4) = 1.857 (the runs of 11-16 to 12-07 come from before the window)
    assert doc["running"] == {
        "distance_m": [10000, 10000, 10000, 22000],
        "load": [300, 300, 300, 780],
        "runs": [1, 1, 1, 2],
        "acwr": [1.0, 1.0, 1.0, 1.86],
        "acwr_spike": 1.3,
    }
    # sets (a set on each leg once): 1 + 2 + 1 | 1 | 0 | 1 + 1 + 3; tonnage 450 + 440 + 500 + 240 + 280,
    # 5 × 30 kg = 330.69 lb, 480 + 280 + 280
    assert doc["lifting"] == {"sets": [4, 1, 0, 5], "tonnage": [1910, 330.7, 0, 1040]}
    assert doc["patterns"] == {"plyometric": [0, 0, 0, 3], "squat": [4, 1, 0, 2]}
    # planned Mon + Thu each week; lifted on 12-14, 12-21, 01-07 (12-15 was not a planned day)
    assert doc["adherence"] == {"planned": [2, 2, 2, 2], "done": [1, 1, 0, 1], "ratio": [0.5, 0.5, 0.0, 0.5]}
    assert doc["pain"] == {"achilles": [None, 2, None, None], "knee": [5, None, None, 1]}
    goblet = next(x for x in doc["lifts"] if x["exercise"] == "goblet-squat")
    assert goblet["best_before"] == 66.7
    assert goblet["points"] == [
        {"date": "2026-12-14", "e1rm": 60.0, "weight": 45, "reps": 10, "pr": False},
        {"date": "2026-12-15", "e1rm": 69.7, "weight": 55, "reps": 8, "pr": True},
        {"date": "2026-12-21", "e1rm": 77.2, "weight": 66.1, "reps": 5, "pr": True},
        {"date": "2027-01-07", "e1rm": 76.0, "weight": 60, "reps": 8, "pr": False},
    ]
    split = next(x for x in doc["lifts"] if x["exercise"] == "db-bulgarian-split-squat")
    assert split["best_before"] is None and [(p["date"], p["e1rm"], p["pr"]) for p in split["points"]] == [
        ("2026-12-15", 44.3, True),
        ("2027-01-07", 44.3, False),  # a tie is no PR
    ]
    assert "pogo-hops" not in {x["exercise"] for x in doc["lifts"]}
    # four weeks ending each week: 38.0 / 44.33 = 0.86 until 01-07 evens it (44.33 both)
    assert doc["asymmetry"] == [
        {
            "exercise": "db-bulgarian-split-squat",
            "name": split["name"],
            "ratio": [0.86, 0.86, 0.86, 1.0],
            "left": [38.0, 38.0, 38.0, 44.3],
            "right": [44.3, 44.3, 44.3, 44.3],
            "measure": ["e1rm"] * 4,
            "flag": [True, True, True, False],
        }
    ]


def test_to_cuts_the_last_week_and_the_default_is_52_weeks(series_client: tuple[TestClient, str]):
    client, url = series_client
    doc = client.get(url, params={"from": "2026-12-14", "to": "2027-01-06"}).json()
    assert doc["until"] == "2027-01-06" and len(doc["weeks"]) == 4
    assert doc["running"]["acwr"][-1] == 1.86  # the week's runs are all by Wednesday
    assert doc["lifting"]["sets"] == [4, 1, 0, 0] and doc["pain"]["knee"] == [5, None, None, 1]
    assert doc["adherence"]["planned"] == [2, 2, 2, 1] and doc["adherence"]["done"] == [1, 1, 0, 0]
    assert doc["asymmetry"][0]["ratio"] == [0.86, 0.86, 0.86, 0.86]
    default = client.get(url).json()
    assert len(default["weeks"]) == 52 and default["weeks"][0] == "2026-01-12" and default["until"] == "2027-01-10"
    assert default["lifts"][0]["best_before"] is None  # the whole log is in the window
    before_season = default["adherence"]["planned"][:46]  # Maya's season starts 2026-11-30
    assert set(before_season) == {0} and default["adherence"]["ratio"][0] is None


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        (
            {"from": "2027-01-11", "to": "2027-01-10"},
            "from: expected a day on or before to (2027-01-10), got 2027-01-11",
        ),
        ({"from": "2020-01-01", "to": "2027-01-10"}, "from: expected at most 156 weeks before to, got 367 weeks"),
        ({"to": "0001-01-01"}, "to: expected a date from 1900 to 2200, got 0001-01-01"),
    ],
)
def test_a_bad_window_is_a_clear_422(series_client: tuple[TestClient, str], params: dict[str, str], detail: str):
    client, url = series_client
    got = client.get(url, params=params)
    assert got.status_code == 422 and got.json()["detail"] == detail


def test_the_route_is_in_the_openapi_document(series_client: tuple[TestClient, str]):
    client, _url = series_client
    assert client.get("/api/v1/athletes/999999/progress/series").status_code == 404
    op = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/athletes/{athlete_id}/progress/series"]["get"]
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"] == "#/components/schemas/ProgressSeries"
    assert {p["name"] for p in op["parameters"]} == {"athlete_id", "from", "to"}
