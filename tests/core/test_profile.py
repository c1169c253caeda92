"""The runner's file: the contract's shape parses; every wrong value is a clear ProfileError."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from runlift.core.errors import ProfileError
from runlift.core.library import BodyArea, Equipment, Level
from runlift.core.profile import Distance, Priority, RunType, TimeOfDay, Units, parse_profile
from tests.conftest import MAYA


def test_the_contract_example_parses(maya):
    a = maya.athlete
    assert (a.name, a.units, a.bodyweight, a.level) == ("Maya", Units.LB, 135.0, Level.BEGINNER)
    assert a.equipment == {Equipment.DUMBBELLS, Equipment.BAND}
    assert a.pain == {BodyArea.KNEE}
    assert (a.sessions_per_week, a.session_minutes) == (2, 40)
    wed = maya.running.runs_on(2)
    assert wed[0].type is RunType.TEMPO and wed[0].time is TimeOfDay.AM and wed[0].key
    assert maya.running.runs_on(1) == ()
    race = maya.races[0]
    assert (race.date, race.distance, race.priority) == (dt.date(2027, 4, 18), Distance.HALF, Priority.A)


def test_doubles_numbers_and_bodyweight_in_the_equipment_list():
    text = (
        MAYA.replace('mon = "easy"', 'mon = ["easy:am", "recovery:pm"]')
        .replace('distance = "half-marathon"', "distance = 30")
        .replace('["dumbbells", "band"]', '["bodyweight", "band"]')
    )
    profile = parse_profile(tomllib.loads(text))
    assert [r.type for r in profile.running.runs_on(0)] == [RunType.EASY, RunType.RECOVERY]
    assert profile.races[0].distance is Distance.HALF and profile.races[0].km == 30
    assert profile.athlete.equipment == {Equipment.BAND}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('units = "lb"', 'units = "stone"', """athlete.units: expected "lb" or "kg", got 'stone'"""),
        (
            'lifting_experience = "beginner"',
            'lifting_experience = "pro"',
            "athlete.lifting_experience: expected one of",
        ),
        ('pain = ["knee"]', 'pain = ["elbow"]', "athlete.pain[0]: expected one of"),
        (
            "sessions_per_week = 2",
            "sessions_per_week = 6",
            "athlete.sessions_per_week: expected a whole number from 1 to 4",
        ),
        ("session_minutes = 40", "session_minutes = 10", "athlete.session_minutes: expected a whole number from 15"),
        ("bodyweight = 135", "bodyweight = -3", "athlete.bodyweight: expected a positive number"),
        ("bodyweight = 135", "bodyweight = 2000", "athlete.bodyweight: expected a body weight between"),
        (
            'wed = "tempo:am"',
            'wed = "tempo:noon"',
            """running.week.wed: expected one of "am", "midday", "pm", got 'noon'""",
        ),
        ('wed = "tempo:am"', 'wed = "fartlek"', 'running.week.wed: expected "rest" or a run type'),
        ('wed = "tempo:am"', "wed = 5", "running.week.wed: expected a run like"),
        ('sun = "rest"', 'sun = "rest", funday = "easy"', "running.week.funday: unknown key; expected one of"),
        ('priority = "A"', 'priority = "Z"', "race[0].priority: expected one of"),
        ('distance = "half-marathon"', 'distance = "halfmarathon"', "race[0].distance: expected"),
        ("date = 2027-04-18", 'date = "soon"', "race[0].date: expected a date like 2027-04-18"),
        ("weekly_distance = 35", "weekly_distance = -1", "running.weekly_distance: expected a distance"),
    ],
)
def test_a_wrong_value_names_the_field_what_was_expected_and_what_was_found(old, new, message):
    assert old in MAYA
    with pytest.raises(ProfileError) as err:
        parse_profile(tomllib.loads(MAYA.replace(old, new)))
    assert message in str(err.value)


def test_missing_tables_and_unknown_sections_are_errors():
    with pytest.raises(ProfileError, match="athlete: expected a \\[athlete\\] table"):
        parse_profile({"running": {}})
    with pytest.raises(ProfileError, match="colour: unknown key; expected one of"):
        parse_profile(tomllib.loads(MAYA + "\n[colour]\nx = 1\n"))


def test_known_lifts_are_validated():
    with pytest.raises(ProfileError, match=r"lifts\.goblet-squat\.reps: expected a whole number from 1 to 15"):
        parse_profile(tomllib.loads(MAYA + "\n[lifts]\ngoblet-squat = { weight = 40, reps = 0 }\n"))
