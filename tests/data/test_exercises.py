"""The exercise library data file: complete, consistent, and strictly validated at load."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from runlift.core.errors import LibraryError
from runlift.core.library import CoreType, Equipment, Level, Library, Pattern, Trait
from runlift.data import parse_library

SEED_EXERCISES = [
    # squats
    "bodyweight-squat",
    "goblet-squat",
    "front-squat",
    "back-squat",
    "box-squat",
    "db-front-load-box-squat",
    # single-leg
    "split-squat",
    "bulgarian-split-squat",
    "db-alternating-step-up",
    "reverse-lunge",
    "walking-lunge",
    # hinges and hip extension
    "conventional-deadlift",
    "romanian-deadlift",
    "db-romanian-deadlift",
    "db-single-leg-rdl-contralateral",
    "single-leg-rdl",
    "hip-thrust",
    "glute-bridge",
    # push and pull
    "push-up",
    "elevated-hands-push-up",
    "bench-press",
    "chest-press-machine",
    "db-single-arm-shoulder-press",
    "overhead-press",
    "supported-db-single-arm-row",
    "db-back-fly",
    "lat-pulldown",
    "pull-up",
    # calf and foot
    "single-leg-calf-raise",
    "toe-raise",
    # core and carries
    "banded-pallof-press",
    "half-kneeling-pallof-press",
    "dead-bug",
    "hanging-knee-raise",
    "side-plank",
    "single-arm-carry",
    "med-ball-rotational-throw",
    "plank",
    # plyometrics
    "single-leg-hops",
    "bounding",
    "pogo-hops",
    # S's accessories
    "leg-extension",
    "leg-curl",
    "db-biceps-curl",
    "db-triceps-extension",
    "band-hip-abduction",
]


def raw() -> dict[str, object]:
    return tomllib.loads(resources.files("runlift.data").joinpath("exercises.toml").read_text())


def test_library_has_at_least_70_exercises(library: Library):
    assert len(library) >= 70


@pytest.mark.parametrize("exercise_id", SEED_EXERCISES)
def test_every_exercise_the_seeds_name_is_in_the_library(library: Library, exercise_id: str):
    assert exercise_id in library


def test_no_olympic_lifts(library: Library):  # SEL-11
    for e in library:
        assert not any(word in f"{e.id} {e.name}".lower() for word in ("snatch", "clean", "jerk")), e.id


def test_chains_link_both_ways_and_stay_in_the_pattern(library: Library):  # MOD-2
    for e in library:
        if e.progression:
            assert library.get(e.progression).regression == e.id
        for step in library.regressions(e.id):
            assert step.pattern is e.pattern


def test_specificity_is_derived_from_traits_not_typed(library: Library):  # SEL-3, SEL-4
    contralateral = library.get("db-single-leg-rdl-contralateral")
    basic = library.get("db-romanian-deadlift")
    assert Trait.CONTRALATERAL_LOAD in contralateral.traits
    assert contralateral.specificity > basic.specificity
    assert "specificity" not in raw()["exercise"][0]  # type: ignore[index]


def test_bodyweight_alone_covers_every_building_block(library: Library):  # SEL-1, SEL-2
    owned: frozenset[Equipment] = frozenset()
    usable = [e for e in library if e.usable_with(owned) and e.skill is Level.NOVICE]
    for pattern in (Pattern.SQUAT, Pattern.HINGE, Pattern.PUSH, Pattern.PULL, Pattern.CALF):
        assert any(e.pattern is pattern for e in usable), pattern
    assert any(CoreType.ANTI_ROTATION in e.core_types and e.pattern is Pattern.CORE for e in usable)
    assert any(e.unilateral and e.pattern in (Pattern.SQUAT, Pattern.HINGE) for e in usable)


def _broken(mutate) -> dict[str, object]:
    doc = copy.deepcopy(raw())
    mutate(doc["exercise"])
    return doc


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda ex: ex[0].update(pattern="squatt"), "pattern: expected one of squat, hinge"),
        (lambda ex: ex[0].pop("cues"), "cues: expected a value"),
        (lambda ex: ex[0].update(equipment=["rowing-machine"]), "equipment[0]: expected one of"),
        (lambda ex: ex[0].update(progression="no-such-exercise"), "progression: expected the id of an exercise"),
        (lambda ex: ex[1].update(id=ex[0]["id"]), "id: expected a unique id"),
        (lambda ex: ex[0].update(unilateral="yes"), "unilateral: expected true or false"),
        (lambda ex: ex[0].update(name="Power clean"), "name: expected no Olympic lifts"),
        (lambda ex: ex[0].update(colour="red"), "colour: expected no such field"),
    ],
)
def test_a_broken_entry_is_a_clear_error_naming_entry_and_field(mutate, message):
    doc = _broken(mutate)
    with pytest.raises(LibraryError) as err:
        parse_library(doc)
    entry = doc["exercise"][0]["id"]  # type: ignore[index]
    assert message in str(err.value)
    assert repr(entry) in str(err.value) or "exercise" in str(err.value)
