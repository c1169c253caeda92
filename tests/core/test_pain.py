"""Pain as modified loading (MOD-1, MOD-2, TRK-3): today's session, graded steps back along the
exercise's own chain, and a graded return. Focused examples, then a property test per class."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from runlift.core.adapt import adapt_season
from runlift.core.calendar import monday_of
from runlift.core.dose import Role
from runlift.core.library import BodyArea, Exercise, Library, Pattern
from runlift.core.log import LiftSession, LoggedSet, PainNote, Side, TrainingLog
from runlift.core.pain import PLYO_RETURN_LINKS, PainCourse
from runlift.core.profile import Profile, Units
from runlift.core.season import SeasonPlan, Session
from tests.budget import examples
from tests.conftest import MAYA, START, profile_from
from tests.core import test_properties as props

LIBRARY = props.LIBRARY
BY_NAME = {e.name: e for e in LIBRARY}

# a beginner with dumbbells, a band and a box: every knee and Achilles step is in reach
KIT = MAYA.replace('pain = ["knee"]', "pain = []").replace('["dumbbells", "band"]', '["dumbbells", "band", "box"]')
MON, THU = START, START + dt.timedelta(days=3)  # her lift days


def coach_links(score: int) -> int:
    """The coach's table (docs/rules/mod.md), written out so the test does not read the engine's."""
    return 0 if score >= 7 else 1 if score >= 5 else 2


def height(library: Library, e: Exercise, profile: Profile) -> int:
    """Links between an exercise and its chain's root, counting only steps the runner can do."""
    return sum(1 for x in library.regressions(e.id) if x.usable_with(profile.athlete.equipment))


def session(plan: SeasonPlan, day: dt.date) -> Session:
    return next(s for s in plan.sessions() if s.date == day)


def ids(s: Session) -> set[str]:
    return {p.exercise.id for p in s.exercises}


def plan_with(notes: tuple[PainNote, ...], today: dt.date, text: str = KIT) -> SeasonPlan:
    log = TrainingLog(pain=notes)
    return adapt_season(profile_from(text), LIBRARY, log.before_session(today), START, today, show_from=today).plan


# --- focused ---------------------------------------------------------------------------


def test_the_pain_threshold_is_three():  # MOD-1
    course = PainCourse((PainNote(MON, BodyArea.KNEE, 3),))
    assert course.active(MON) == {BodyArea.KNEE}
    assert PainCourse((PainNote(MON, BodyArea.KNEE, 2),)).active(MON) == frozenset()
    assert ids(session(plan_with((PainNote(MON, BodyArea.KNEE, 3),), MON), MON)) != ids(
        session(plan_with((), MON), MON)
    )


def test_knee_pain_keeps_quad_work_stepped_back_by_the_score():  # MOD-1, MOD-2
    usual_mon, usual_thu = ids(session(plan_with((), MON), MON)), ids(session(plan_with((), MON), THU))
    assert "goblet-squat" in usual_mon and "db-bulgarian-split-squat" in usual_thu
    expected = {
        4: ("box-squat", "partial-split-squat"),  # partial range
        6: ("spanish-squat", "band-terminal-knee-extension"),  # an isometric with the band, TKE
        8: ("wall-sit", "split-squat-hold"),  # isometrics only
    }
    for score, (mon, thu) in expected.items():
        plan = plan_with((PainNote(MON, BodyArea.KNEE, score),), MON)
        assert mon in ids(session(plan, MON)), score
        assert thu in ids(session(plan, THU)), score
        for s in (session(plan, MON), session(plan, THU)):
            for p in s.exercises:
                if BodyArea.KNEE in p.exercise.stresses and p.role is not Role.PLYOMETRIC:
                    assert {"MOD-1", "MOD-2"} <= set(p.why) and "knee" in p.note


def test_achilles_pain_steps_back_a_few_links_not_to_the_bottom():  # MOD-2
    assert "db-single-leg-calf-raise" in ids(session(plan_with((), MON), THU))
    mild = ids(session(plan_with((PainNote(MON, BodyArea.ACHILLES, 4),), MON), THU))
    assert "slow-heavy-calf-raise" in mild and "isometric-calf-hold" not in mild
    assert "isometric-calf-hold" in ids(session(plan_with((PainNote(MON, BodyArea.ACHILLES, 8),), MON), THU))


def test_pain_logged_today_changes_todays_session():  # MOD-1
    note = PainNote(MON, BodyArea.KNEE, 6)
    log = TrainingLog(pain=(note,))
    assert log.before_session(MON).pain == (note,)
    assert (
        log.before_session(MON).lifts == ()
        and TrainingLog(lifts=(LiftSession(MON, ()),)).before_session(MON).lifts == ()
    )
    today = ids(session(plan_with((note,), MON), MON))
    assert "goblet-squat" not in today and "spanish-squat" in today


