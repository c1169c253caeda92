"""Issue #10, "Data that must stay true": each promise through the entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.inproc import ok, runlift
from tests.cli.test_cli import SEED_M
from tests.conftest import SHARED

MONDAY = "2026-11-30"
REAL = SHARED / "realdata"
needs_realdata = pytest.mark.skipif(not REAL.exists(), reason=f"{REAL} not here (shared/ is laid beside the repo)")
STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
)


@pytest.fixture
def db(tmp_path: Path, db_url: str) -> str:
    """Maya (lb, dumbbells, band, box; no barbell), added on Monday 30 Nov 2026."""
    path = tmp_path / "maya.toml"
    path.write_text(SEED_M)
    ok(runlift(db_url, "athlete", "add", str(path), today=MONDAY))
    return db_url


def as_json(db: str, *args: str, today: str = MONDAY) -> object:
    return json.loads(ok(runlift(db, *args, "--json", today=today)).stdout)


def strong_csv(path: Path, rows: list[tuple[str, str, float, int]]) -> Path:
    """A Strong export: (date-time, exercise, weight, reps) per set."""
    lines = [STRONG_HEADER]
    lines += [
        f'{when},"Workout",1h,"{name}",{i + 1},{weight},{reps},0,0,,,'
        for i, (when, name, weight, reps) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def tcx_run(path: Path, start: str, seconds: float, meters: float) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{start}</Id><Lap StartTime="{start}">'
        f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{meters}</DistanceMeters>"
        "</Lap></Activity></Activities></TrainingCenterDatabase>"
    )
    return path


# --- A date is never ignored ----------------------------------------------------------------


def test_a_date_is_never_ignored_before_or_after_the_subcommand(db: str):
    today = "2026-12-02"
    ok(runlift(db, "log", "--date", "2026-12-01", "set", "goblet-squat", "1x5@20lb", today=today))
    ok(runlift(db, "log", "set", "goblet-squat", "1x6@20lb", "--date", "2026-11-30", today=today))
    ok(runlift(db, "log", "--date", "2026-12-01", "run", "5km", "30:00", today=today))
    ok(runlift(db, "log", "run", "6km", "36:00", "--date", "2026-11-30", today=today))
    ok(runlift(db, "log", "--date", "2026-12-01", "pain", "knee", "2", today=today))
    history = as_json(db, "history", today=today)
    assert [(s["date"], s["sets"][0]["reps"]) for s in history["lifts"]] == [("2026-11-30", 6), ("2026-12-01", 5)]
    assert [(r["date"], r["distance_m"]) for r in history["runs"]] == [("2026-11-30", 6000), ("2026-12-01", 5000)]
    assert history["pain"][0]["date"] == "2026-12-01"
    both = runlift(db, "log", "--date", "2026-11-30", "set", "goblet-squat", "1x5@20lb", "--date", "2026-12-01")
    assert both.returncode == 1 and "--date: given twice" in both.stderr
    assert as_json(db, "history", today=today) == history  # nothing written


# --- One run is one run -----------------------------------------------------------------------


@pytest.mark.parametrize("hand_first", [True, False])
def test_a_run_logged_by_hand_and_imported_is_one_run(db: str, tmp_path: Path, hand_first: bool):
    """4.9 km in 25:00 typed, 4.95 km in 25:10 from the watch (1 % apart): one run, the watch's numbers,
    the runner's RPE and type; counted once by `history`, `week` and the running load."""
    watch = tcx_run(tmp_path / "run.tcx", "2026-11-28T08:00:00Z", 1510, 4950)
    hand = ("log", "run", "4.9km", "25:00", "tempo", "rpe7", "--date", "2026-11-28")
    if hand_first:
        ok(runlift(db, *hand))
        ok(runlift(db, "import", str(watch)))
    else:
        ok(runlift(db, "import", str(watch)))
        logged = as_json(db, *hand)
        assert logged["same_as_imported"] == "tcx"
    runs = as_json(db, "history")["runs"]
    assert len(runs) == 1
    assert runs[0]["distance_m"] == 4950 and runs[0]["source"] == "tcx"
    assert runs[0]["rpe"] == 7 and runs[0]["type"] == "tempo"
    week = as_json(db, "week", "--date", "2026-11-28")
    saturday = next(d for d in week["days"] if d["date"] == "2026-11-28")
    assert len(saturday["runs"]) == 1 and saturday["runs"][0]["load"] == round(7 * 1510 / 60, 1)
    # a different run that day (an evening 10 km) is a second run
    ok(runlift(db, "log", "run", "10km", "55:00", "--date", "2026-11-28"))
    assert len(as_json(db, "history")["runs"]) == 2


