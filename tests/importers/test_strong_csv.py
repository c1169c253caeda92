"""Strong CSV exports: the real ones in ../shared/realdata/strong and every layout written out inline."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from runlift.core.activity import ImportedSet, SetKind
from runlift.core.errors import ImportFileError
from runlift.importers import strong_csv
from tests.conftest import SHARED

REAL = SHARED / "realdata" / "strong"
NOT_STRONG = "not a Strong export: expected columns Date, Workout Name, Exercise Name, Set Order, Weight, Reps"
MILE = 1609.344


def real(name: str) -> bytes:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real Strong export {path} is absent (../shared/realdata, see its MANIFEST.md)")
    return path.read_bytes()


def read(text: str, unit: str = "kg") -> list[ImportedSet]:
    return strong_csv.read(text.encode("utf-8"), "strong.csv", unit=unit)


def failure(text: str | bytes, unit: str = "kg") -> ImportFileError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ImportFileError) as caught:
        strong_csv.read(data, "strong.csv", unit=unit)
    assert caught.value.path == "strong.csv"
    return caught.value


# --- real exports --------------------------------------------------------------------------------


def test_strong_charts_2021_layout() -> None:
    sets = strong_csv.read(real("strong-charts__strong.csv"), "strong-charts__strong.csv")
    assert len(sets) == 2078  # MANIFEST.md: 2078 data rows
    assert len({(s.performed_at, s.workout) for s in sets}) == 129  # and 129 workouts
    assert {s.unit for s in sets} == {"kg"}  # the header names no unit: the default applies
    assert {s.kind for s in sets} == {SetKind.NORMAL}
    assert sets[0] == ImportedSet(
        performed_at=dt.datetime(2021, 2, 10, 16, 46, 13),
        workout="Mittwoch",
        exercise="Bench Press (Barbell)",
        reps=8,
        weight=75.0,
        unit="kg",
        order=1,
    )
    assert sets[-1].performed_at == dt.datetime(2021, 12, 22, 15, 7, 27)
    planks = [s for s in sets if s.seconds is not None]
    assert {s.exercise for s in planks} == {"Plank"}
    assert sorted(s.seconds for s in planks) == [90, 90, 95, 100, 105, 105]
    assert {s.reps for s in planks} == {None}  # Strong writes 0 reps on a timed set
    assert next(s.note for s in sets if s.note) == "Deep squats"
    first = [s for s in sets if s.performed_at == sets[0].performed_at]
    assert [s.order for s in first] == list(range(1, len(first) + 1))


def test_strong_charts_in_pounds_when_told() -> None:
    sets = strong_csv.read(real("strong-charts__strong.csv"), "strong.csv", unit="lb")
    assert {s.unit for s in sets} == {"lb"}
    assert sets[0].weight == 75.0  # the number as written: converting is not the reader's business


def test_gravitus_2025_layout_skips_rest_timers() -> None:
    sets = strong_csv.read(real("gravitus-to-strong__strong.csv"), "gravitus.csv")
    assert len(sets) == 8  # 16 rows, 8 of them "Rest Timer"
    assert [s.order for s in sets] == list(range(1, 9))
    assert {s.performed_at for s in sets} == {dt.datetime(2025, 8, 3, 13, 4, 33)}
    assert Counter(s.exercise for s in sets) == {
        "Back Extension": 4,
        "Bench Press (Dumbbell)": 2,
        "Arnold Press (Dumbbell)": 2,
    }
    assert (sets[0].reps, sets[0].weight, sets[0].seconds) == (10, 20.0, None)  # "10.0" reps, "0.0" seconds


# --- comma-separated layouts ---------------------------------------------------------------------

COMMA_2021 = """\
Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",W,40.0,5,0,0,"Felt good","Gym",
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",1,100.0,5,0,0,,,8.5
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",Rest Timer,0,0,0,180,,,
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",2,100.0,5,0,0,,,9
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",F,100.0,3,0,0,,,10
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",D,60.0,10,0,0,,,
2024-03-02 07:30:00,"Legs",45m,"Plank",1,0,0,0,60,,,
2024-03-02 07:30:00,"Legs",45m,"Treadmill",1,0,0,1.5,600,,,
"""


def test_comma_layout_with_set_markers_and_rest_timer() -> None:
    sets = read(COMMA_2021)
    assert [s.kind for s in sets] == [
        SetKind.WARMUP,
        SetKind.NORMAL,
        SetKind.NORMAL,
        SetKind.FAILURE,
        SetKind.DROP,
        SetKind.NORMAL,
        SetKind.NORMAL,
    ]
    assert [s.order for s in sets] == [1, 2, 3, 4, 5, 6, 7]  # position in the workout; rest timers don't count
    assert [s.rpe for s in sets[:5]] == [None, 8.5, 9.0, 10.0, None]
    assert sets[0] == ImportedSet(
        performed_at=dt.datetime(2024, 3, 2, 7, 30),
        workout="Legs",
        exercise="Squat (Barbell)",
        reps=5,
        weight=40.0,
        unit="kg",
        kind=SetKind.WARMUP,
        note="Felt good",
        order=1,
    )
    plank, treadmill = sets[-2:]
    assert (plank.reps, plank.weight, plank.seconds, plank.distance_m) == (None, 0.0, 60.0, None)  # a hold: no reps
    assert (treadmill.reps, treadmill.seconds, treadmill.distance_m) == (None, 600.0, 1500.0)  # km with kg


def test_comma_layout_distance_follows_the_unit() -> None:
    treadmill = read(COMMA_2021, unit="lb")[-1]
    assert treadmill.unit == "lb"
    assert treadmill.distance_m == pytest.approx(1.5 * MILE)
    meters = strong_csv.read(COMMA_2021.encode(), "strong.csv", unit="lb", distance_unit="m")[-1]
    assert meters.distance_m == 1.5


def test_comma_layout_2019_without_duration() -> None:
    text = """\
Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2019-12-02 16:45:22,"Воркаут после полудня","Elliptical Machine",1,0,0,2.0,330,"","",
2019-12-02 16:45:22,"Воркаут после полудня","Deadlift (Barbell)",1,120,5,0,0,"","",
"""
    elliptical, deadlift = read(text)
    assert elliptical.workout == "Воркаут после полудня"
    assert (elliptical.reps, elliptical.distance_m, elliptical.seconds) == (None, 2000.0, 330.0)
    assert (deadlift.reps, deadlift.weight, deadlift.order) == (5, 120.0, 2)


def test_comma_layout_without_notes_and_rpe() -> None:
    text = """\
Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds
2020-01-05 09:00:00,"Full body",50m,"Bench Press (Barbell)",1,60,8,0,0
"""
    (bench,) = read(text)
    assert (bench.weight, bench.reps, bench.rpe, bench.note) == (60.0, 8, None, "")


def test_comma_layout_with_unit_columns() -> None:
    text = """\
Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps,Distance,Distance Unit,Seconds,Notes,Workout Notes
2018-12-10 10:33:55,"Chest A","Incline Bench Press (Barbell)",1,90,lbs,15,,,0,"",""
2018-12-10 10:33:55,"Chest A","Bench Press (Barbell)",1,60,kg,5,,,0,"",""
2018-12-10 10:33:55,"Chest A","Rowing Machine",1,,,,2,mi,600,"",""
"""
    incline, bench, rowing = read(text, unit="kg")
    assert (incline.weight, incline.unit) == (90.0, "lb")
    assert (bench.weight, bench.unit) == (60.0, "kg")
    assert (rowing.weight, rowing.reps, rowing.unit) == (None, None, "kg")  # no unit on the row: the default
    assert rowing.distance_m == pytest.approx(2 * MILE)


def test_2016_layout_names_units_in_the_header() -> None:
    text = """\
Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes
2016-10-03 19:30:55,"W1D1","Squat",0,70.0,5,0.0,0,""
2016-10-03 19:30:55,"W1D1","Squat",1,72.5,5,0.0,0,""
"""
    sets = read(text, unit="lb")  # the header says kg, so the argument does not apply
    assert [(s.weight, s.unit, s.kind) for s in sets] == [(70.0, "kg", SetKind.NORMAL), (72.5, "kg", SetKind.NORMAL)]
    pounds = read(text.replace(",kg,", ",lbs,"))
    assert {s.unit for s in pounds} == {"lb"}


def test_french_headers() -> None:
    header = (
        "Date,Nom de l'entraînement,Durée,Nom de l'exercice,Ordre de la série,Poids,Réps,Distance,Secondes,"
        "Notes,Notes d'entraînement,RPE"
    )
    text = f"""\
{header}
2023-08-16 13:10:30,"Pecs Et Dos",35min,"Aerobics",1,0,0,0,600,"","",
2023-08-16 13:10:30,"Pecs Et Dos",35min,"Bench Press (Barbell)",1,50,10,0,0,"","",
"""
    aerobics, bench = read(text)
    assert (aerobics.workout, aerobics.seconds, aerobics.reps) == ("Pecs Et Dos", 600.0, None)
    assert (bench.weight, bench.reps) == (50.0, 10)


# --- semicolon-separated layouts -----------------------------------------------------------------

SEMICOLON_2018 = """\
Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes
2018-12-10 10:33:55;"Chest A";"Incline Bench Press (Barbell)";1;90;lbs;15;;;;0;"";""
2018-12-10 10:33:55;"Chest A";"Incline Bench Press (Barbell)";2;95;lbs;12;8;;;0;"";""
"""

QUOTED_HEADER = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";'
    '"Distance (meters)";"Seconds";"Notes";"Workout Notes"'
)
QUOTED_2024 = f"""\
{QUOTED_HEADER}
"1";"2025-04-29 12:00:00";"Chest and Triceps";"600";"Bench Press (Barbell)";"W";"40.0";"10";"";"";"";"";""
"1";"2025-04-29 12:00:00";"Chest and Triceps";"600";"Bench Press (Barbell)";"1";"100.0";"10";"8";"";"";"Paused";""
"1";"2025-04-29 12:00:00";"Chest and Triceps";"600";"Bench Press (Barbell)";"Rest Timer";"";"";"";"";"120";"";""
"1";"2025-04-29 12:00:00";"Chest and Triceps";"600";"Bench Press (Barbell)";"F";"100.0";"6";"10";"";"";"";""
"1";"2025-04-29 12:00:00";"Chest and Triceps";"600";"Bench Press (Barbell)";"D";"72,5";"8";"";"";"";"";""
"2";"2025-05-01 18:00:00";"Run + core";"900";"Running";"1";"";"";"";"5000";"1500";"";""
"""


def test_semicolon_layout_with_unit_columns() -> None:
    first, second = read(SEMICOLON_2018, unit="kg")
    assert (first.weight, first.unit, first.reps, first.rpe) == (90.0, "lb", 15, None)
    assert (second.weight, second.rpe, second.order) == (95.0, 8.0, 2)


def test_semicolon_quoted_layout_in_kg() -> None:
    sets = read(QUOTED_2024, unit="lb")  # "Weight (kg)" wins over the argument
    assert len(sets) == 5
    assert [s.kind for s in sets] == [SetKind.WARMUP, SetKind.NORMAL, SetKind.FAILURE, SetKind.DROP, SetKind.NORMAL]
    assert {s.unit for s in sets} == {"kg"}
    assert [s.weight for s in sets] == [40.0, 100.0, 100.0, 72.5, None]  # "72,5": a decimal comma
    assert sets[1].note == "Paused"
    assert [s.order for s in sets] == [1, 2, 3, 4, 1]
    run = sets[-1]
    assert (run.workout, run.distance_m, run.seconds, run.reps) == ("Run + core", 5000.0, 1500.0, None)


def test_semicolon_quoted_layout_in_pounds() -> None:
    text = QUOTED_2024.replace('"Weight (kg)"', '"Weight (lbs)"').replace('"Distance (meters)"', '"Distance (miles)"')
    sets = read(text, unit="kg")
    assert {s.unit for s in sets} == {"lb"}
    assert sets[1].weight == 100.0
    assert sets[-1].distance_m == pytest.approx(5000 * MILE)


def test_byte_order_mark_and_crlf() -> None:
    plain = read(QUOTED_2024)
    data = b"\xef\xbb\xbf" + QUOTED_2024.replace("\n", "\r\n").encode("utf-8")
    assert strong_csv.read(data, "strong.csv") == plain
    assert strong_csv.read(b"\xef\xbb\xbf" + COMMA_2021.encode("utf-8"), "strong.csv") == read(COMMA_2021)


def test_header_only_and_blank_lines() -> None:
    header = COMMA_2021.splitlines()[0]
    assert read(header + "\n") == []
    assert len(read(COMMA_2021.replace("\n", "\n\n"))) == 7


# --- bad input -----------------------------------------------------------------------------------


def test_bad_number_names_line_and_column() -> None:
    text = """\
Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",1,100.0,5,0,0,"a note
over two lines","",
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",2,100.0,5,0,0,,,
2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",3,heavy,5,0,0,,,
"""
    error = failure(text)
    assert (error.where, error.problem) == ("5", "Weight: expected a number, got 'heavy'")
    assert str(error) == "strong.csv:5: Weight: expected a number, got 'heavy'"


def test_bad_number_in_the_quoted_layout_uses_its_header() -> None:
    text = QUOTED_2024.replace('"10";"8"', '"ten";"8"')
    error = failure(text)
    assert (error.where, error.problem) == ("3", "Reps: expected a number, got 'ten'")
    error = failure(QUOTED_2024.replace('"72,5"', '"72.5kg"'))
    assert (error.where, error.problem) == ("6", "Weight (kg): expected a number, got '72.5kg'")


@pytest.mark.parametrize(
    ("good", "bad", "problem"),
    [
        (
            "2024-03-02 07:30:",
            "2024-03-32 07:30:",
            "Date: expected a date and time like 2021-02-10 16:46:13, got '2024-03-32 07:30:00'",
        ),
        (",1,100.0,", ",X,100.0,", "Set Order: expected a set number, W, D, F or Rest Timer, got 'X'"),
        (",100.0,5,", ",100.0,5.5,", "Reps: expected a whole number, got '5.5'"),
        (",,,8.5", ",,,nan", "RPE: expected a number, got 'nan'"),
        ('"Squat (Barbell)"', '""', "Exercise Name: expected an exercise name, got ''"),
    ],
)
def test_bad_cells(good: str, bad: str, problem: str) -> None:
    row = '2024-03-02 07:30:00,"Legs",45m,"Squat (Barbell)",1,100.0,5,0,0,,,8.5'
    assert row.count(good) == 1
    text = COMMA_2021.splitlines()[0] + "\n" + row + "\n" + row.replace(good, bad) + "\n"
    error = failure(text)
    assert (error.where, error.problem) == ("3", problem)


@pytest.mark.parametrize(
    ("data", "got"),
    [
        (b"", "got an empty file"),
        (b"\xef\xbb\xbf\n\n", "got an empty file"),
        (b"title,start_time,end_time", "got 'title', 'start_time', 'end_time'"),
        (b"Date,Workout Name,Exercise Name,Set Order\n2024-01-01,a,b,1\n", "got 'Date', 'Workout Name', "),
        (b"hello world\n", "got 'hello world'"),
    ],
)
def test_not_a_strong_export(data: bytes, got: str) -> None:
    error = failure(data)
    assert error.where == "1"
    assert error.problem.startswith(f"{NOT_STRONG}, {got}")


def test_unknown_unit_in_the_header() -> None:
    error = failure(QUOTED_2024.replace('"Weight (kg)"', '"Weight (stone)"'))
    assert (error.where, error.problem) == ("1", "Weight (stone): expected kg or lbs, got 'stone'")


def test_unknown_unit_in_a_unit_column() -> None:
    error = failure(SEMICOLON_2018.replace(";95;lbs;", ";95;st;"))
    assert (error.where, error.problem) == ("3", "Weight Unit: expected kg or lbs, got 'st'")


def test_not_utf8() -> None:
    error = failure(COMMA_2021.encode("utf-8") + b'2024-03-02 07:30:00,"Bein\xe4tze"\n')
    assert error.where == "10"
    assert error.problem.startswith("expected UTF-8 text, got byte 0xe4")


def test_bad_unit_argument() -> None:
    error = failure(COMMA_2021, unit="stone")
    assert error.problem == "unit: expected 'kg' or 'lb', got 'stone'"
