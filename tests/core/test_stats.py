"""What the log shows: records, weekly sets, asymmetry, contacts, adherence, pain, gains, plateaus."""

from __future__ import annotations

import datetime as dt
import json
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlift.core.library import BodyArea
from runlift.core.log import LiftSession, LoggedSet, PainNote, RunEntry, SetStatus, Side, TrainingLog
from runlift.core.profile import RunType, Units
from runlift.core.stats import (
    adherence,
    asymmetry,
    e1rm_series,
    lift_records,
    pain_by_area,
    plateaus,
    plyo_contacts,
    progress_report,
    report_to_dict,
    signs_it_works,
    weekly_sets_by_pattern,
)

KG, LB = Units.KG, Units.LB
D0 = dt.date(2026, 1, 5)  # a Monday
BSS = "db-bulgarian-split-squat"
RDL = "db-single-leg-rdl-contralateral"


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def s(exercise: str, reps: int, weight: float = 0, unit: Units = KG, side: Side = Side.BOTH, done: bool = True):
    status = SetStatus.DONE if done else SetStatus.SKIPPED
    return LoggedSet(exercise, reps, weight, unit, side, status=status)


def lifts(*sessions: tuple[int, list[LoggedSet]]) -> TrainingLog:
    return TrainingLog(lifts=tuple(LiftSession(day(n), tuple(sets)) for n, sets in sessions))


# --- records and e1RM (TRK-1) ---------------------------------------------------------------


def test_e1rm_series_keeps_each_days_best_set():
    log = lifts((0, [s("goblet-squat", 8, 20), s("goblet-squat", 5, 22)]), (7, [s("goblet-squat", 8, 20)]))
    series = e1rm_series(log, "goblet-squat", KG)
    assert [(t.date, t.weight, t.reps) for t in series] == [(day(0), 22, 5), (day(7), 20, 8)]
    assert series[0].e1rm == pytest.approx(22 * (1 + 5 / 30))  # 25.67 beats 20 × 8's 25.33


def test_lift_records_best_set_prs_and_counts(library):
    log = lifts(
        (0, [s("goblet-squat", 8, 20), s("goblet-squat", 5, 22)]),
        (7, [s("goblet-squat", 8, 20), s("goblet-squat", 3, 40, done=False)]),  # skipped: not a record
        (14, [s("goblet-squat", 6, 24)]),
    )
    (record,) = lift_records(log, library, KG)
    assert record.name == "Goblet squat"
    assert record.best is not None and (record.best.date, record.best.weight, record.best.reps) == (day(14), 24, 6)
    assert record.best.e1rm == pytest.approx(28.8)
    assert (record.heaviest, record.sets, record.first, record.last) == (24, 4, day(0), day(14))
    assert [p.date for p in record.prs] == [day(0), day(14)]


def test_records_compare_lb_and_kg_sets(library):
    log = lifts((0, [s("goblet-squat", 1, 22)]), (7, [s("goblet-squat", 1, 50, LB)]))  # 50 lb = 22.68 kg
    (record,) = lift_records(log, library, KG)
    assert record.best is not None and record.best.date == day(7)
    assert record.best.weight == pytest.approx(22.68, abs=0.01)
    (in_lb,) = lift_records(log, library, LB)
    assert in_lb.heaviest == pytest.approx(50) and [p.date for p in in_lb.prs] == [day(0), day(7)]


def test_bodyweight_and_custom_exercises_have_records_without_e1rm(library):
    log = lifts((0, [s("pogo-hops", 10), s("pogo-hops", 10), s("my-sled-push", 20, 40)]))
    records = {r.exercise: r for r in lift_records(log, library, KG)}
    assert records["pogo-hops"].best is None and records["pogo-hops"].sets == 2
    assert records["my-sled-push"].name == "my-sled-push" and records["my-sled-push"].heaviest == 40


def test_carries_have_no_e1rm(library):
    (record,) = lift_records(lifts((0, [s("farmer-carry", 40, 24)])), library, KG)
    assert record.best is None and record.heaviest == 24


# --- weekly sets by pattern -----------------------------------------------------------------


