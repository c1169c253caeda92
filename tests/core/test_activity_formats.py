"""One activity from several formats, one run from a hand-logged line and a file, impossible paces."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from runlift.core.activity import Activity, held_back, one_run_each, overlap, same_activity, same_run
from runlift.core.library import Equipment
from runlift.core.log import RunEntry, impossible_pace
from runlift.core.profile import RunType

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
RIDE = Activity(T0, "cycling", "fit", distance_m=20_000, moving_s=3600, elapsed_s=3700)


def at(seconds: float, **changes: object) -> Activity:
    return replace(RIDE, start=T0 + dt.timedelta(seconds=seconds), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (at(0, source_format="gpx", moving_s=3600 * 0.97), True),  # gpxpy's moving time 3 % short: same ride
        (at(45, source_format="tcx", elapsed_s=3655), True),  # started 45 s later, ends together
        (at(0, source_format="gpx", distance_m=24_000), True),  # GPX sums its points: 20 % longer, same ride
        (at(0, elapsed_s=3700 * 0.8), False),  # a fifth shorter: another recording
        (at(90), False),  # started 90 s apart
        (at(0, sport="running"), False),  # not the same sport
        (at(0, sport="unknown", source_format="gpx"), True),  # a GPX that does not say: any sport
        (at(0, distance_m=5_000), False),  # a quarter of the distance: beyond the loose band
        (at(0, elapsed_s=None, moving_s=None), False),  # no time at all: nothing to match on
    ],
)
def test_same_activity_on_start_and_elapsed_time(other: Activity, same: bool):
    assert same_activity(RIDE, other) is same
    assert same_activity(other, RIDE) is same  # symmetric


def test_overlap_of_the_time_ranges():
    assert overlap(RIDE, RIDE) == 1.0
    assert overlap(RIDE, at(370)) == pytest.approx(0.9)
    assert overlap(RIDE, at(3700)) == 0.0
    # elapsed times 2 min apart (beyond 60 s and 5 % of a 20-min run) but 92 % of the time shared: same
    short = replace(RIDE, elapsed_s=1500, moving_s=None)
    assert same_activity(short, replace(short, elapsed_s=1380))
    assert not same_activity(short, replace(short, elapsed_s=1300))


DAY = dt.date(2026, 11, 28)
HAND = RunEntry(DAY, RunType.TEMPO, 10_000, 3000, rpe=7.0)
WATCH = RunEntry(DAY, RunType.EASY, 10_150, 3030, rpe=None, avg_hr=151.0, source="fit")


def test_a_run_typed_and_recorded_is_one_run_with_the_runners_rpe():
    assert same_run(HAND, WATCH)
    [run] = one_run_each([HAND], [WATCH])
    assert (run.distance_m, run.duration_s, run.avg_hr, run.source) == (10_150, 3030, 151.0, "fit")
    assert (run.rpe, run.type) == (7.0, RunType.TEMPO)


def test_one_run_each_keeps_what_does_not_match():
    other_day = replace(HAND, date=DAY + dt.timedelta(days=1))
    longer = replace(HAND, distance_m=10_500)  # 3 % longer than the watch: another run
    assert len(one_run_each([other_day, longer], [WATCH])) == 3
    # typed twice (the runner said --again) and recorded once: the recording is one of them, not both
    assert len(one_run_each([HAND, HAND], [WATCH])) == 2
    # the hand-logged line with heart rate beats a GPX without: it is richer
    [run] = one_run_each([replace(HAND, avg_hr=149.0)], [replace(WATCH, avg_hr=None, source="gpx")])
    assert run.source == "gpx" and run.avg_hr == 149.0 and run.distance_m == 10_000


@pytest.mark.parametrize(
    ("meters", "seconds", "why"),
    [
        (10_000, 15 * 60, "faster than 2:00/km"),
        (1_000, 119, "faster than 2:00/km"),
        (999, 100, None),  # under a kilometre: a sprint may be that fast
        (1_000, 30 * 60 + 1, "slower than 30:00/km"),
        (5_000, 0, "no time"),
        (10_000, 40 * 60, None),
        (5e-324, 20_570, "slower than 30:00/km"),  # 5e-324 / 1000 is 0.0: once a ZeroDivisionError
    ],
)
def test_impossible_paces(meters: float, seconds: float, why: str | None):
    said = impossible_pace(meters, seconds)
    assert (said is None) if why is None else (said is not None and why in said)


def test_only_runs_are_held_back():
    car = Activity(T0, "running", "gpx", distance_m=30_000, moving_s=1200)
    assert held_back(car) and "faster than 2:00/km" in str(held_back(car))
    assert held_back(replace(car, sport="cycling")) is None
    assert held_back(replace(car, distance_m=None)) is None


def test_find_is_equipment_aware_and_exact_when_asked(library):
    from runlift.core.errors import NotFound

    dumbbells = frozenset({Equipment.DUMBBELLS, Equipment.BAND})
    assert library.find("rdl").id == "romanian-deadlift"
    assert library.find("rdl", dumbbells).id == "db-romanian-deadlift"
    assert library.find("rdl", dumbbells | {Equipment.BARBELL}).id == "romanian-deadlift"
    assert library.find("goblet squat", dumbbells).id == "goblet-squat"
    assert library.find("hanging-leg-rais").id == "hanging-knee-raise"  # typed input: a close spelling
    with pytest.raises(NotFound, match="did you mean: hanging-knee-raise"):
        library.find("hanging-leg-rais", exact=True)
    assert library.find("Hanging knee raise", exact=True).id == "hanging-knee-raise"
    assert library.find("db rdl", exact=True).id == "db-romanian-deadlift"
