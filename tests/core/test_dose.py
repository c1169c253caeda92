"""Dose per phase and level (DOSE-3, DOSE-5, DOSE-6, DOSE-9, PER-1…PER-5, PER-9, PRO-2)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from runlift.core.dose import (
    HOLD_RANGES,
    PLYO_CONTACTS,
    PLYO_MAX_CONTACTS,
    PLYO_MIN_CONTACTS,
    PLYO_PHASE_SCALE,
    REP_RANGES,
    Dose,
    Progression,
    accessory_dose,
    bodyweight_dose,
    calf_dose,
    core_dose,
    deload,
    e1rm,
    eccentric_accessory_dose,
    epley_pct,
    main_dose,
    plyo_dose,
)
from runlift.core.library import Level
from runlift.core.periodize import Phase

HEAVY = (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD, Phase.PEAK)


def volume(d) -> int:
    return d.sets * d.top_reps


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("phase", HEAVY)
def test_main_lifts_are_heavy_in_the_loading_phases(phase, level):  # DOSE-3
    d = main_dose(phase, level, week_in_block=3, weeks_into_plan=10, light=False)
    assert 2 <= d.sets <= 6 and 3 <= d.top_reps <= 10
    assert d.pct_1rm is not None and d.pct_1rm > 0.70 and d.rir <= 3


@pytest.mark.parametrize("level", list(Level))
def test_build_cuts_sets_not_load(level):  # PER-3
    base = main_dose(Phase.BASE, level, 1, 10, False)
    build = main_dose(Phase.BUILD, level, 1, 10, False)
    assert build.sets < base.sets
    assert build.pct_1rm is not None and base.pct_1rm is not None
    assert build.pct_1rm >= base.pct_1rm - 0.025  # wave weeks move the reps, not the intent


@pytest.mark.parametrize("level", list(Level))
def test_peak_is_heavy_with_far_fewer_sets_and_reps(level):  # PER-4
    base = main_dose(Phase.BASE, level, 0, 10, False)
    peak = main_dose(Phase.PEAK, level, 0, 10, False)
    assert volume(peak) <= 0.6 * volume(base)
    assert peak.pct_1rm is not None and base.pct_1rm is not None and peak.pct_1rm >= base.pct_1rm


@pytest.mark.parametrize("phase", [Phase.TAPER, Phase.RACE, Phase.RECOVERY])
def test_taper_race_and_recovery_are_much_lighter(phase):  # PER-5, PER-8
    d = main_dose(phase, Level.INTERMEDIATE, 0, 10, False)
    assert d.pct_1rm is not None and d.pct_1rm <= 0.65
    assert d.sets >= 1  # PER-6: never dropped entirely


def test_beginners_start_at_two_sets_of_six():  # DOSE-9
    d = main_dose(Phase.OFF_SEASON, Level.BEGINNER, 0, weeks_into_plan=0, light=False)
    assert (d.sets, d.reps) == (2, 6) and "DOSE-9" in d.why
    later = main_dose(Phase.OFF_SEASON, Level.BEGINNER, 2, weeks_into_plan=2, light=False)
    assert later.sets == 3


def test_intermediates_wave_load_six_five_four():  # PRO-2
    doses = [main_dose(Phase.BASE, Level.INTERMEDIATE, w, 10, False) for w in range(3)]
    assert [d.reps for d in doses] == [6, 5, 4]
    assert all(d.progression is Progression.WAVE for d in doses)
    pcts = [d.pct_1rm for d in doses]
    assert pcts == sorted(pcts) and len(set(pcts)) == 3


@pytest.mark.parametrize("phase", [Phase.OFF_SEASON, Phase.BASE])
def test_accessories_are_three_by_twelve_to_fifteen(phase):  # DOSE-6
    d = accessory_dose(phase)
    assert d is not None
    assert (d.sets, d.reps, d.progression) == (3, (12, 15), Progression.DOUBLE)


def test_accessories_follow_the_main_lifts_cuts():  # PER-3, PER-4
    build = accessory_dose(Phase.BUILD)
    assert build is not None and build.sets == 2 and build.reps == (12, 15) and "PER-3" in build.why
    assert accessory_dose(Phase.PEAK) is None


def test_beginner_deload_keeps_the_weight_and_halves_the_work():  # PER-9
    base = main_dose(Phase.BASE, Level.BEGINNER, 0, 10, False)
    d = deload(base, Level.BEGINNER)
    assert d.pct_1rm == base.pct_1rm
    assert volume(d) == pytest.approx(volume(base) * 0.5, abs=2)


def test_intermediate_deload_drops_ten_percent_and_thirty_percent():  # PER-9
    base = main_dose(Phase.BASE, Level.INTERMEDIATE, 0, 10, False)
    d = deload(base, Level.INTERMEDIATE)
    assert d.pct_1rm == pytest.approx(base.pct_1rm * 0.9, abs=0.002)
    assert volume(d) == pytest.approx(volume(base) * 0.7, abs=3)


@pytest.mark.parametrize("level", [Level.BEGINNER, Level.INTERMEDIATE, Level.ADVANCED])
@pytest.mark.parametrize("contacts", [1, 2])
@pytest.mark.parametrize("phase", HEAVY)
def test_plyometrics_land_inside_the_foot_contact_range(level, contacts, phase):  # DOSE-5
    d = plyo_dose(level, phase, contacts)
    planned = round(PLYO_CONTACTS[level] * PLYO_PHASE_SCALE[phase])
    planned = max(planned, PLYO_MIN_CONTACTS)  # the race block keeps DOSE-5's floor (a beginner's peak: 30)
    assert d is not None, "jumps are due here and none were prescribed"
    total = d.sets * d.top_reps * contacts
    assert PLYO_MIN_CONTACTS <= total <= PLYO_MAX_CONTACTS
    assert 1 <= d.sets <= 6 and 4 <= d.top_reps <= 10


def test_novices_land_at_the_floor_and_nobody_jumps_in_the_taper():
    novice = plyo_dose(Level.NOVICE, Phase.BASE, 1)
    assert novice is not None and novice.sets * novice.top_reps == 30  # DOSE-5's floor, low-level contacts
    for phase in (Phase.BUILD, Phase.PEAK):  # the race block keeps the floor: SEL-4's only elastic work
        kept = plyo_dose(Level.NOVICE, phase, 1)
        assert kept is not None and kept.sets * kept.top_reps == 30
    assert plyo_dose(Level.ADVANCED, Phase.TAPER, 1) is None


def test_epley():
    assert e1rm(100, 10) == pytest.approx(133.33, abs=0.01)
    assert e1rm(100, 1) == 100
    assert epley_pct(6, 2) == pytest.approx(1 / (1 + 8 / 30), abs=0.001)


def _mid(reps) -> float:
    return reps if isinstance(reps, int) else (reps[0] + reps[1]) / 2


def _engine_doses(level: Level):
    for phase in HEAVY:
        for week in range(3):
            for weeks_in in (0, 10):
                main = main_dose(phase, level, week, weeks_in, False)
                yield from (main, bodyweight_dose(main), calf_dose(main), core_dose(main, level))
        if (acc := accessory_dose(phase)) is not None:
            yield from (acc, eccentric_accessory_dose(acc))


@pytest.mark.parametrize("level", list(Level))
def test_a_deload_is_written_as_a_coach_writes_it(level):  # PER-9
    """Fewer sets, and reps that are whole or one of the ranges a coach writes (never 6-9 or 9-11), no
    more on top than before, with the volume PER-9 asks: half for newer lifters, about 70 % for others
    (a two-set dose becomes one set). Caught: reps scaled by the leftover share (3×8-12 → 2×6-9)."""
    low, high = (0.5, 0.8) if level.experienced else (0.4, 0.6)
    for dose in _engine_doses(level):
        d = deload(dose, level)
        assert isinstance(d.reps, int) or d.reps in REP_RANGES, (dose, d)
        assert d.top_reps <= dose.top_reps and d.sets < dose.sets, (dose, d)
        assert low <= d.sets * _mid(d.reps) / (dose.sets * _mid(dose.reps)) <= high, (dose, d)
        assert "PER-9" in d.why


def test_a_deload_cuts_sets_before_reps():  # PER-9
    accessory = accessory_dose(Phase.BASE)
    assert accessory is not None
    assert (deload(accessory, Level.INTERMEDIATE).sets, deload(accessory, Level.INTERMEDIATE).reps) == (2, (12, 15))
    bodyweight = bodyweight_dose(main_dose(Phase.BASE, Level.BEGINNER, 0, 10, False))
    assert (deload(bodyweight, Level.BEGINNER).sets, deload(bodyweight, Level.BEGINNER).reps) == (2, (6, 8))
    assert (deload(accessory, Level.BEGINNER).sets, deload(accessory, Level.BEGINNER).reps) == (2, (8, 12))
    hold = replace(core_dose(bodyweight, Level.BEGINNER), sets=3, reps=(20, 40))
    assert (deload(hold, Level.BEGINNER, HOLD_RANGES).sets, deload(hold, Level.BEGINNER, HOLD_RANGES).reps) == (
        2,
        (15, 30),
    )


def test_a_bodyweight_peak_is_not_the_build_week_again():  # PER-4
    """Still heavy, reps far lower: with no weight to add, 6-8 harder reps where build did 8-12.
    Caught: a novice's peak week printed identical to their build week."""
    build = bodyweight_dose(main_dose(Phase.BUILD, Level.NOVICE, 0, 10, False))
    peak = bodyweight_dose(main_dose(Phase.PEAK, Level.NOVICE, 0, 10, False), peak=True)
    assert build.reps == (8, 12) and peak.reps == (6, 8) and peak.sets <= build.sets
    assert "PER-4" in peak.why and peak.rir >= 2


