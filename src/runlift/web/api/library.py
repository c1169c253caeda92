"""The exercise library (`runlift library`): exercises by pattern, equipment and running specificity,
and one exercise with its regression chain and cues. Not an athlete's: any signed-in caller reads it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from runlift.web.deps import READ, caller_for
from runlift.web.problems import RESPONSES
from runlift.web.schemas import library as docs

router = APIRouter(tags=["library"], responses=RESPONSES, dependencies=[Depends(caller_for(READ))])


@router.get(
    "/library/exercises",
    response_model=list[docs.Exercise],
    summary="The exercises, by pattern, the most running-specific first; filtered by pattern, equipment, words",
)
def exercises(
    pattern: Annotated[
        str | None, Query(max_length=40, description="Only this pattern: squat, hinge, lunge, push, pull, …")
    ] = None,
    equipment: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only what this equipment allows, comma-separated, e.g. dumbbells,band ('none': bodyweight).",
        ),
    ] = None,
    search: Annotated[str | None, Query(max_length=200, description="Words in the id, name or cues.")] = None,
) -> Any:
    from runlift.app.library import catalogue
    from runlift.core.serialize import exercise_to_dict

    return [exercise_to_dict(e) for e in catalogue(pattern, equipment, search)]


@router.get(
    "/library/exercises/{exercise}",
    response_model=docs.ExerciseInFull,
    summary="One exercise: its regression chain (easiest first) and its cues",
)
def exercise(
    exercise: Annotated[
        str, Path(max_length=200, description="An id, name or abbreviation (rdl, bss).", examples=["rdl"])
    ],
) -> Any:
    from runlift.app.library import exercise as find
    from runlift.core.serialize import exercise_to_dict

    found, steps = find(exercise)
    return exercise_to_dict(found) | {"chain": [{"id": s.id, "name": s.name, "skill": s.skill.value} for s in steps]}
