"""Bad log input is a clear error naming the field, what was expected and what was found."""

from __future__ import annotations

import datetime as dt

import pytest

from runlift.core.errors import InputError, NotFound
from runlift.core.library import BodyArea
from runlift.core.log import (
    BodyWeight,
    LoggedSet,
    PainNote,
    RunEntry,
    check_body_weight,
    check_date,
    check_pain,
    check_run,
    check_set,
)
from runlift.core.profile import RunType, Units

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("logged", "message"),
    [
        (LoggedSet("goblet-squat", 8, -5, Units.LB), "set.weight: expected 0 or more, got -5"),
        (LoggedSet("goblet-squat", 0, 20, Units.KG), "set.reps: expected a whole number from 1 to 100, got 0"),
        (LoggedSet("goblet-squat", 5, 2000, Units.LB), "set.weight: expected at most 500 kg"),
        (LoggedSet("goblet-squat", 5, 20, Units.KG, rpe=14), "set.rpe: expected an RPE from 1 to 10"),
    ],
)
def test_bad_sets(logged, message):
    with pytest.raises(InputError, match=message.replace(".", r"\.")):
        check_set(logged)


def test_dates_in_the_future_are_refused():
    with pytest.raises(InputError, match=r"date: expected today \(2026-11-26\) or earlier, got 2099-01-01"):
        check_date(dt.date(2099, 1, 1), TODAY)


def test_bad_runs_pain_and_weight():
    with pytest.raises(InputError, match=r"run\.distance"):
        check_run(RunEntry(TODAY, RunType.EASY, 0, 1800), TODAY)
    with pytest.raises(InputError, match=r"run\.duration"):
        check_run(RunEntry(TODAY, RunType.EASY, 5000, 10), TODAY)
    with pytest.raises(InputError, match=r"pain\.score: expected 0 \(none\) to 10"):
        check_pain(PainNote(TODAY, BodyArea.KNEE, 11), TODAY)
    with pytest.raises(InputError, match="weight: expected a body weight"):
        check_body_weight(BodyWeight(TODAY, 5, Units.KG), TODAY)


def test_fuzzy_exercise_names(library):
    assert library.find("split squat").id == "split-squat"
    assert library.find("Goblet Squat").id == "goblet-squat"
    assert library.find("gobblet squat").id == "goblet-squat"
    assert library.find("db rdl").id == "db-romanian-deadlift"
    assert library.find("sl rdl").id == "single-leg-rdl"
    with pytest.raises(NotFound, match=r"did you mean: .*banded-pallof-press"):
        library.find("pallof")
    with pytest.raises(NotFound, match="no exercise 'power snatch'"):
        library.find("power snatch")
