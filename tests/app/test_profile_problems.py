"""Every problem of a runner's file at once (runlift.profile_problems.problems), with its line in an upload and the
"did you mean" word (core.errors.closest) that the CLI, the API and the onboarding page all say."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.core.errors import InputError, ProfileError, closest
from runlift.core.profile import parse_profile
from runlift.profile_file import profile_from_text
from runlift.profile_problems import line_of, problems, text_problems
from tests.budget import examples
from tests.conftest import MAYA

DEMO = """\
[athlete]
name = "Maya"
units = "lb"
bodyweight = 135
lifting_experience = "beginner"
equipment = ["dumbbells", "band"]

[running]
weekly_distance = 35
week = { mon = "easy", tue = "rest", wed = "tempo:am", sat = "long" }

[lifts]
goblet-squat = { weight = 40, reps = 10 }

[[race]]
date = 2027-04-18
distance = "half-marathon"

[[race]]
date = 2027-03-07
distance = "10k"
priority = "B"
"""


def test_every_problem_is_found_with_its_field_line_and_close_word():
    bad = (
        DEMO.replace("bodyweight = 135", "bodyweigth = 135")
        .replace('"beginner"', '"beginer"')
        .replace('"dumbbells", "band"', '"dumbells", "band"')
        .replace('sat = "long"', 'sat = "lng"')
        .replace("weight = 40", "weight = -4")
        .replace("date = 2027-03-07", 'date = "march"')
        .replace('priority = "B"', 'priority = "b"')
    )
    doc, found = text_problems(bad, "me.toml")
    assert doc is not None
    said = [(p.field, p.line, p.close) for p in found]
    assert said == [
        ("athlete.bodyweigth", 4, "bodyweight"),
        ("athlete.bodyweight", 1, None),  # left out now: said too (missing), at its table
        ("athlete.lifting_experience", 5, "beginner"),
        ("athlete.equipment[0]", 6, "dumbbells"),
        ("lifts.goblet-squat.weight", 13, None),
        ("running.week.sat", 10, "long"),
        ("race[1].date", 20, None),
        ("race[1].priority", 22, "B"),
    ]
    assert str(found[0]).startswith("line 4: athlete.bodyweigth: unknown key; expected one of age, bodyweight,")
    assert str(found[1]) == "line 1: athlete.bodyweight: expected a positive number, got nothing"
    assert str(found[-1]) == 'line 22: race[1].priority: expected one of "A", "B", "C", got \'b\'; did you mean B?'


def test_a_good_file_has_no_problem_and_bad_toml_is_one_at_its_line():
    assert text_problems(DEMO, "me.toml")[1] == []
    assert problems(tomllib.loads(MAYA)) == []
    doc, found = text_problems(DEMO.replace('units = "lb"', "units = lb"), "me.toml")
    assert doc is None and [(p.field, p.line) for p in found] == [("", 3)]
    assert "me.toml: not valid TOML" in found[0].message


def test_a_hopeless_file_is_said_in_part_and_ends():
    found = problems({"athlete": 3, "running": [], "race": "soon", "x": 1})
    assert [p.field for p in found] == ["x", "athlete", "running", "race"]
    assert problems({}) and len(problems({f"k{i}": i for i in range(100)})) == 40


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("athlete.units", 3),
        ("athlete.equipment[1]", 6),
        ("running.week", 10),
        ("running.week.wed", 10),
        ("running.week.fri", 10),  # not in the file: its table's line, the nearest the file has
        ("race[0].distance", 17),
        ("race[1]", 19),
        ("race[1].priority", 22),
        ("race[2].date", None),
        ("lifts.goblet-squat.reps", 13),
        ("weights.bar", None),
    ],
)
def test_the_line_of_a_field(field: str, line: int | None):
    assert line_of(DEMO, field) == line


def test_the_line_of_a_field_in_a_subtable():
    text = "[athlete]\nname = 'x'\n\n[running.week]\nmon = 'easy'\nsat = 'lng'\n"
    assert line_of(text, "running.week.sat") == 6 and line_of(text, "athlete.name") == 2


def test_did_you_mean_is_the_close_word_only():
    assert closest("lng", ["easy", "long", "tempo"]) == "long"
    assert closest("a", ["A", "B", "C"]) == "A" and closest("KG", ["lb", "kg"]) == "kg"
    assert closest("long", ["easy", "long"]) is None  # right already
    assert closest("zzzz", ["easy", "long"]) is None and closest(7, ["easy"]) is None
    with pytest.raises(InputError, match=r"running.week.sat: .*got 'lng'; did you mean long\?$"):
        profile_from_text(MAYA.replace('sat = "long"', 'sat = "lng"'), "me.toml")  # the CLI's and the API's words
    with pytest.raises(ProfileError, match=r"unknown key; expected one of .*; did you mean units\?$"):
        parse_profile({**tomllib.loads(MAYA), "athlete": {**tomllib.loads(MAYA)["athlete"], "unit": "kg"}})


# --- the first problem is what the profile's check says; none iff it passes ---------------------------

BASE = tomllib.loads(DEMO)
PATHS = [
    ("athlete", "name"),
    ("athlete", "units"),
    ("athlete", "bodyweight"),
    ("athlete", "lifting_experience"),
    ("athlete", "equipment"),
    ("running", "weekly_distance"),
    ("running", "week"),
    ("race",),
    ("lifts",),
]
VALUES = st.one_of(
    st.none(),
    st.integers(-5, 400),
    st.sampled_from(["", "lb", "kg", "lng", "long", "beginer", "rest", "10k", "A", "dumbells"]),
    st.lists(st.sampled_from(["band", "dumbells", "box", 3]), max_size=3),
    st.dictionaries(st.sampled_from(["mon", "sat", "funday"]), st.sampled_from(["easy", "lng", "rest:am"]), max_size=2),
)


@settings(max_examples=examples(200), suppress_health_check=list(HealthCheck), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES), max_size=4))
def test_problems_agree_with_the_profiles_check(changes: list[tuple[tuple[str, ...], Any]]):
    doc = copy.deepcopy(BASE)
    for path, value in changes:
        target = doc
        for key in path[:-1]:
            target = target[key]
        if value is None:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    found = problems(doc)
    try:
        parse_profile(copy.deepcopy(doc))
    except ProfileError as exc:
        assert found and f"{found[0].field}: {found[0].message}" == str(exc)
        assert len({p.field for p in found}) == len(found)  # each field once
    else:
        assert found == []
