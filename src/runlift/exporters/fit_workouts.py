"""Lift sessions as FIT workout files a Garmin watch loads: a step per set with the exercise's
category and its runlift name, reps (or seconds), the weight target, and a rest step between."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from runlift.core.library import Exercise, Measure, Pattern
from runlift.core.prescribe import Prescription
from runlift.core.season import Session

# Our patterns (and a few ids) → the FIT profile's exercise categories.
CATEGORY_BY_PATTERN: Mapping[Pattern, str] = {
    Pattern.SQUAT: "SQUAT",
    Pattern.HINGE: "DEADLIFT",
    Pattern.HIP_EXTENSION: "HIP_RAISE",
    Pattern.PUSH: "BENCH_PRESS",
    Pattern.PULL: "ROW",
    Pattern.CALF: "CALF_RAISE",
    Pattern.CORE: "CORE",
    Pattern.PLYOMETRIC: "PLYO",
    Pattern.CARRY: "CARRY",
    Pattern.ACCESSORY: "TOTAL_BODY",
}
CATEGORY_BY_WORD: tuple[tuple[str, str], ...] = (
    ("lunge", "LUNGE"),
    ("split-squat", "LUNGE"),
    ("step-up", "LUNGE"),
    ("push-up", "PUSH_UP"),
    ("pull-up", "PULL_UP"),
    ("pulldown", "PULL_UP"),
    ("shoulder-press", "SHOULDER_PRESS"),
    ("overhead-press", "SHOULDER_PRESS"),
    ("plank", "PLANK"),
    ("curl", "CURL"),
    ("triceps", "TRICEPS_EXTENSION"),
    ("lateral-raise", "LATERAL_RAISE"),
    ("leg-curl", "LEG_CURL"),
    ("fly", "FLYE"),
    ("swing", "HIP_SWING"),
)
MAX_NAME = 48  # watches show short step names


def category(exercise: Exercise) -> str:
    for word, name in CATEGORY_BY_WORD:
        if word in exercise.id:
            return name
    return CATEGORY_BY_PATTERN[exercise.pattern]


def session_to_fit(session: Session, name: str, created: dt.datetime) -> bytes:
    """One FIT workout file (file_id, workout, workout_step messages) for one lift session."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = round(created.timestamp() * 1000)
    file_id.serial_number = 0x52554E4C  # "RUNL"
    steps = [step for p in session.exercises for step in _steps(p)]
    for i, step in enumerate(steps):
        step.message_index = i
    workout = WorkoutMessage()
    workout.workout_name = name[:MAX_NAME]
    workout.sport = Sport.TRAINING
    workout.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all(steps)
    return bytes(builder.build().to_bytes())


def _steps(p: Prescription) -> list[Any]:
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import (
        ExerciseCategory,
        Intensity,
        WorkoutStepDuration,
        WorkoutStepTarget,
    )

    reps = p.reps if isinstance(p.reps, int) else p.reps[0]
    sides = 2 if p.exercise.unilateral else 1
    out: list[Any] = []
    for n in range(p.sets):
        step = WorkoutStepMessage()
        step.workout_step_name = f"{p.exercise.name}"[:MAX_NAME]
        step.intensity = Intensity.ACTIVE
        step.exercise_category = ExerciseCategory[category(p.exercise)].value
        if p.exercise.measure is Measure.SECONDS:
            step.duration_type = WorkoutStepDuration.TIME
            step.duration_time = float(reps * sides)
        else:
            step.duration_type = WorkoutStepDuration.REPS
            step.duration_reps = reps * sides
        step.target_type = WorkoutStepTarget.OPEN
        if p.load is not None:
            kg = p.load.value * (0.45359237 if p.load.unit == "lb" else 1.0)
            step.exercise_weight = kg
            step.weight_display_unit = 2 if p.load.unit == "lb" else 1  # FIT fit_base_unit: 1 kilogram, 2 pound

        out.append(step)
        if n < p.sets - 1 or p.paired_with is None:
            rest = WorkoutStepMessage()
            rest.workout_step_name = "Rest"
            rest.intensity = Intensity.REST
            rest.duration_type = WorkoutStepDuration.TIME
            rest.duration_time = float(p.rest_s)
            rest.target_type = WorkoutStepTarget.OPEN
            out.append(rest)
    return out
