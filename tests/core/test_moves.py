"""core/moves.py: every session of whole seasons moved to every other day of its week; a move that is
applied never breaks SCH-3 or the week's limits, and one refused says why and leaves the week alone."""

from __future__ import annotations

import datetime as dt

import pytest

from runlift.core.adjust import Adjustments
from runlift.core.calendar import ONE_DAY, Calendar
from runlift.core.errors import InputError
from runlift.core.moves import apply_moves, check_dates
from runlift.core.periodize import plan_phases
from runlift.core.schedule import LowerBody, schedule_week, strength_first, week_days
from runlift.core.season import heavy_gap, plan_season
from tests.conftest import MAYA, START, profile_from

# a masters runner with a B race mid-block and an A race: mini-tapers, race weeks, recovery
RACER = (
    MAYA.replace('lifting_experience = "beginner"', 'lifting_experience = "intermediate"\nage = 52').replace(
        "sessions_per_week = 2", "sessions_per_week = 3"
    )
    + '\n[[race]]\ndate = 2027-02-14\ndistance = "10k"\npriority = "B"\n'
)


@pytest.mark.parametrize("text", [MAYA, RACER], ids=["maya", "racer"])
def test_every_applied_move_keeps_sch3_and_every_refused_one_says_why(text: str):
    profile = profile_from(text)
    calendar = Calendar(profile.running, profile.races)
    gap = heavy_gap(profile.athlete)
    applied = refused = 0
    for pw in plan_phases(START, 24, profile.races, profile.athlete.level):
        placed = schedule_week(pw.start, calendar, profile.athlete.sessions_per_week, pw.phase, pw.deload, gap).sessions
        days = week_days(pw.start, calendar, pw.phase)
        for session in placed:
            for to in (pw.start + ONE_DAY * i for i in range(7)):
                if to == session.date:
                    continue
                out, (outcome,) = apply_moves(days, placed, {session.date: to}, strength_first(pw.phase), gap)
                moved = [s for s in out if s.moved_from == session.date]
                if not outcome.applied:
                    refused += 1
                    assert out == placed and not moved and outcome.reason and outcome.note, outcome
                    if session.lower_body is LowerBody.HEAVY and calendar.has_key_run(to + ONE_DAY):
                        assert outcome.why == ("SCH-3",) or calendar.race_on(to) or any(s.date == to for s in placed), (
                            outcome
                        )
                    continue
                applied += 1
                (new,) = moved
                assert new.date == to and new.focus is session.focus and new.lower_body is session.lower_body
                assert calendar.race_on(to) is None and sorted(s.date for s in out) == sorted(set(s.date for s in out))
                if new.lower_body is LowerBody.HEAVY:  # SCH-3
                    assert not calendar.has_key_run(to + ONE_DAY), (session, to)
                    for other in out:
                        if other is not new and other.lower_body is LowerBody.HEAVY:
                            apart = abs((other.date - to).days)
                            assert min(apart, 7 - apart) >= gap, (session, to)
                if new.lower_body is not LowerBody.NONE:
                    assert "SCH-3" in outcome.why
    assert applied > 20 and refused > 20


def test_a_move_the_file_no_longer_allows_is_set_aside_with_a_note():
    maya = profile_from(MAYA)
    plan = plan_season(maya, _library(), START, 2, Adjustments(moves={dt.date(2026, 12, 3): dt.date(2026, 12, 2)}))
    assert [s.date for s in plan.weeks[0].sessions] == [dt.date(2026, 11, 30), dt.date(2026, 12, 2)]
    # the runner's file now has intervals on Thursday: heavy legs on Wednesday would break SCH-3
    changed = profile_from(MAYA.replace('thu = "easy"', 'thu = "intervals:am"'))
    plan = plan_season(changed, _library(), START, 2, Adjustments(moves={dt.date(2026, 12, 3): dt.date(2026, 12, 2)}))
    week = plan.weeks[0]
    assert dt.date(2026, 12, 2) not in [s.date for s in week.sessions] and not week.moves[0].applied
    assert week.moves[0].why == ("SCH-3",) and "SCH-3" in week.why
    assert any(n.startswith("Your move of Thu 3 Dec's session to Wed 2 Dec no longer fits") for n in week.notes)


def test_a_moved_session_keeps_its_exercises():
    moves = {dt.date(2026, 12, 3): dt.date(2026, 12, 2)}
    before = plan_season(profile_from(MAYA), _library(), START, 1).weeks[0].sessions
    after = plan_season(profile_from(MAYA), _library(), START, 1, Adjustments(moves=moves)).weeks[0].sessions
    assert [p.exercise.id for p in after[1].exercises] == [p.exercise.id for p in before[1].exercises]
    assert after[1].moved_from == dt.date(2026, 12, 3) and after[0] == before[0]


@pytest.mark.parametrize(
    ("current", "to", "message"),
    [
        ("2026-11-29", "2026-12-01", "day: Sun 29 Nov is past"),
        ("2026-12-03", "2026-11-29", "to: Sun 29 Nov is past"),
        ("2026-12-03", "2026-12-03", "to: the session is on Thu 3 Dec already"),
        ("2026-12-03", "2026-12-07", "to: expected a day of the session's training week (Mon 30 Nov to Sun 6 Dec)"),
    ],
)
def test_the_calendar_limits_of_a_move(current: str, to: str, message: str):
    day = dt.date.fromisoformat(current)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_dates(day, day, dt.date.fromisoformat(to), START)


def _library():
    from runlift.data import library

    return library()