def test_return_climbs_a_link_a_week_from_the_step_held():  # MOD-2, TRK-3
    notes = (PainNote(MON, BodyArea.KNEE, 8), PainNote(MON + dt.timedelta(days=7), BodyArea.KNEE, 1))
    course = PainCourse(notes)
    assert course.active(MON + dt.timedelta(days=6)) == {BodyArea.KNEE}
    links = [course.limits(MON + dt.timedelta(weeks=w, days=7))[BodyArea.KNEE].links for w in range(4)]
    assert links == [1, 2, 3, 4]
    # better but still hurting: one link up, not straight to the milder score's stage
    better = PainCourse((notes[0], PainNote(MON + dt.timedelta(days=3), BodyArea.KNEE, 3)))
    assert better.limits(MON + dt.timedelta(days=3))[BodyArea.KNEE].links == 1
    worse = PainCourse((PainNote(MON, BodyArea.KNEE, 3), PainNote(MON + dt.timedelta(days=3), BodyArea.KNEE, 8)))
    assert worse.limits(MON + dt.timedelta(days=3))[BodyArea.KNEE].links == 0


def test_an_area_in_the_file_counts_until_the_log_says_it_settled():  # MOD-1
    text = KIT.replace("pain = []", 'pain = ["knee"]')
    assert "goblet-squat" not in ids(session(plan_with((), MON, text), MON))
    settled = plan_with((PainNote(MON, BodyArea.KNEE, 0),), MON, text)
    assert "goblet-squat" not in ids(session(settled, MON))  # a link a week back up
    later = plan_with((PainNote(MON, BodyArea.KNEE, 0),), MON + dt.timedelta(weeks=6), text)
    assert any("goblet-squat" in ids(s) for s in later.sessions())


def test_the_first_session_back_is_no_heavier_than_before_the_pain():  # MOD-2
    lifts = tuple(
        LiftSession(MON + dt.timedelta(weeks=w), (LoggedSet("goblet-squat", 6, 40 + 5 * w, Units.LB),) * 2)
        for w in range(2)
    )
    pain = (
        PainNote(MON + dt.timedelta(weeks=1, days=1), BodyArea.KNEE, 5),
        PainNote(MON + dt.timedelta(weeks=2), BodyArea.KNEE, 0),
    )
    today = MON + dt.timedelta(weeks=2)
    adapted = adapt_season(profile_from(KIT), LIBRARY, TrainingLog(lifts=lifts, pain=pain), START, today)
    assert adapted.working["goblet-squat"].load == 45
    back = next(
        p for s in adapted.plan.sessions() if s.date >= today for p in s.exercises if p.exercise.id == "goblet-squat"
    )
    assert back.load is not None and back.load.value <= 45
    assert "no increase" in adapted.working["goblet-squat"].note


# --- properties, one per class -----------------------------------------------------------

AREAS = st.sampled_from([BodyArea.KNEE, BodyArea.ACHILLES, BodyArea.HAMSTRING, BodyArea.HIP])


def _lower_sessions(plan: SeasonPlan, since: dt.date, days: int) -> list[Session]:
    return [s for s in plan.sessions() if since <= s.date < since + dt.timedelta(days=days) and s.exercises]


@settings(max_examples=examples(45))
@given(runner=props.runners(pain=False), area=AREAS, score=st.integers(3, 10), offset=st.integers(0, 20))
def test_property_pain_is_modified_loading_not_removal(runner, area, score, offset):  # MOD-1, MOD-2
    """Every exercise that loads a painful area sits at most the score's links above its chain's
    root; jumps that load it are out; and a pattern that loaded it without pain still does with it."""
    profile, start = runner
    today = start + dt.timedelta(days=offset)
    log = TrainingLog(pain=(PainNote(today, area, score),))
    plain = adapt_season(profile, LIBRARY, TrainingLog().before_session(today), start, today, show_from=today).plan
    hurt = adapt_season(profile, LIBRARY, log.before_session(today), start, today, show_from=today).plan
    links = coach_links(score)
    for s in _lower_sessions(hurt, today, 14):
        for p in s.exercises:
            if area not in p.exercise.stresses:
                continue
            assert p.exercise.pattern is not Pattern.PLYOMETRIC, (s.date, p.exercise.id)
            assert "MOD-1" in p.why, (s.date, p.exercise.id)
            if p.exercise.regression is not None:
                assert height(LIBRARY, p.exercise, profile) <= links, (s.date, p.exercise.id, score)
    for s in _lower_sessions(hurt, today, 14):
        for p in s.exercises:
            if ", which loads the" in p.note and p.exercise.pattern is not Pattern.PLYOMETRIC:
                # a pain-free swap only where the usual exercise has no easier step to go to
                usual = BY_NAME[p.note.split(" instead of ")[1].split(", which loads")[0]]
                assert height(LIBRARY, usual, profile) == 0, (s.date, p.exercise.id, usual.id)
            # "X instead of Y: knee pain, so a step back …": exactly the score's link, not the bottom
            if area in p.exercise.stresses and " pain, so a step back" in p.note:
                usual = BY_NAME[p.note.split(" instead of ")[1].split(": ")[0]]
                expected = min(links, height(LIBRARY, usual, profile) - 1)
                assert height(LIBRARY, p.exercise, profile) == expected, (s.date, p.exercise.id, usual.id, score)
    for week in plain.weeks[:2]:
        after = [p for s in hurt.weeks[plain.weeks.index(week)].sessions for p in s.exercises]
        for pattern in (Pattern.SQUAT, Pattern.CALF):
            kept = [
                p
                for s in week.sessions
                for p in s.exercises
                if p.exercise.pattern is pattern and area in p.exercise.stresses
            ]
            if kept and all(height(LIBRARY, p.exercise, profile) for p in kept):
                assert any(p.exercise.pattern is pattern for p in after), (
                    week.start,
                    pattern,
                    [p.exercise.id for p in after],
                )