def test_the_same_run_typed_twice_is_refused_or_asked(db: str):
    ok(runlift(db, "log", "run", "8km", "44:00", "--date", "2026-11-29"))
    again = runlift(db, "log", "run", "8.05km", "44:10", "--date", "2026-11-29")
    assert again.returncode == 1 and "already logged on 2026-11-29" in again.stderr and "--again" in again.stderr
    as_json_again = runlift(db, "log", "run", "8km", "44:00", "--date", "2026-11-29", "--json")
    assert as_json_again.returncode == 1 and as_json_again.stdout == ""
    assert len(as_json(db, "history")["runs"]) == 1
    ok(runlift(db, "log", "run", "8km", "44:00", "--date", "2026-11-29", "--again"))
    assert len(as_json(db, "history")["runs"]) == 2


def test_asked_at_a_terminal_whether_the_same_run_is_a_second_one(db: str, monkeypatch: pytest.MonkeyPatch):
    from runlift.app.runs import log_run
    from runlift.core.log import RunEntry
    from runlift.core.profile import RunType
    from runlift.store.repo import Store

    store = Store.open(db)
    try:
        import datetime as dt

        athlete = store.athlete_id(None)
        now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
        run = RunEntry(dt.date(2026, 11, 29), RunType.EASY, 8000, 2640)
        log_run(store, athlete, run, dt.date(2026, 11, 30), now)
        asked: list[str] = []
        with pytest.raises(Exception, match="already logged"):
            log_run(store, athlete, run, dt.date(2026, 11, 30), now, ask=lambda q: asked.append(q) is not None)
        assert asked and "Log another one?" in asked[0]
        log_run(store, athlete, run, dt.date(2026, 11, 30), now, ask=lambda q: True)
        assert len(store.manual_runs(athlete, run.date)) == 2
    finally:
        store.engine.dispose()


# --- One activity from several formats is one activity ------------------------------------------

SAME_RECORDINGS = [
    # Garmin Edge 1000 ride: the FIT timer says 94 s, GPX and TCX 126 s, GPX's distance is 35 % longer
    ("fit/sweat__2020-06-01-16-52-40.fit", "gpx/sweat__activity_5039744860.gpx", "tcx/sweat__activity_5039744860.tcx"),
    ("fit/sweat__4801048867.fit", "gpx/sweat__4801048867_strava.gpx"),  # gpxpy's moving time 0.7 % short
    ("gpx/runpandas__run.gpx", "tcx/runpandas__run.tcx"),  # the GPX does not say it was a run
    ("gpx/runpandas__strava_export.gpx", "tcx/runpandas__stopped_example.tcx"),  # starts 6 s apart, stops
]


@needs_realdata
@pytest.mark.parametrize("files", SAME_RECORDINGS, ids=lambda f: Path(f[0]).stem)
def test_one_activity_from_several_formats_is_one_activity(db: str, files: tuple[str, ...]):
    ok(runlift(db, "import", *(str(REAL / f) for f in files)))
    listed = as_json(db, "activities")
    assert len(listed) == 1, listed
    rank = {"fit": 3, "tcx": 2, "gpx": 1}
    assert listed[0]["source"] == max((f.rsplit(".", 1)[1] for f in files), key=rank.__getitem__)  # the richest


def test_two_runs_of_one_morning_stay_two(db: str, tmp_path: Path):
    first = tcx_run(tmp_path / "a.tcx", "2026-11-28T08:00:00Z", 1800, 6000)
    second = tcx_run(tmp_path / "b.tcx", "2026-11-28T08:35:00Z", 1800, 6000)  # after a 5-min break
    ok(runlift(db, "import", str(first), str(second)))
    assert len(as_json(db, "activities")) == 2


# --- Impossible runs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("distance", "time", "message"),
    [
        ("10km", "15:00", "a pace of 1:30/km is faster than 2:00/km"),
        ("1km", "31:00", "a pace of 31:00/km is slower than 30:00/km"),
        ("5km", "0:00", "run.duration: expected a time of more than 0 s"),
    ],
)
def test_an_impossible_run_is_refused(db: str, distance: str, time: str, message: str):
    out = runlift(db, "log", "run", distance, time)
    assert out.returncode == 1 and message in out.stderr and "Traceback" not in out.stderr
    assert as_json(db, "history")["runs"] == []


