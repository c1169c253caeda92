"""Hevy CSV exports: the real one in ../shared/realdata/hevy and both unit layouts written out inline."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from runlift.core.activity import ImportedSet, SetKind
from runlift.core.errors import ImportFileError
from runlift.importers import hevy_csv
from tests.conftest import SHARED

REAL = SHARED / "realdata" / "hevy" / "hevy-coach__workout_data.csv"
MILE = 1609.344

HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index",'
    '"set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'
)
KG = f"""\
{HEADER}
"Leg day","30 Jun 2025, 19:56","30 Jun 2025, 20:58","","Squat (Barbell)",,"Belt on",0,"warmup",60,8,,,
"Leg day","30 Jun 2025, 19:56","30 Jun 2025, 20:58","","Squat (Barbell)",,"",1,"normal",100,5,,,8
"Leg day","30 Jun 2025, 19:56","30 Jun 2025, 20:58","","Squat (Barbell)",,"",2,"failure",100,3,,,10
"Leg day","30 Jun 2025, 19:56","30 Jun 2025, 20:58","","Squat (Barbell)",,"",3,"dropset",70,8,,,
"Leg day","30 Jun 2025, 19:56","30 Jun 2025, 20:58","","Plank",0,"",0,"normal",,,,60,
"Leg day","30 Jun 2025, 19:56","30 Jun 2025, 20:58","","Treadmill",0,"",0,"normal",,,1.5,600,
"Pull","2 Jul 2025, 07:05","2 Jul 2025, 08:00","easy","Pull Up",,"",0,"normal",,10,,,
"""
LBS = (
    KG.replace('"weight_kg"', '"weight_lbs"')
    .replace('"distance_km"', '"distance_miles"')
    .replace('"Leg day","30 Jun 2025, 19:56"', '"Leg day","2025-06-30T19:56:00"')
)


def read(text: str) -> list[ImportedSet]:
    return hevy_csv.read(text.encode("utf-8"), "workout_data.csv")


def failure(data: bytes) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        hevy_csv.read(data, "workout_data.csv")
    assert caught.value.path == "workout_data.csv"
    return caught.value


def test_real_export() -> None:
    if not REAL.exists():
        pytest.skip(f"real Hevy export {REAL} is absent (../shared/realdata, see its MANIFEST.md)")
    sets = hevy_csv.read(REAL.read_bytes(), REAL.name)
    assert len(sets) == 330  # MANIFEST.md: 330 set rows
    assert len({(s.performed_at, s.workout) for s in sets}) == 17  # and 17 workouts
    assert {s.unit for s in sets} == {"kg"}
    assert {s.kind for s in sets} == {SetKind.NORMAL}
    assert sets[0] == ImportedSet(
        performed_at=dt.datetime(2025, 6, 30, 19, 56),
        workout="Monday ? You mean international CHEST DAY !",
        exercise="Incline Bench Press (Dumbbell)",
        reps=13,
        weight=48.0,
        unit="kg",
        order=1,
    )
    assert min(s.performed_at for s in sets) == dt.datetime(2025, 5, 13, 19, 49)
    assert Counter(s.exercise for s in sets if s.weight is None) == {"Chest Dip": 3, "Crunch (Weighted)": 1}
    workout = [s for s in sets if s.performed_at == dt.datetime(2025, 5, 29, 16, 26)]
    assert [s.order for s in workout] == list(range(1, 33))  # 32 sets, numbered across exercises


def test_weight_kg_layout_with_set_types() -> None:
    sets = read(KG)
    assert [s.kind for s in sets[:4]] == [SetKind.WARMUP, SetKind.NORMAL, SetKind.FAILURE, SetKind.DROP]
    assert sets[0] == ImportedSet(
        performed_at=dt.datetime(2025, 6, 30, 19, 56),
        workout="Leg day",
        exercise="Squat (Barbell)",
        reps=8,
        weight=60.0,
        unit="kg",
        kind=SetKind.WARMUP,
        note="Belt on",
        order=1,
    )
    assert [s.rpe for s in sets[:4]] == [None, 8.0, 10.0, None]
    plank, treadmill, pull_up = sets[4:]
    assert (plank.reps, plank.weight, plank.seconds, plank.order) == (None, None, 60.0, 5)
    assert (treadmill.distance_m, treadmill.seconds) == (1500.0, 600.0)
    assert (pull_up.performed_at, pull_up.workout, pull_up.reps, pull_up.order) == (
        dt.datetime(2025, 7, 2, 7, 5),
        "Pull",
        10,
        1,
    )


def test_weight_lbs_layout_and_iso_times() -> None:
    sets = read(LBS)
    assert {s.unit for s in sets} == {"lb"}
    assert sets[1].weight == 100.0
    assert sets[0].performed_at == dt.datetime(2025, 6, 30, 19, 56)
    assert sets[5].distance_m == pytest.approx(1.5 * MILE)


def test_byte_order_mark_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + KG.replace("\n", "\r\n").encode("utf-8")
    assert hevy_csv.read(data, "workout_data.csv") == read(KG)


def test_bad_date_names_line_and_column() -> None:
    error = failure(KG.replace('"2 Jul 2025, 07:05"', '"2025/07/02 07:05"').encode())
    assert (error.where, error.problem) == (
        "8",
        "start_time: expected a time like '30 Jun 2025, 19:56' or ISO 8601, got '2025/07/02 07:05'",
    )


def test_bad_set_type_and_number() -> None:
    error = failure(KG.replace('"dropset"', '"superset"').encode())
    assert (error.where, error.problem) == (
        "5",
        "set_type: expected normal, warmup, dropset or failure, got 'superset'",
    )
    error = failure(KG.replace('"normal",100,5', '"normal",1OO,5').encode())
    assert (error.where, error.problem) == ("3", "weight_kg: expected a number, got '1OO'")


@pytest.mark.parametrize(
    ("data", "got"),
    [
        (b"", "got an empty file"),
        (b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n", "got 'Date', 'Workout Name'"),
        (b"title,start_time,exercise_title,reps\n", "got 'title', 'start_time', 'exercise_title', 'reps'"),
    ],
)
def test_not_a_hevy_export(data: bytes, got: str) -> None:
    error = failure(data)
    assert error.where == "1"
    assert error.problem.startswith(
        f"not a Hevy export: expected columns title, start_time, exercise_title, weight_kg or weight_lbs, reps, {got}"
    )