def test_weekly_sets_by_pattern_counts_a_set_per_leg_once_and_fills_gaps(library):
    log = lifts(
        (0, [s("goblet-squat", 8, 20)] * 3 + [s("goblet-squat", 8, 20, done=False)]),
        (3, [s(RDL, 8, 10, side=Side.LEFT), s(RDL, 8, 10, side=Side.RIGHT)] * 2 + [s("my-thing", 10)]),
        (15, [s("pogo-hops", 10)] * 2),
    )
    weeks = weekly_sets_by_pattern(log, library)
    assert weeks == (
        (day(0), {"custom": 1, "hinge": 2, "squat": 3}),
        (day(7), {}),
        (day(14), {"plyometric": 2}),
    )
    assert weeks[0].start == day(0) and weeks[0].sets["squat"] == 3


# --- asymmetry ------------------------------------------------------------------------------


def test_asymmetry_100_vs_85_flags_the_weaker_side(library):
    log = lifts((0, [s(BSS, 5, 100, side=Side.LEFT), s(BSS, 5, 85, side=Side.RIGHT)]))
    (gap,) = asymmetry(log, library, KG)
    assert gap.measure == "e1rm" and gap.ratio == pytest.approx(0.85)
    assert gap.left == pytest.approx(100 * (1 + 5 / 30)) and gap.weaker is Side.RIGHT and gap.flag


def test_asymmetry_within_ten_percent_does_not_flag(library):
    log = lifts((0, [s(BSS, 5, 100, side=Side.LEFT), s(BSS, 5, 90, side=Side.RIGHT)]))
    (gap,) = asymmetry(log, library, KG)
    assert gap.ratio == pytest.approx(0.9) and not gap.flag


def test_asymmetry_compares_lb_and_kg_sides(library):
    log = lifts((0, [s(BSS, 8, 40, side=Side.LEFT), s(BSS, 8, 88, LB, side=Side.RIGHT)]))  # 88 lb = 39.9 kg
    (gap,) = asymmetry(log, library, KG)
    assert gap.ratio == pytest.approx(0.998, abs=0.001) and not gap.flag


def test_asymmetry_uses_the_last_four_weeks_only(library):
    log = lifts(
        (0, [s(BSS, 5, 150, side=Side.RIGHT)]),  # 6 weeks before the last session: out of the window
        (42, [s(BSS, 5, 50, side=Side.LEFT), s(BSS, 5, 50, side=Side.RIGHT)]),
    )
    (gap,) = asymmetry(log, library, KG)
    assert gap.ratio == 1.0 and gap.weaker is None and not gap.flag


def test_unloaded_asymmetry_compares_reps_and_skips_one_sided_and_bilateral_work(library):
    log = lifts(
        (
            0,
            [s("bulgarian-split-squat", 10, side=Side.LEFT)] * 2
            + [s("bulgarian-split-squat", 8, side=Side.RIGHT)] * 2
            + [s(RDL, 8, 10, side=Side.LEFT)]  # no right side logged
            + [s("goblet-squat", 8, 20, side=Side.LEFT), s("goblet-squat", 8, 10, side=Side.RIGHT)],  # bilateral
        )
    )
    (gap,) = asymmetry(log, library, KG)
    assert (gap.exercise, gap.measure, gap.left, gap.right) == ("bulgarian-split-squat", "volume", 20, 16)
    assert gap.ratio == pytest.approx(0.8) and gap.flag


# --- foot contacts (DOSE-5) -----------------------------------------------------------------


def test_plyo_contacts_count_sides_and_contacts_per_rep(library):
    log = lifts(
        (
            0,
            [s("pogo-hops", 10)] * 3  # 30
            + [s("single-leg-hops", 8, side=Side.LEFT)] * 2  # 16
            + [s("single-leg-hops", 8, side=Side.RIGHT)] * 2  # 16
            + [s("single-leg-hops", 5)]  # logged "both": 10
            + [s("depth-jump", 5)]  # 2 contacts a rep: 10
            + [s("goblet-squat", 8, 20), s("pogo-hops", 10, done=False)],
        ),
        (2, [s("goblet-squat", 8, 20)]),
    )
    assert [(p.date, p.contacts) for p in plyo_contacts(log, library)] == [(day(0), 82)]