def test_an_eccentric_accessory_is_a_few_slow_reps():  # SEL-8, DOSE-6, DOSE-7
    """Nordic curls are 4-6 slow reps with a minute and a half's rest, not DOSE-6's 12-15 at 60 s."""
    acc = accessory_dose(Phase.BASE)
    assert acc is not None
    d = eccentric_accessory_dose(acc)
    assert (d.sets, d.reps, d.rest_s) == (acc.sets, (4, 6), 90) and "SEL-8" in d.why


@pytest.mark.parametrize("level", list(Level))
def test_a_deload_given_in_reps_in_reserve_asks_for_no_heavier_weight(level: Level) -> None:
    """PER-9 keeps the weight (or takes 10 % off): with no known 1RM the dose says it in RIR, so fewer reps
    leave more in reserve, never the usual RIR on fewer reps (a heavier weight)."""
    single = Dose(3, 6, None, 2, 90, Progression.SINGLE, ())
    double = Dose(3, (8, 12), None, 2, 90, Progression.DOUBLE, ())
    for usual in (single, double):
        lighter = deload(usual, level)
        usual_top = usual.reps if isinstance(usual.reps, int) else usual.reps[1]
        top = lighter.reps if isinstance(lighter.reps, int) else lighter.reps[1]
        assert lighter.rir >= min(5, usual.rir + (usual_top - top)), (usual, lighter)
        assert lighter.rir > usual.rir
