"""Running load (Foster), weekly totals, ACWR and the running spike (SCH-6, DOSE-2)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlift.core.log import RunEntry
from runlift.core.profile import RunType
from runlift.core.running_load import (
    ACWR_SPIKE,
    ESTIMATED_RPE,
    acwr,
    daily_loads,
    hard_week,
    running_spike,
    session_load,
    weekly_loads,
)

DAY = dt.date(2026, 3, 1)  # a Sunday: the 28 days ending here start on Monday 2 Feb


def run(day: dt.date, minutes: float = 60, rpe: float | None = 5, kind: RunType = RunType.EASY, km: float = 10):
    return RunEntry(day, kind, km * 1000, minutes * 60, rpe)


def daily(end: dt.date, days: int, minutes: float = 60, rpe: float = 5) -> list[RunEntry]:
    """One identical run on each of the `days` days ending on `end`."""
    return [run(end - dt.timedelta(days=i), minutes, rpe) for i in range(days)]


def test_a_60_minute_run_at_rpe_5_is_load_300():
    load = session_load(run(DAY, 60, 5))
    assert (load.load, load.estimated, load.rpe_used) == (300, False, 5)


@pytest.mark.parametrize(
    ("kind", "rpe"),
    [
        (RunType.EASY, 3),
        (RunType.RECOVERY, 2),
        (RunType.LONG, 5),
        (RunType.TEMPO, 7),
        (RunType.INTERVALS, 8),
        (RunType.HILLS, 8),
        (RunType.RACE, 9),
    ],
)
def test_a_run_without_rpe_uses_the_stated_estimate(kind, rpe):
    load = session_load(run(DAY, 30, None, kind))
    assert load.estimated and load.rpe_used == rpe and load.load == rpe * 30


def test_every_run_type_has_an_estimate():
    assert set(ESTIMATED_RPE) == set(RunType)


def test_daily_loads_cover_every_day_and_sum_doubles():
    runs = [run(DAY, 30, 4), run(DAY, 20, None, RunType.RECOVERY), run(DAY + dt.timedelta(days=5), 60, 5)]
    days = daily_loads(runs, DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1))
    assert [d.load for d in days] == [0, 120 + 40, 0]
    assert [d.runs for d in days] == [0, 2, 0]
    assert days[1].estimated and not days[0].estimated


def test_weekly_loads_total_load_distance_and_minutes():
    monday = dt.date(2026, 2, 2)
    runs = [run(monday, 60, 5, km=10), run(monday + dt.timedelta(days=6), 30, 6, km=5), run(dt.date(2026, 2, 9), 45, 4)]
    weeks = weekly_loads(runs, monday, 3)
    assert [w.start for w in weeks] == [monday, dt.date(2026, 2, 9), dt.date(2026, 2, 16)]
    assert (weeks[0].load, weeks[0].runs, weeks[0].distance_m, weeks[0].minutes) == (480, 2, 15000, 90)
    assert (weeks[1].load, weeks[2].load, weeks[2].runs) == (180, 0, 0)


def test_acwr_of_a_constant_history_is_one():
    decision = acwr(daily(DAY, 28), DAY)
    assert decision.value == pytest.approx(1.0) and decision.why == ("SCH-6",)


def test_acwr_needs_the_whole_28_day_window():
    assert acwr(daily(DAY, 27), DAY).value is None
    assert "four weeks" in acwr(daily(DAY, 27), DAY).note


def test_acwr_is_none_when_the_chronic_load_is_zero():
    old = [run(DAY - dt.timedelta(days=60))]
    assert acwr(old, DAY).value is None


def test_acwr_ignores_runs_after_the_day():
    runs = [*daily(DAY, 28), *daily(DAY + dt.timedelta(days=7), 7, 120)]
    assert acwr(runs, DAY).value == pytest.approx(1.0)


def test_a_doubled_last_week_is_a_spike():
    # three weeks at 7 × 300 = 2100, then a week of 7 × 600: acute 4200, chronic (6300 + 4200) / 4 = 2625
    runs = [*daily(DAY - dt.timedelta(days=7), 21), *daily(DAY, 7, minutes=120)]
    ratio = acwr(runs, DAY).value
    assert ratio == pytest.approx(4200 / 2625) and ratio > ACWR_SPIKE
    spike = running_spike(runs, DAY)
    assert spike.value and spike.why == ("SCH-6", "DOSE-2")
    assert "Pull the lifting back" in spike.note


def test_a_steady_week_is_no_spike():
    spike = running_spike(daily(DAY, 42), DAY)
    assert not spike.value and spike.why == ("SCH-6",)


def test_a_hard_week_counts_before_four_weeks_of_history():
    # two weeks of history: ACWR is not defined yet, but 1.5× the week before is a hard week
    runs = [*daily(DAY - dt.timedelta(days=7), 7), *daily(DAY, 7, minutes=90)]
    assert acwr(runs, DAY).value is None
    assert hard_week(runs, DAY)
    spike = running_spike(runs, DAY)
    assert spike.value and "hard running week" in spike.note


def test_a_week_just_under_one_and_a_half_is_not_hard():
    runs = [*daily(DAY - dt.timedelta(days=7), 7), *daily(DAY, 7, minutes=89)]
    assert not hard_week(runs, DAY)
    assert not running_spike(runs, DAY).value


def test_no_history_is_no_spike():
    assert not running_spike([], DAY).value
    assert not running_spike(daily(DAY, 5), DAY).value


@given(
    days=st.integers(28, 70),
    minutes=st.integers(10, 180),
    rpe=st.integers(1, 10),
    offset=st.integers(0, 365),
)
def test_acwr_of_any_constant_daily_load_is_one(days, minutes, rpe, offset):  # SCH-6
    end = DAY + dt.timedelta(days=offset)
    runs = daily(end, days, minutes, rpe)
    assert acwr(runs, end).value == pytest.approx(1.0)
    assert not running_spike(runs, end).value


@given(loads=st.lists(st.integers(0, 200), min_size=28, max_size=56))
def test_a_spike_is_declared_with_its_rules(loads):  # SCH-6, DOSE-2
    runs = [run(DAY - dt.timedelta(days=i), minutes, 5) for i, minutes in enumerate(loads) if minutes]
    spike = running_spike(runs, DAY)
    ratio = acwr(runs, DAY).value
    if ratio is not None and ratio > ACWR_SPIKE:
        assert spike.value
    assert spike.why == (("SCH-6", "DOSE-2") if spike.value else ("SCH-6",))