def test_a_fast_sprint_under_a_kilometre_is_not_refused(db: str):
    ok(runlift(db, "log", "run", "400m", "1:10"))  # 2:55/km over 400 m: a track rep, not 2:00/km over 1 km


def test_an_imported_impossible_run_is_held_until_confirmed(db: str, tmp_path: Path):
    """10 km in 12 minutes from a file: kept, said, and out of the running load until confirmed."""
    bad = tcx_run(tmp_path / "car.tcx", "2026-11-28T08:00:00Z", 720, 10000)
    good = tcx_run(tmp_path / "run.tcx", "2026-11-27T08:00:00Z", 1800, 6000)
    result = as_json(db, "import", str(bad), str(good))
    assert len(result["activities"]) == 2
    [warning] = result["warnings"]
    assert warning["path"].endswith("car.tcx") and "faster than 2:00/km" in warning["reason"]
    held_id = next(a["id"] for a in as_json(db, "activities") if a["held"])
    assert [r["date"] for r in as_json(db, "history")["runs"]] == ["2026-11-27"]
    week = as_json(db, "week", "--date", "2026-11-28")
    assert next(d for d in week["days"] if d["date"] == "2026-11-28")["runs"] == []
    text = ok(runlift(db, "import", str(tcx_run(tmp_path / "car2.tcx", "2026-11-26T08:00:00Z", 60, 10000)))).stdout
    assert "Warning:" in text and "activities confirm" in text
    strict = as_json(db, "import", "--strict", str(tcx_run(tmp_path / "car3.tcx", "2026-11-25T08:00:00Z", 60, 9000)))
    assert [w["path"] for w in strict["warnings"]] == [str(tmp_path / "car3.tcx")]
    assert as_json(db, "activities", "confirm", str(held_id))["held"] is None
    assert [r["date"] for r in as_json(db, "history")["runs"]] == ["2026-11-27", "2026-11-28"]
    missing = runlift(db, "activities", "confirm", "9999")
    assert missing.returncode == 1 and "no activity '9999'" in missing.stderr


# --- Importing history never rewrites the present -------------------------------------------------


def _years_of_strong(path: Path, last: str) -> Path:
    rows = []
    for year in (2019, 2020, 2021):
        for month in (1, 4, 7, 10):
            when = f"{year}-{month:02d}-05 18:00:00"
            rows += [
                (when, "Romanian Deadlift (Dumbbell)", 40 + year - 2019, 8),
                (when, "Goblet Squat (Dumbbell)", 30, 10),
            ]
    rows.append((last, "Romanian Deadlift (Dumbbell)", 45, 8))
    return strong_csv(path, rows)


def _present(doc: object) -> object:
    """Today's card without "last time" (which may well be a set from the imported history)."""
    if isinstance(doc, dict):
        return {k: _present(v) for k, v in doc.items() if k != "last"}
    return [_present(v) for v in doc] if isinstance(doc, list) else doc


def test_importing_years_of_history_never_rewrites_this_week(db: str, tmp_path: Path):
    ok(runlift(db, "log", "--yes"))
    ok(runlift(db, "log", "set", "db rdl", "2x6@50lb", "rir2"))
    before = [_present(as_json(db, "today", today=day)) for day in ("2026-12-03", "2026-12-07")]
    imported = as_json(db, "import", str(_years_of_strong(tmp_path / "strong.csv", "2021-12-20 18:00:00")))
    assert imported["imported"] == 1
    after = [_present(as_json(db, "today", today=day)) for day in ("2026-12-03", "2026-12-07")]
    assert after == before  # no restart three days after a session, loads as logged
    monday = after[1]
    rdl = next(e for e in monday["sessions"][0]["exercises"] if e["id"] == "db-romanian-deadlift")
    assert rdl["load"] == {"value": 55.0, "unit": "lb"}
    assert not [n for n in after[0]["notes"] if "without lifting" in n or "last lift" in n]


@pytest.mark.parametrize(("last", "restart"), [("2026-10-20 18:00:00", True), ("2026-11-27 18:00:00", False)])
def test_the_restart_looks_at_the_latest_session_of_any_source(db: str, tmp_path: Path, last: str, restart: bool):
    ok(runlift(db, "import", str(_years_of_strong(tmp_path / "strong.csv", last))))
    notes = as_json(db, "today")["notes"]
    said = [n for n in notes if "since your last lift" in n]
    assert bool(said) is restart, notes
    if restart:
        assert said[0].startswith("41 days since your last lift")


# --- Name resolution ------------------------------------------------------------------------------


