"""Next working weights from the log (PRO-1…PRO-6) and the level judged by progress (PRO-5)."""

from __future__ import annotations

import datetime as dt

from runlift.core.dose import Progression
from runlift.core.library import Level
from runlift.core.log import LiftSession, LoggedSet, SetStatus, Side, TrainingLog
from runlift.core.profile import Units
from runlift.core.progress import Outcome, Step, Target, judged_level, next_working_weight, outcomes

D = dt.date(2027, 1, 4)


def history(*hits: bool, weight: float = 50.0) -> list[Outcome]:
    return [Outcome(D + dt.timedelta(weeks=i), weight, hit) for i, hit in enumerate(hits)]


def test_a_beginner_adds_weight_after_every_hit():  # PRO-1, PRO-4, PRO-5
    w = next_working_weight("goblet-squat", history(True), Level.BEGINNER, 5.0, Progression.SINGLE)
    assert w is not None and (w.step, w.load) == (Step.PROGRESS, 55.0)
    assert {"PRO-1", "PRO-4", "PRO-5"} <= set(w.why)


def test_an_intermediate_adds_weight_every_other_hit():  # PRO-5
    once = next_working_weight("x", history(True), Level.INTERMEDIATE, 5.0, Progression.SINGLE)
    twice = next_working_weight("x", history(True, True), Level.INTERMEDIATE, 5.0, Progression.SINGLE)
    assert once is not None and once.step is Step.HOLD and once.load == 50.0
    assert twice is not None and twice.step is Step.PROGRESS and twice.load == 55.0


def test_a_miss_holds_the_weight():  # PRO-6
    w = next_working_weight("x", history(True, False), Level.BEGINNER, 5.0, Progression.SINGLE)
    assert w is not None and (w.step, w.load) == (Step.HOLD, 50.0) and "PRO-6" in w.why


def test_three_misses_reset_ten_percent():  # PRO-6, PER-9
    w = next_working_weight("x", history(True, False, False, False), Level.BEGINNER, 5.0, Progression.SINGLE)
    assert w is not None and (w.step, w.load) == (Step.RESET, 45.0)


def test_double_progression_adds_weight_at_the_top_of_the_range():  # PRO-3
    w = next_working_weight("x", history(True), Level.ADVANCED, 2.0, Progression.DOUBLE)
    assert w is not None and w.step is Step.PROGRESS and "PRO-3" in w.why


def test_progress_moves_along_the_rack_and_stops_at_its_top():  # PRO-4
    rack = (10.0, 15.0, 20.0, 25.0)
    up = next_working_weight("x", history(True, weight=15.0), Level.BEGINNER, 5.0, Progression.SINGLE, rack)
    top = next_working_weight("x", history(True, weight=25.0), Level.BEGINNER, 5.0, Progression.SINGLE, rack)
    assert up is not None and up.load == 20.0
    assert top is not None and top.step is Step.HOLD and top.load == 25.0 and "PRO-8" in top.why


def _session(day: dt.date, weight: float, reps: tuple[int, ...], unit=Units.LB, skipped=False) -> LiftSession:
    status = SetStatus.SKIPPED if skipped else SetStatus.DONE
    return LiftSession(day, tuple(LoggedSet("goblet-squat", r, weight, unit, Side.BOTH, status=status) for r in reps))


def test_outcomes_judge_each_session_against_its_target():
    log = TrainingLog(
        lifts=(
            _session(D, 40, (6, 6)),
            _session(D + dt.timedelta(weeks=1), 45, (6, 5)),
            _session(D + dt.timedelta(weeks=2), 20.4, (6, 6), unit=Units.KG),
        )
    )
    targets = {(D + dt.timedelta(weeks=i), "goblet-squat"): Target(2, 6, Progression.SINGLE, 0.79) for i in range(3)}
    out = outcomes(log, "goblet-squat", Units.LB, targets)
    assert [o.hit for o in out] == [True, False, True]
    assert round(out[2].top_weight, 1) == 45.0  # 20.4 kg shown in the athlete's pounds


def test_a_beginner_who_stalls_progresses_like_an_intermediate():  # PRO-5
    until = D + dt.timedelta(weeks=14)
    weights = [40, 40, 45, 45, 45, 50, 50, 50, 50, 55, 55, 55, 55, 55]
    log = TrainingLog(lifts=tuple(_session(D + dt.timedelta(weeks=i), w, (6, 6)) for i, w in enumerate(weights)))
    level, note = judged_level(log, Level.BEGINNER, until)
    assert level is Level.INTERMEDIATE and "PRO-5" in note
    fast = TrainingLog(lifts=tuple(_session(D + dt.timedelta(weeks=i), 40 + 5 * i, (6, 6)) for i in range(14)))
    assert judged_level(fast, Level.BEGINNER, until)[0] is Level.BEGINNER
