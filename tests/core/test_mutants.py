"""Exact doses that pin the rule tables: each test kills mutants that survived mutmut over core/dose.py
(bench/mutation.md). Cheap, deterministic, no Hypothesis."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from runlift.core.dose import (
    Dose,
    Progression,
    accessory_dose,
    bodyweight_dose,
    calf_dose,
    core_dose,
    deload,
    e1rm,
    epley_rir,
    main_dose,
    minimum_dose,
    plyo_dose,
)
from runlift.core.library import Level
from runlift.core.periodize import Phase, default_weeks, plan_phases
from runlift.core.profile import Distance, Priority, Race

P = Phase
L = Level
SINGLE, WAVE, DOUBLE = Progression.SINGLE, Progression.WAVE, Progression.DOUBLE


def _dose(sets: int, reps: int, pct: float | None, rir: int, rest: int, prog: Progression, *why: str) -> Dose:
    return Dose(sets, reps, pct, rir, rest, prog, why)


@pytest.mark.parametrize(
    ("reps", "pct", "rir"),
    [(6, 0.8, 2), (3, 0.9, 0), (1, 0.5, 5), (10, 0.9, 0), (8, 0.7, 5), (4, 0.833, 2), (12, 2 / 3, 3)],
)
def test_epley_rir_is_epley_clamped_to_0_5(reps: int, pct: float, rir: int) -> None:
    assert epley_rir(reps, pct) == rir


def test_e1rm_only_extrapolates_from_two_reps_up() -> None:
    assert e1rm(100, 1) == 100
    assert e1rm(90, 2) == pytest.approx(96.0)


@pytest.mark.parametrize(
    ("phase", "level", "wib", "light", "want"),
    [
        # PER-5/SCH-3: a light week outside the taper phases: 2 x 6 at 65 %
        (P.BUILD, L.BEGINNER, 0, True, _dose(2, 6, 0.65, 5, 90, SINGLE, "SCH-3", "PER-5")),
        (P.RECOVERY, L.BEGINNER, 0, False, _dose(2, 8, 0.6, 5, 90, SINGLE, "PER-8", "PER-6")),
        (P.RECOVERY, L.BEGINNER, 0, True, _dose(2, 8, 0.6, 5, 90, SINGLE, "PER-8", "PER-6")),
        (P.TAPER, L.BEGINNER, 0, True, _dose(2, 5, 0.6, 5, 90, SINGLE, "PER-5", "PER-6")),
        (P.RACE, L.ADVANCED, 0, False, _dose(1, 5, 0.55, 5, 90, SINGLE, "PER-5", "PER-6")),
        # DOSE-7: five reps or fewer rest 150 s, six or more 90 s
        (P.BUILD, L.ADVANCED, 0, False, _dose(2, 5, 0.811, 2, 150, SINGLE, "DOSE-3", "PRO-1", "PRO-5")),
        (P.BUILD, L.BEGINNER, 0, False, _dose(2, 6, 0.789, 2, 90, SINGLE, "DOSE-3", "PRO-1", "PRO-5")),
        (P.PEAK, L.BEGINNER, 0, False, _dose(2, 4, 0.833, 2, 150, SINGLE, "DOSE-3", "PRO-1", "PRO-5")),
        # PRO-2 only for experienced lifters in off-season/base; never in build for them
        (P.BASE, L.ADVANCED, 1, False, _dose(4, 5, 0.811, 2, 150, WAVE, "DOSE-3", "PRO-2")),
        (P.OFF_SEASON, L.ADVANCED, 0, False, _dose(5, 6, 0.789, 2, 90, WAVE, "DOSE-3", "PRO-2")),
        (P.BUILD, L.INTERMEDIATE, 1, False, _dose(2, 6, 0.789, 2, 90, SINGLE, "DOSE-3", "PRO-1", "PRO-5")),
    ],
)
def test_main_dose_exact(phase: Phase, level: Level, wib: int, light: bool, want: Dose) -> None:
    assert main_dose(phase, level, wib, 5, light) == want


def test_bodyweight_dose_keeps_at_least_two_in_reserve() -> None:
    main = main_dose(P.OFF_SEASON, L.ADVANCED, 0, 5, False)
    assert bodyweight_dose(main) == Dose(5, (8, 12), None, 2, 90, DOUBLE, ("DOSE-4", "PRO-3", "PRO-8"))
    assert bodyweight_dose(replace(main, rir=4)).rir == 4


def test_calf_dose_reps_sets_and_reserve() -> None:
    peak = main_dose(P.PEAK, L.ADVANCED, 0, 5, False)  # 2 x 3: short sets -> 6-8 calf reps
    assert calf_dose(peak) == Dose(2, (6, 8), None, 2, 90, DOUBLE, ("SEL-6", "PRO-3"))
    five = Dose(1, 5, 0.7, 5, 60, SINGLE, ())  # top reps 5 -> 8-12; >= 70 % clamps RIR to 2-3
    assert calf_dose(five) == Dose(2, (8, 12), None, 3, 90, DOUBLE, ("SEL-6", "PRO-3"))
    assert calf_dose(replace(five, rir=1)).rir == 2
    assert calf_dose(replace(five, pct_1rm=0.69)).rir == 5  # light main: keep its reserve
    assert calf_dose(replace(five, pct_1rm=None)).rir == 5
    assert calf_dose(replace(five, sets=5)).sets == 5


def test_core_dose_two_sets_for_novices_or_short_sessions() -> None:
    main = main_dose(P.OFF_SEASON, L.ADVANCED, 0, 5, False)
    assert core_dose(main, L.ADVANCED) == Dose(3, (8, 12), None, 3, 60, DOUBLE, ("SEL-7",))
    assert core_dose(main, L.NOVICE).sets == 2
    assert core_dose(replace(main, sets=2), L.ADVANCED).sets == 2
    assert core_dose(replace(main, sets=3), L.BEGINNER).sets == 3


def test_accessory_and_minimum_dose_exact() -> None:
    assert accessory_dose(P.BASE) == Dose(3, (12, 15), None, 2, 60, DOUBLE, ("DOSE-6", "PRO-3"))
    assert accessory_dose(P.BUILD) == Dose(2, (12, 15), None, 2, 60, DOUBLE, ("DOSE-6", "PRO-3", "PER-3"))
    assert accessory_dose(P.PEAK) is None
    main = main_dose(P.OFF_SEASON, L.ADVANCED, 0, 5, False)
    assert minimum_dose(main) == replace(main, sets=1, why=(*main.why, "DOSE-2"))


@pytest.mark.parametrize(
    ("level", "per_rep", "scale", "sets", "reps", "why"),
    [
        (L.BEGINNER, 1, 1.0, 4, 10, ("DOSE-5", "SEL-4")),
        (L.ADVANCED, 1, 0.5, 4, 10, ("DOSE-5", "SEL-4", "PER-9")),
        (L.ADVANCED, 1, 0.99, 6, 10, ("DOSE-5", "SEL-4", "PER-9")),
        (L.ADVANCED, 1, 1.0, 6, 10, ("DOSE-5", "SEL-4")),
        (L.ADVANCED, 19, 1.0, 2, 4, ("DOSE-5", "SEL-4")),  # 152 contacts; 3 x 4 = 228 is the cap
        (L.ADVANCED, 3, 1.0, 3, 9, ("DOSE-5", "SEL-4")),
        (L.ADVANCED, 6, 1.0, 2, 7, ("DOSE-5", "SEL-4")),
    ],
)
def test_plyo_dose_exact(level: Level, per_rep: int, scale: float, sets: int, reps: int, why: tuple[str, ...]) -> None:
    assert plyo_dose(level, P.BASE, per_rep, scale) == Dose(sets, reps, None, 3, 120, SINGLE, why)


def test_plyo_dose_none_without_contacts() -> None:
    assert plyo_dose(L.BEGINNER, P.BASE, 0) is None
    assert plyo_dose(L.BEGINNER, P.BASE, -1) is None


def test_deload_exact() -> None:
    adv = main_dose(P.OFF_SEASON, L.ADVANCED, 0, 5, False)
    assert deload(adv, L.ADVANCED) == replace(adv, sets=4, reps=5, pct_1rm=0.71, rir=5, why=(*adv.why, "PER-9"))
    beg = main_dose(P.OFF_SEASON, L.BEGINNER, 0, 5, False)
    assert deload(beg, L.BEGINNER) == replace(beg, sets=2, reps=4, rir=4, why=(*beg.why, "PER-9"))
    acc = accessory_dose(P.BASE)
    assert acc is not None
    assert deload(acc, L.ADVANCED) == replace(acc, sets=2, rir=5, why=(*acc.why, "PER-9"))
    assert deload(replace(acc, sets=1), L.BEGINNER).reps == (6, 8)
    one = Dose(1, 1, None, 2, 60, SINGLE, ())
    assert deload(one, L.BEGINNER) == replace(one, why=("PER-9",))
    assert deload(replace(one, reps=(1, 1)), L.BEGINNER).reps == (1, 1)


# --- core/periodize.py survivors ---------------------------------------------------------------

MONDAY = dt.date(2026, 1, 5)


def test_a_race_on_the_plan_monday_still_counts() -> None:
    b_today = (Race(MONDAY, Distance.K5, Priority.B),)
    assert default_weeks(MONDAY, b_today) == 1  # the race week alone
    assert default_weeks(MONDAY, (Race(MONDAY + dt.timedelta(weeks=3), Distance.K5, Priority.B),)) == 4
    a_today = (Race(MONDAY, Distance.K5, Priority.A),)
    assert default_weeks(MONDAY, a_today) == 2  # race week + the 5K's one recovery week
    weeks = plan_phases(MONDAY, 4, a_today, Level.BEGINNER)
    assert [w.phase for w in weeks] == [P.RACE, P.RECOVERY, P.OFF_SEASON, P.OFF_SEASON]


@pytest.mark.parametrize(
    ("level", "deload_weeks", "note"),
    [
        (L.NOVICE, [5, 11], "Deload week: every 6th week for a novice lifter."),
        (L.BEGINNER, [5, 11], "Deload week: every 6th week for a beginner lifter."),
        (L.INTERMEDIATE, [4, 9], "Deload week: every 5th week for an intermediate lifter."),
        (L.ADVANCED, [3, 7, 11], "Deload week: every 4th week for an advanced lifter."),
    ],
)
def test_deload_weeks_and_notes_without_races(level: Level, deload_weeks: list[int], note: str) -> None:
    weeks = plan_phases(MONDAY, 12, (), level)
    assert [i for i, w in enumerate(weeks) if w.deload] == deload_weeks
    assert all(w.deload is False and w.notes == () for w in weeks if not w.deload)
    assert {w.notes for w in weeks if w.deload} == {(note,)}
    assert all("PER-9" in w.why for w in weeks if w.deload)


def _a5k(*weeks_out: int) -> tuple[Race, ...]:
    return tuple(Race(MONDAY + dt.timedelta(weeks=n), Distance.K5, Priority.A) for n in weeks_out)


def test_close_a_races_each_keep_race_week_and_recovery() -> None:
    two_apart = plan_phases(MONDAY, 7, _a5k(2, 4), Level.ADVANCED)
    assert [w.phase for w in two_apart] == [P.PEAK, P.TAPER, P.RACE, P.RECOVERY, P.RACE, P.RECOVERY, P.OFF_SEASON]
    back_to_back = plan_phases(MONDAY, 6, _a5k(2, 3), Level.ADVANCED)
    assert [w.phase for w in back_to_back] == [P.PEAK, P.TAPER, P.RACE, P.RACE, P.RECOVERY, P.OFF_SEASON]


def test_deload_count_restarts_after_recovery_and_skips_the_week_before_taper() -> None:
    after = plan_phases(MONDAY, 12, _a5k(2), Level.ADVANCED)
    assert [i for i, w in enumerate(after) if w.deload] == [7, 11]  # every 4th loading week after the recovery
    assert all(w.deload is False for w in after if not w.phase.loading)
    # PER-9 vs PER-5: a deload 1-2 weeks before the taper is skipped; 3 weeks before it is kept
    assert [i for i, w in enumerate(plan_phases(MONDAY, 18, _a5k(16), Level.ADVANCED)) if w.deload] == [3, 7, 11]
    assert [i for i, w in enumerate(plan_phases(MONDAY, 17, _a5k(15), Level.ADVANCED)) if w.deload] == [3, 7, 11]


def test_no_deload_the_week_before_a_taper_that_ends_the_plan() -> None:
    weeks = plan_phases(MONDAY, 17, _a5k(17), Level.ADVANCED)  # race just past the horizon
    assert weeks[-1].phase is P.TAPER
    assert [i for i, w in enumerate(weeks) if w.deload] == [3, 7, 11]