def test_rdl_without_a_barbell_is_the_dumbbell_rdl(db: str):
    logged = as_json(db, "log", "set", "rdl", "2x6@50lb", today="2026-12-02")  # a Wednesday: no RDL planned
    assert logged["exercise"] == "db-romanian-deadlift"


def test_a_mapping_typo_fails_with_suggestions_and_moves_nothing(db: str, tmp_path: Path):
    csv = strong_csv(tmp_path / "s.csv", [("2026-11-20 18:00:00", "Hanging Knee Raise", 0, 12)])
    ok(runlift(db, "import", str(csv)))
    before = as_json(db, "history")
    out = runlift(db, "import", "--map", "Hanging Knee Raise=hanging-leg-rais")
    assert out.returncode == 1
    assert "no exercise 'hanging-leg-rais'" in out.stderr and "did you mean: hanging-knee-raise" in out.stderr
    assert as_json(db, "history") == before


# --- A mapping fix moves only imported sets -----------------------------------------------------


def test_a_mapping_fix_moves_only_the_imported_sets(db: str, tmp_path: Path):
    csv = strong_csv(
        tmp_path / "s.csv",
        [
            ("2026-11-20 18:00:00", "Goblet Squat (Dumbbell)", 30, 10),
            ("2026-11-20 18:00:00", "Goblet Squat (Dumbbell)", 30, 8),
        ],
    )
    ok(runlift(db, "import", str(csv)))
    ok(runlift(db, "log", "set", "goblet-squat", "2x5@35lb"))
    moved = as_json(db, "import", "--map", "Goblet Squat (Dumbbell)=db-front-load-box-squat")
    assert moved == [{"source": "Goblet Squat (Dumbbell)", "exercise": "db-front-load-box-squat", "sets": 2}]
    lifts = {s["date"]: {x["exercise"] for x in s["sets"]} for s in as_json(db, "history")["lifts"]}
    assert lifts == {"2026-11-20": {"db-front-load-box-squat"}, MONDAY: {"goblet-squat"}}
    # the runner's word holds for the next export too
    later = strong_csv(tmp_path / "t.csv", [("2026-11-27 18:00:00", "Goblet Squat (Dumbbell)", 35, 10)])
    ok(runlift(db, "import", str(later)))
    lifts = {s["date"]: {x["exercise"] for x in s["sets"]} for s in as_json(db, "history")["lifts"]}
    assert lifts["2026-11-27"] == {"db-front-load-box-squat"} and lifts[MONDAY] == {"goblet-squat"}


# --- swap --back ------------------------------------------------------------------------------------


def test_swap_back_undoes_the_latest_or_the_named_swap_and_never_an_imaginary_one(db: str):
    nothing = runlift(db, "swap", "--back")
    assert nothing.returncode == 1 and "no exercise is swapped out" in nothing.stderr
    assert as_json(db, "swap", "bss", "--reason", "clunky")["replacement"] == "bulgarian-split-squat"
    never = runlift(db, "swap", "--back", "goblet-squat")
    assert never.returncode == 1 and "goblet-squat was never swapped out" in never.stderr
    assert "db-bulgarian-split-squat" in never.stderr  # what can be undone is said
    latest = as_json(db, "swap", "--back")
    assert latest == {"exercise": "db-bulgarian-split-squat", "replacement": None, "back": True, "kept_out_by_pain": []}


def test_swap_back_by_the_name_swapped_out_or_its_stand_in(db: str):
    for name in ("db-bulgarian-split-squat", "bulgarian-split-squat"):  # the one swapped out, or its stand-in
        ok(runlift(db, "swap", "db-bulgarian-split-squat"))
        undone = as_json(db, "swap", "--back", name)
        assert undone["exercise"] == "db-bulgarian-split-squat" and undone["replacement"] is None
    thursday = as_json(db, "today", today="2026-12-03")
    assert "db-bulgarian-split-squat" in [e["id"] for e in thursday["sessions"][0]["exercises"]]


def test_swap_back_says_when_pain_still_keeps_the_exercise_out(db: str):
    ok(runlift(db, "swap", "db-bulgarian-split-squat"))
    ok(runlift(db, "log", "pain", "knee", "5"))
    text = ok(runlift(db, "swap", "--back")).stdout
    assert "knee pain still keeps it out" in text and "back in your plan as written" not in text
    ok(runlift(db, "swap", "db-bulgarian-split-squat"))
    assert as_json(db, "swap", "--back")["kept_out_by_pain"] == ["knee"]