# --- adherence ------------------------------------------------------------------------------


def test_adherence_counts_planned_dates_with_a_done_set():
    log = lifts((0, [s("goblet-squat", 8, 20)]), (6, [s("goblet-squat", 8, 20, done=False)]), (8, [s(BSS, 8, 10)]))
    result = adherence([day(0), day(3), day(6), day(0), day(10)], log, until=day(9))
    assert (result.planned, result.done, result.missed) == (3, 1, (day(3), day(6)))
    assert result.ratio == pytest.approx(1 / 3)
    assert adherence([], log, day(9)).ratio is None


# --- pain (TRK-3) ---------------------------------------------------------------------------


def test_pain_by_area_tracks_where_soreness_appears_and_stops():
    log = TrainingLog(
        pain=(
            PainNote(day(7), BodyArea.KNEE, 5),
            PainNote(day(0), BodyArea.KNEE, 3),
            PainNote(day(14), BodyArea.KNEE, 2),
            PainNote(day(10), BodyArea.ACHILLES, 4),
            PainNote(day(20), BodyArea.ACHILLES, 0),
            PainNote(day(30), BodyArea.HIP, 2),
        ),
        runs=(RunEntry(day(34), RunType.EASY, 8000, 2400),),
    )
    areas = {a.area: a for a in pain_by_area(log)}
    knee = areas[BodyArea.KNEE]
    assert (knee.first, knee.last, knee.latest, knee.peak) == (day(0), day(14), 2, 5)
    assert knee.series == ((day(0), 3), (day(7), 5), (day(14), 2))
    assert knee.settled  # last note 20 days before the last run
    assert areas[BodyArea.ACHILLES].settled  # latest score 0
    assert not areas[BodyArea.HIP].settled


def test_pain_is_not_settled_at_exactly_fourteen_days():
    log = TrainingLog(pain=(PainNote(day(0), BodyArea.FOOT, 3),), lifts=(LiftSession(day(14), ()),))
    assert not pain_by_area(log)[0].settled


# --- signs it works (TRK-2) and plateaus (PRO-7) --------------------------------------------


def test_a_split_squat_from_65_to_90_lb_in_8_weeks(library):
    log = lifts(
        (0, [s(BSS, 8, 25, LB), s(BSS, 8, 65, LB)]),
        (28, [s(BSS, 8, 75, LB)]),
        (56, [s(BSS, 6, 90, LB)]),
        (0, [s("goblet-squat", 8, 30)]),
        (42, [s("goblet-squat", 8, 25)]),  # lighter: not reported
        (50, [s(RDL, 8, 10)]),
        (60, [s(RDL, 8, 12)]),  # 10 days apart: too soon to tell
    )
    (gain,) = signs_it_works(log, library, LB)
    assert gain.text == "Dumbbell Bulgarian split squat 65 → 90 lb in 8 weeks"
    assert (gain.first, gain.latest, gain.weeks) == (day(0), day(56), 8)
    (in_kg,) = signs_it_works(log, library, KG)
    assert in_kg.text == "Dumbbell Bulgarian split squat 29.5 → 40.8 kg in 8 weeks"


def weekly(exercise: str, weeks: int, weight: float, reps: int) -> list[tuple[int, list[LoggedSet]]]:
    return [(7 * w, [s(exercise, reps, weight)] * 3) for w in range(weeks)]


def test_twelve_weeks_at_the_same_weight_and_reps_is_a_plateau(library):
    (plateau,) = plateaus(lifts(*weekly("goblet-squat", 13, 20, 8)), library, KG)
    assert (plateau.exercise, plateau.weight, plateau.reps, plateau.since) == ("goblet-squat", 20, 8, day(0))
    assert plateau.sessions == 12 and "maintaining, not building" in plateau.note


