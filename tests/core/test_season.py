"""Whole seasons: the seeds' worked examples, determinism, loads and explanations."""

from __future__ import annotations

import datetime as dt

import pytest

from runlift.core.dose import Role
from runlift.core.errors import NotFound, ProfileError
from runlift.core.explain import explain_day
from runlift.core.library import CoreType, Pattern
from runlift.core.periodize import Phase
from runlift.core.schedule import Focus, LowerBody
from runlift.core.season import plan_season
from runlift.core.serialize import plan_to_dict
from tests.conftest import MAYA, START, profile_from

SEED_M = MAYA.replace('pain = ["knee"]', "pain = []").replace('["dumbbells", "band"]', '["dumbbells", "band", "box"]')
SEED_S = """
[athlete]
name = "S"
units = "kg"
bodyweight = 70
lifting_experience = "intermediate"
equipment = ["barbell", "dumbbells", "bench", "box", "band", "cable", "pull-up-bar", "medicine-ball"]
sessions_per_week = 4
session_minutes = 60

[running]
weekly_distance = 60
week = { tue = "tempo:am", thu = "intervals:am", sat = "long:pm" }
"""


def base_week(plan):
    return next(w for w in plan.weeks if w.phase is Phase.BASE and not w.deload and w.sessions)


def test_seed_m_half_marathoner_lifts_monday_and_thursday_with_m_content(library):  # SCH-8
    plan = plan_season(profile_from(SEED_M), library, START)
    for week in plan.weeks:
        if week.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK):
            assert [s.date.strftime("%a") for s in week.sessions] == ["Mon", "Thu"], week.start
    monday, thursday = base_week(plan).sessions
    mon = [p.exercise for p in monday.exercises]
    thu = [p.exercise for p in thursday.exercises]
    assert any(e.pattern is Pattern.SQUAT and not e.unilateral for e in mon)  # squat
    assert any(e.pattern is Pattern.HINGE and "romanian" in e.id for e in mon)  # RDL
    assert any(CoreType.ANTI_FLEXION in e.core_types and "dead-bug" in e.id for e in mon)  # dead bug
    assert any("bulgarian-split-squat" in e.id for e in thu)  # BSS
    assert any(e.pattern is Pattern.CALF and e.unilateral for e in thu)  # SL calf raise
    assert any("pallof" in e.id for e in thu)  # Pallof press
    assert monday.minutes <= 40 and thursday.minutes <= 40


def test_seed_s_split_is_laid_out_without_breaking_sch3(library):  # SCH-7
    profile = profile_from(SEED_S)
    plan = plan_season(profile, library, START, weeks=8)
    week = base_week(plan) if any(w.phase is Phase.BASE for w in plan.weeks) else plan.weeks[1]
    assert sorted(s.focus for s in week.sessions) == [Focus.LOWER, Focus.LOWER, Focus.UPPER, Focus.UPPER]
    key_days = {"Tue", "Thu", "Sat"}
    for s in week.sessions:
        tomorrow = (s.date + dt.timedelta(days=1)).strftime("%a")
        if s.lower_body is LowerBody.HEAVY:
            assert tomorrow not in key_days
    # S's intermediate gets single-leg, contralaterally loaded primaries (SEL-3)
    primaries = [
        p.exercise for s in week.sessions for p in s.exercises if p.role is Role.MAIN and p.exercise.lower_body
    ]
    assert any("contralateral-load" in {t.value for t in e.traits} for e in primaries)


def test_the_same_file_gives_the_same_plan(library):
    a = plan_to_dict(plan_season(profile_from(MAYA), library, START))
    b = plan_to_dict(plan_season(profile_from(MAYA), library, START))
    assert a == b


def test_known_lifts_give_loads_rounded_to_what_the_runner_owns(library):  # PRO-4
    text = SEED_M + "\n[lifts]\ngoblet-squat = { weight = 40, reps = 10 }\n"
    plan = plan_season(profile_from(text), library, START)
    loaded = [p for s in plan.sessions() for p in s.exercises if p.exercise.id == "goblet-squat" and p.load]
    assert loaded
    for p in loaded:
        assert p.load.unit == "lb" and p.load.value % 5 == 0
        assert p.pct_1rm is not None


def test_an_unknown_lift_in_the_file_is_a_profile_error(library):
    with pytest.raises(ProfileError, match=r"lifts\.gobblet-squat: expected an exercise id or name from the library"):
        plan_season(profile_from(SEED_M + "\n[lifts]\ngobblet-squat = { weight = 40, reps = 10 }\n"), library, START)


def test_why_explains_a_session_and_an_exercise(library, rulebook):
    plan = plan_season(profile_from(SEED_M), library, START)
    session = base_week(plan).sessions[1]
    explanation = explain_day(plan, rulebook, session.date)
    ids = {r.id for r in explanation.rules}
    assert {"SCH-2", "SCH-3", "SEL-1", "SEL-2", "DOSE-3"} <= ids
    one = explain_day(plan, rulebook, session.date, "pallof")
    assert one.prescription is not None and "pallof" in one.prescription.exercise.id
    assert {"SEL-7"} <= {r.id for r in one.rules}
    with pytest.raises(NotFound):
        explain_day(plan, rulebook, session.date, "snatch")
    with pytest.raises(NotFound, match="lift session on"):
        explain_day(plan, rulebook, session.date + dt.timedelta(days=1))


def test_knee_pain_steps_back_along_the_chain(library):  # MOD-1, MOD-2
    plan = plan_season(profile_from(MAYA), library, START)
    for s in plan.sessions():
        for p in s.exercises:
            if p.exercise.stresses & {"knee"}:
                assert "MOD-2" in p.why, p.exercise.id
                assert p.note


def test_json_matches_the_issue_shape(library):
    doc = plan_to_dict(plan_season(profile_from(MAYA), library, START))
    assert {"phases", "weeks"} <= set(doc)
    assert set(doc["phases"][0]) >= {"name", "start", "end"}
    week = doc["weeks"][0]
    assert set(week) >= {"start", "phase", "deload", "notes", "days"}
    day = next(d for d in week["days"] if d["sessions"])
    assert set(day) >= {"date", "runs", "sessions"}
    session = day["sessions"][0]
    assert set(session) >= {"time", "focus", "minutes", "lower_body", "order", "why", "warmup", "exercises"}
    exercise = session["exercises"][0]
    assert set(exercise) >= {
        "id",
        "name",
        "pattern",
        "unilateral",
        "equipment",
        "sets",
        "reps",
        "intensity",
        "load",
        "rest_s",
        "foot_contacts",
        "progression",
        "why",
    }
    assert set(exercise["intensity"]) in ({"pct_1rm"}, {"rir"})


def test_frequency_is_discussed_when_it_is_low(library):  # DOSE-1
    one = plan_season(profile_from(MAYA.replace("sessions_per_week = 2", "sessions_per_week = 1")), library, START)
    assert any("DOSE-1" in n for n in one.weeks[0].notes) and "DOSE-1" in one.weeks[0].why
    low = plan_season(profile_from(MAYA.replace("weekly_distance = 35", "weekly_distance = 12")), library, START)
    assert any("third session" in n for n in low.weeks[0].notes)
    usual = plan_season(profile_from(MAYA), library, START)
    assert not any("DOSE-1" in n for n in usual.weeks[0].notes)
