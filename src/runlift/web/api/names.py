"""/athletes/{athlete_id}/imports/names: how the exercise names of the athlete's imports were mapped
(`runlift import --review`), and the runner's corrections (`runlift import --map NAME=EXERCISE`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from runlift.web.deps import READ, WRITE, StoreDep, athlete_for
from runlift.web.idempotency import IdempotencyKey, written
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["imports"], responses=RESPONSES)
Reader = Annotated[int, Depends(athlete_for(READ))]
Writer = Annotated[int, Depends(athlete_for(WRITE))]
WHERE = "/athletes/{athlete_id}/imports/names"


class NameMapping(BaseModel):
    source: str = Field(description="The exercise's name in the export.", examples=["Front Pulldown"])
    exercise: str = Field(description="The exercise its sets went to.", examples=["db-pullover"])
    name: str = Field(description="That exercise's name (the id itself for the runner's own).", examples=["Pullover"])
    how: str = Field(description="exact, alias, fuzzy, custom (none matched) or runner.", examples=["fuzzy"])
    score: float = Field(description="How close the match was, 0-100.", examples=[72.5])


class NameMappings(BaseModel):
    mappings: list[NameMapping]


class Correction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str = Field(min_length=1, max_length=200, examples=["Front Pulldown"])
    exercise: str = Field(
        min_length=1, max_length=120, description="An exercise id or whole name.", examples=["lat-pulldown"]
    )


class Corrections(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mappings: list[Correction] = Field(min_length=1, max_length=200)


class Remapped(BaseModel):
    source: str = Field(examples=["Front Pulldown"])
    exercise: str = Field(examples=["lat-pulldown"])
    sets: int = Field(description="Imported sets moved to it.", examples=[12])


class RemappedNames(BaseModel):
    remapped: list[Remapped]


@router.get(WHERE, response_model=NameMappings, summary="How the exercise names of the imports were mapped")
def review(athlete_id: Reader, store: StoreDep) -> Any:
    from runlift.app.imports import name_mappings
    from runlift.app.library import display_names

    found = name_mappings(store, athlete_id)
    names = display_names(m.exercise for m in found)
    return NameMappings(
        mappings=[
            NameMapping(source=m.source, exercise=m.exercise, name=names[m.exercise], how=m.how, score=m.score)
            for m in found
        ]
    )


@router.post(
    WHERE,
    response_model=RemappedNames,
    summary="Correct mappings: each name's imported sets move to the exercise (all checked before any moves)",
)
def remap(
    request: Request, athlete_id: Writer, store: StoreDep, body: Corrections, key: IdempotencyKey = None
) -> Response:
    from runlift.app.imports import remap_names

    def write() -> RemappedNames:
        pairs = [(c.source, c.exercise) for c in body.mappings]
        moved = remap_names(store, athlete_id, pairs)
        return RemappedNames(remapped=[Remapped(source=r.source, exercise=r.exercise, sets=r.sets) for r in moved])

    return written(store, request, key, body, write, status=200, athlete_id=athlete_id)
