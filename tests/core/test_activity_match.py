"""One run from two sources is counted once, two runs are never merged into one (SCH-6's running load
depends on it): `same_activity` matches starts within 60 s and elapsed times within a minute or 5 %
(or time ranges overlapping by 90 %); distance only rules out records more than half apart (issue #10:
formats measure time and distance differently). The figures are written out here, not read from the
constants, so widening a tolerance fails."""

from __future__ import annotations

import datetime as dt

from runlift.core.activity import Activity, same_activity

T0 = dt.datetime(2027, 3, 1, 7, 0, tzinfo=dt.UTC)


def run(start_s: float = 0, moving_s: float | None = 3000.0, distance_m: float | None = 10000.0) -> Activity:
    return Activity(T0 + dt.timedelta(seconds=start_s), "running", "fit", moving_s=moving_s, distance_m=distance_m)


def test_the_same_run_from_two_sources_matches():
    assert same_activity(run(), run(30, 3030, 10100))
    assert same_activity(run(), run(-60, 3060, 9800))
    assert same_activity(run(), run(0, 3090))  # gpxpy's moving time is ~3 % off the device's timer
    assert same_activity(run(), run(0, 3000, 9700))  # GPS and wheel disagree on distance


def test_different_runs_never_match():
    assert not same_activity(run(), run(61))  # a minute and a second apart: two starts
    assert not same_activity(run(), run(300))  # a second run straight after a short one
    assert not same_activity(run(), run(3600))  # a double an hour later
    assert not same_activity(run(), run(0, 3600))  # 20 % longer from the same start: 10 min more running
    assert not same_activity(run(), run(0, 3000, 4900))  # half the distance: another run, whatever the clock
    assert not same_activity(run(), run(0, None, None))  # nothing to compare: not the same