def test_no_plateau_before_twelve_weeks_or_after_a_change(library):
    assert plateaus(lifts(*weekly("goblet-squat", 12, 20, 8)), library, KG) == ()
    changed = weekly("goblet-squat", 13, 20, 8)
    changed[5] = (35, [s("goblet-squat", 9, 20)])
    assert plateaus(lifts(*changed), library, KG) == ()


def test_no_plateau_when_barely_logged_or_plyometric(library):
    sparse = lifts((0, [s("goblet-squat", 8, 20)]), (80, [s("goblet-squat", 8, 20)]), (84, [s("goblet-squat", 8, 20)]))
    assert plateaus(sparse, library, KG) == ()
    assert plateaus(lifts(*weekly("pogo-hops", 14, 0, 10)), library, KG) == ()


# --- the whole report -----------------------------------------------------------------------


def test_progress_report_is_json_ready_and_stops_at_until(library):
    log = TrainingLog(
        lifts=(
            LiftSession(day(0), (s(BSS, 8, 65, LB),)),
            LiftSession(day(56), (s(BSS, 6, 90, LB),)),
            LiftSession(day(70), (s(BSS, 6, 200, LB),)),  # after `until`: left out
        ),
        runs=(RunEntry(day(1), RunType.EASY, 10000, 3600, 5), RunEntry(day(2), RunType.LONG, 20000, 6000)),
        pain=(PainNote(day(3), BodyArea.KNEE, 2),),
    )
    report = progress_report(log, library, LB, [day(0), day(28), day(56)], until=day(60))
    doc = report_to_dict(report)
    assert json.loads(json.dumps(doc)) == doc
    assert doc["until"] == "2026-03-06" and doc["unit"] == "lb"
    assert doc["gains"][0]["text"] == "Dumbbell Bulgarian split squat 65 → 90 lb in 8 weeks"
    assert doc["records"][0]["heaviest"] == 90.0
    assert doc["records"][0]["best"]["e1rm"] == 108.0  # 90 × (1 + 6/30)
    assert doc["adherence"] == {"planned": 3, "done": 2, "ratio": 0.7, "missed": ["2026-02-02"]}
    # week 1: 60 min at RPE 5 (300) + a 100-min long run at the estimated RPE 5 (500)
    assert doc["running"][0] == {
        "start": "2026-01-05",
        "load": 800.0,
        "runs": 2,
        "distance_m": 30000.0,
        "minutes": 160.0,
    }
    assert len(doc["running"]) == 9 and doc["weekly_sets"][0] == {"start": "2026-01-05", "sets": {"squat": 1}}
    assert doc["pain"][0]["series"] == [["2026-01-08", 2]] and "TRK-2" in doc["why"]


# --- properties -----------------------------------------------------------------------------

sets_strategy = st.lists(
    st.tuples(
        st.integers(0, 120),
        st.floats(0, 200, allow_nan=False),
        st.integers(1, 12),
        st.sampled_from([KG, LB]),
    ),
    min_size=1,
    max_size=40,
)


@given(logged=sets_strategy, unit=st.sampled_from([KG, LB]))
def test_e1rm_records_never_decrease_along_the_pr_list(logged, unit, library):  # TRK-1
    log = lifts(*((n, [s("goblet-squat", reps, w, u)]) for n, w, reps, u in logged))
    series = e1rm_series(log, "goblet-squat", unit)
    (record,) = lift_records(log, library, unit)
    prs = record.prs
    assert all(a.e1rm < b.e1rm and a.date < b.date for a, b in pairwise(prs))
    if series:
        assert record.best == prs[-1] and prs[0] == series[0]
        assert record.best.e1rm == pytest.approx(max(t.e1rm for t in series))
    else:
        assert record.best is None


@given(logged=sets_strategy, unit=st.sampled_from([KG, LB]))
def test_a_gain_is_always_an_increase_over_at_least_two_weeks(logged, unit, library):  # TRK-2
    log = lifts(*((n, [s("goblet-squat", reps, w, u)]) for n, w, reps, u in logged))
    for gain in signs_it_works(log, library, unit):
        assert gain.latest_weight > gain.first_weight and (gain.latest - gain.first).days >= 14
