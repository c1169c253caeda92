"""One run from two sources is counted once, two runs are never merged into one (SCH-6's load
depends on it): `same_activity`'s tolerances are 60 s on the start and 2 % on duration and distance."""

from __future__ import annotations

import datetime as dt

from runlift.core.activity import SAME_START_S, SAME_WITHIN, Activity, same_activity

T0 = dt.datetime(2027, 3, 1, 7, 0, tzinfo=dt.UTC)


def run(start_s: float = 0, moving_s: float | None = 3000.0, distance_m: float | None = 10000.0) -> Activity:
    return Activity(T0 + dt.timedelta(seconds=start_s), "running", "fit", moving_s=moving_s, distance_m=distance_m)


def test_the_same_run_from_two_sources_matches():
    assert same_activity(run(), run(30, 3030, 10100))
    assert same_activity(run(), run(-SAME_START_S, 3000 * (1 + SAME_WITHIN), 10000))


def test_different_runs_never_match():
    assert not same_activity(run(), run(SAME_START_S + 1))  # a second run straight after
    assert not same_activity(run(), run(3600))  # a double an hour later
    assert not same_activity(run(), run(0, 3000 * (1 + 2.5 * SAME_WITHIN)))  # a longer run, same start
    assert not same_activity(run(), run(0, 3000, 10000 * (1 - 2.5 * SAME_WITHIN)))  # shorter distance
    assert not same_activity(run(), run(0, None, None))  # nothing to compare: not the same
