"""Phases from the A race backwards, mini-tapers, the no-race cycle, and deloads (PER)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from runlift.core.library import Level
from runlift.core.periodize import (
    DELOAD_EVERY,
    TEMPLATES,
    Phase,
    default_weeks,
    phase_spans,
    plan_phases,
)
from runlift.core.profile import Distance, Priority, Race

MONDAY = dt.date(2026, 1, 5)


def race(weeks_out: int, distance=Distance.HALF, priority=Priority.A, weekday: int = 6) -> Race:
    return Race(MONDAY + dt.timedelta(weeks=weeks_out, days=weekday), distance, priority)


def phases_of(weeks, races, level=Level.BEGINNER):
    return [w.phase for w in plan_phases(MONDAY, weeks, tuple(races), level)]


@pytest.mark.parametrize("distance", list(Distance))
def test_phases_run_backwards_from_the_a_race(distance):
    t = TEMPLATES[distance]
    out = 40
    phases = phases_of(out + 1 + t.recovery, [race(out, distance)])
    assert phases[out] is Phase.RACE
    assert phases[out - t.taper : out] == [Phase.TAPER] * t.taper
    assert phases[out - t.taper - t.peak : out - t.taper] == [Phase.PEAK] * t.peak  # PER-4: a peak month
    build_end = out - t.taper - t.peak
    assert phases[build_end - t.build : build_end] == [Phase.BUILD] * t.build
    base_end = build_end - t.build
    assert phases[base_end - t.base : base_end] == [Phase.BASE] * t.base
    assert set(phases[: base_end - t.base]) == {Phase.OFF_SEASON}  # PER-7: far from the race
    assert phases[out + 1 :] == [Phase.RECOVERY] * t.recovery


def test_longer_races_get_longer_tapers_and_recoveries():
    assert TEMPLATES[Distance.MARATHON].taper > TEMPLATES[Distance.K5].taper
    assert TEMPLATES[Distance.MARATHON].recovery > TEMPLATES[Distance.HALF].recovery > TEMPLATES[Distance.K5].recovery


def test_a_late_start_joins_the_season_where_the_running_is():
    phases = phases_of(9, [race(6)])  # a half marathon six weeks out: the race block is on
    assert phases[:7] == [Phase.BUILD] + [Phase.PEAK] * 4 + [Phase.TAPER, Phase.RACE]
    assert phases[7:] == [Phase.RECOVERY] * 2


def test_b_and_c_races_do_not_reshape_the_season():
    assert phases_of(20, [race(10, priority=Priority.B)]) == phases_of(20, [])


def test_no_race_cycles_off_season_and_base():
    phases = phases_of(32, [])
    assert phases[:8] == [Phase.OFF_SEASON] * 8 and phases[8:16] == [Phase.BASE] * 8
    assert phases[16] is Phase.OFF_SEASON


def test_two_a_races_each_get_their_block():
    phases = phases_of(60, [race(20, Distance.K10), race(50, Distance.MARATHON)])
    assert phases[20] is Phase.RACE and phases[50] is Phase.RACE
    assert phases[21] is Phase.RECOVERY
    assert Phase.BUILD in phases[22:50]


@pytest.mark.parametrize("level", list(Level))
def test_deloads_come_every_4_to_6_weeks_by_level(level):  # PER-9
    weeks = plan_phases(MONDAY, 40, (), level)
    every = DELOAD_EVERY[level]
    assert 4 <= every <= 6
    deload_weeks = [i for i, w in enumerate(weeks) if w.deload]
    assert deload_weeks[0] == every - 1
    assert all(b - a == every for a, b in itertools.pairwise(deload_weeks))
    assert all("PER-9" in weeks[i].why for i in deload_weeks)


def test_advanced_lifters_unload_more_often_than_beginners():
    assert DELOAD_EVERY[Level.ADVANCED] < DELOAD_EVERY[Level.INTERMEDIATE] < DELOAD_EVERY[Level.BEGINNER]


def test_default_length_runs_through_the_recovery():
    r = race(20, Distance.MARATHON)
    assert default_weeks(MONDAY, (r,)) == 21 + TEMPLATES[Distance.MARATHON].recovery
    assert default_weeks(MONDAY, ()) == 16


def test_phase_spans_cover_the_weeks_without_gaps():
    spans = phase_spans(plan_phases(MONDAY, 30, (race(24),), Level.BEGINNER))
    assert spans[0].start == MONDAY
    for a, b in itertools.pairwise(spans):
        assert b.start == a.end + dt.timedelta(days=1) and a.phase is not b.phase
