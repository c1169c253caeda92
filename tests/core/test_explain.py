"""`why`'s short answer: the most specific reasons first (core.explain.summarize)."""

from __future__ import annotations

from runlift.core.explain import explain_day, summarize
from runlift.core.season import plan_season
from tests.conftest import MAYA, START, profile_from


def test_a_pain_swap_comes_before_the_day_and_the_generic_choice(library, rulebook):  # MOD-1 first
    plan = plan_season(profile_from(MAYA), library, START)  # knee pain
    session = plan.weeks[0].sessions[0]
    assert any("MOD-1" in p.why for p in session.exercises)
    lines = summarize(explain_day(plan, rulebook, session.date), lines=4)
    assert "knee" in lines[0] and "MOD-1" in lines[0]
    swaps = sum("MOD-1" in line for line in lines)
    assert swaps == sum("MOD-1" in p.why for p in session.exercises)  # every swap said, first
    assert all("MOD-1" in line for line in lines[:swaps])
    assert lines[swaps].endswith("(SCH-3).")  # then where the day falls, before any SEL rule


def test_without_a_swap_the_session_is_explained_by_its_placement(library, rulebook):
    plan = plan_season(profile_from(MAYA.replace('pain = ["knee"]', "pain = []")), library, START)
    session = plan.weeks[0].sessions[0]
    lines = summarize(explain_day(plan, rulebook, session.date), lines=3)
    assert [line.rsplit("(", 1)[1].split("-")[0] for line in lines] == ["SCH", "SCH", "SCH"]


def test_an_exercise_names_its_own_note_then_its_most_specific_rule(library, rulebook):
    plan = plan_season(profile_from(MAYA), library, START)
    session = plan.weeks[0].sessions[0]
    swapped = next(p for p in session.exercises if "MOD-1" in p.why)
    lines = summarize(explain_day(plan, rulebook, session.date, swapped.exercise.id))
    assert lines[0].startswith(swapped.note.rstrip(".")) and "(MOD-1" in lines[0]
    assert not lines[1].endswith(("(SEL-1).", "(SEL-3).", "(SEL-5).")), lines  # not a generic rule first
