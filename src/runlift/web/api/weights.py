"""/athletes/{id}/units-and-weights: the runner's units (kg/km or lb/mi), the weights they own and their
equipment, read and changed (a change is a new version of the runner's file; app/weights.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from runlift.app.weights import Change, UnitsAndWeights, change_units_and_weights, units_and_weights
from runlift.core.equipment import OwnedWeights
from runlift.core.library import Equipment
from runlift.core.profile import Units
from runlift.web.api.exports import NowDep
from runlift.web.deps import READ, WRITE, StoreDep, TodayDep, athlete_for
from runlift.web.idempotency import IdempotencyKey, written
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["athletes"], responses=RESPONSES)
Reader = Annotated[int, Depends(athlete_for(READ))]
Writer = Annotated[int, Depends(athlete_for(WRITE))]
Weight = Annotated[float, Field(gt=0, le=1000)]
UnitsField = Literal["kg", "lb"]
EquipmentField = Literal[
    "barbell",
    "dumbbells",
    "kettlebell",
    "band",
    "bench",
    "box",
    "pull-up-bar",
    "cable",
    "machines",
    "medicine-ball",
    "fractional-plates",
]


class Weights(BaseModel):
    """What the runner owns, in their units; loads round to these (PRO-4)."""

    dumbbells: list[Weight] = Field(
        default=[], max_length=100, description="Each dumbbell on the rack (per bell).", examples=[[10, 15, 20, 25]]
    )
    kettlebells: list[Weight] = Field(default=[], max_length=100, examples=[[26, 35]])
    bar: Weight | None = Field(default=None, description="The empty barbell.", examples=[45])
    plates: list[Weight] = Field(
        default=[], max_length=100, description="One entry per pair of plates.", examples=[[45, 25, 10]]
    )


class UnitsAndWeightsOut(BaseModel):
    athlete_id: int = Field(examples=[1])
    version: int = Field(description="The version of the runner's file they come from.", examples=[2])
    units: UnitsField = Field(description="Loads in kg or lb.")
    distance_unit: Literal["km", "mi"] = Field(description="Distances follow the units: kg → km, lb → mi.")
    weights: Weights
    equipment: list[EquipmentField] = Field(description="What the plan's exercises may use (the runner's file).")


class UnitsAndWeightsChange(BaseModel):
    units: UnitsField | None = Field(
        default=None,
        description="Other units: body weight, weekly distance, known lifts and weights owned are converted.",
    )
    weights: Weights | None = Field(
        default=None, description="Replaces the weights owned whole, in the (new) units; all empty: none listed."
    )
    equipment: list[EquipmentField] | None = Field(
        default=None,
        max_length=20,
        description="Replaces the equipment list whole ([] is bodyweight only); exercises are chosen from it.",
        examples=[["dumbbells", "band"]],
    )


class Changed(UnitsAndWeightsOut):
    changed: bool = Field(description="False: the runner's file already said so (no new version).")


def _out(found: UnitsAndWeights) -> UnitsAndWeightsOut:
    w = found.weights
    return UnitsAndWeightsOut(
        athlete_id=found.athlete_id,
        version=found.version,
        units="lb" if found.units is Units.LB else "kg",
        distance_unit="mi" if found.units is Units.LB else "km",
        weights=Weights(
            dumbbells=list(w.dumbbells), kettlebells=list(w.kettlebells), bar=w.bar, plates=list(w.plate_pairs)
        ),
        equipment=[e.value for e in Equipment if e in found.equipment],
    )


@router.get("/athletes/{athlete_id}/units-and-weights", summary="The runner's units and the weights they own")
def read_units_and_weights(athlete_id: Reader, store: StoreDep) -> UnitsAndWeightsOut:
    return _out(units_and_weights(store, athlete_id))


@router.patch(
    "/athletes/{athlete_id}/units-and-weights",
    response_model=Changed,
    summary="Change the units, the weights owned or the equipment (a new version of the runner's file)",
)
def change(
    request: Request,
    athlete_id: Writer,
    store: StoreDep,
    day: TodayDep,
    moment: NowDep,
    body: UnitsAndWeightsChange,
    key: IdempotencyKey = None,
) -> Response:
    wanted = Change(
        units=None if body.units is None else Units(body.units),
        weights=None
        if body.weights is None
        else OwnedWeights(
            tuple(body.weights.dumbbells),
            tuple(body.weights.kettlebells),
            body.weights.bar,
            tuple(body.weights.plates),
        ),
        equipment=None if body.equipment is None else frozenset(Equipment(e) for e in body.equipment),
    )

    def write() -> Changed:
        found, changed = change_units_and_weights(store, athlete_id, wanted, day, moment)
        return Changed(**_out(found).model_dump(), changed=changed)

    return written(store, request, key, body, write, status=200, athlete_id=athlete_id)