@settings(max_examples=examples(45))
@given(runner=props.runners(pain=False), area=AREAS, score=st.integers(3, 10), week=st.integers(0, 8))
def test_property_pain_logged_on_a_lift_day_changes_that_days_session(runner, area, score, week):  # MOD-1
    profile, start = runner
    base = props.plan_season(profile, LIBRARY, start, week + 1)
    days = [s.date for s in base.weeks[-1].sessions if any(area in p.exercise.stresses for p in s.exercises)]
    if not days:
        return
    day = days[0]
    log = TrainingLog(pain=(PainNote(day, area, score),))
    plan = adapt_season(profile, LIBRARY, log.before_session(day), start, day, show_from=day).plan
    for p in session(plan, day).exercises:
        if area in p.exercise.stresses:
            assert "MOD-1" in p.why, (day, p.exercise.id)


@settings(max_examples=examples(45))
@given(
    runner=props.runners(pain=False),
    area=AREAS,
    score=st.integers(3, 10),
    hurt_for=st.integers(1, 20),
    settled=st.integers(0, 2),
    after=st.integers(0, 40),
    weight=st.sampled_from([20.0, 35.0, 50.0]),
)
def test_property_return_is_graded(runner, area, score, hurt_for, settled, after, weight):  # MOD-2, TRK-3
    """The area stays painful until a lower score; then exercises loading it climb at most a link a
    week from the step held, jumps wait, and loads are no heavier than before the pain."""
    profile, start = runner
    pain_day = start + dt.timedelta(days=14)
    settle_day = pain_day + dt.timedelta(days=hurt_for)
    today = settle_day + dt.timedelta(days=after)
    loaded = [e.id for e in LIBRARY if area in e.stresses and e.externally_loaded]
    # a barbell lift is never lighter than the empty bar (45 lb / 20 kg)
    bar = 45.0 if profile.athlete.units.value == "lb" else 20.0
    logged = {x: max(weight, bar) if LIBRARY.get(x).barbell else weight for x in loaded}
    lifts = tuple(
        LiftSession(
            start + dt.timedelta(days=d), tuple(LoggedSet(x, 12, logged[x], profile.athlete.units) for x in loaded)
        )
        for d in (0, 7)
    )
    notes = (PainNote(pain_day, area, score), PainNote(settle_day, area, settled))
    course = PainCourse(notes)
    assert area in course.active(settle_day - dt.timedelta(days=1))
    assert area not in course.active(settle_day)
    log = TrainingLog(lifts=lifts, pain=notes)
    adapted = adapt_season(profile, LIBRARY, log.before_session(today), start, today, show_from=today)
    for x in loaded:
        assert x not in adapted.working or adapted.working[x].load <= logged[x] + 1e-6, x
    held = coach_links(score)
    for s in _lower_sessions(adapted.plan, today, 21):
        weeks = (monday_of(s.date) - monday_of(settle_day)).days // 7
        for p in s.exercises:
            if area not in p.exercise.stresses:
                continue
            if p.exercise.pattern is Pattern.PLYOMETRIC:
                assert held + 1 + weeks >= PLYO_RETURN_LINKS, (s.date, p.exercise.id)
            elif p.exercise.regression is not None:
                assert height(LIBRARY, p.exercise, profile) <= held + 1 + weeks, (s.date, p.exercise.id)
            if p.load is not None and p.exercise.id in loaded and s.date < today + dt.timedelta(days=7):
                assert p.load.value <= logged[p.exercise.id] + 1e-6, (s.date, p.exercise.id, p.load)


def test_the_log_before_a_session_holds_todays_pain_not_todays_lifts():  # MOD-1 (what the CLI plans from)
    note = PainNote(MON, BodyArea.KNEE, 5)
    lift = LiftSession(MON, (LoggedSet("goblet-squat", 6, 40.0, Units.LB, Side.BOTH),))
    log = TrainingLog(lifts=(lift,), pain=(note, PainNote(MON + dt.timedelta(days=1), BodyArea.HIP, 5)))
    assert log.before_session(MON) == TrainingLog(pain=(note,))
