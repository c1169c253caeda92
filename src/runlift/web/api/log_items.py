"""/athletes/{athlete_id}/log/{kind}/{item_id}: every logged item by its stable id — read it, correct
it (PATCH: only the fields sent; checked as if logged new; a session: its note), delete it.

(No `from __future__ import annotations` here: the routes are made in a loop, one set per kind, and
FastAPI reads their annotations as objects.)"""

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from runlift.app import log_items
from runlift.core.library import BodyArea
from runlift.core.profile import RunType
from runlift.store.items import Item
from runlift.store.repo import Store
from runlift.web.deps import READ, WRITE, StoreDep, TodayDep, athlete_for
from runlift.web.idempotency import IdempotencyKey, written
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["log"], responses=RESPONSES)
Reader = Annotated[int, Depends(athlete_for(READ))]
Writer = Annotated[int, Depends(athlete_for(WRITE))]
ItemId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The item's id, as logging it returned.")]
Unit = Literal["lb", "kg"]


class Change(BaseModel):
    """A correction: only the fields sent change; `null` clears a field that may be empty."""

    model_config = ConfigDict(extra="forbid")
    CLEARABLE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> "Change":
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.CLEARABLE:
                raise ValueError(f"{name}: expected a value, got null")
        return self


class SetItem(BaseModel):
    id: int = Field(examples=[12])
    session_id: int = Field(examples=[3])
    date: dt.date = Field(examples=["2026-11-30"])
    exercise: str = Field(examples=["goblet-squat"])
    reps: int = Field(examples=[8])
    weight: float = Field(examples=[40])
    unit: Unit
    side: Literal["L", "R", "both"]
    rir: float | None = Field(examples=[2])
    rpe: float | None = Field(examples=[None])
    status: Literal["done", "skipped", "warmup"]


class SetChange(Change):
    CLEARABLE = frozenset({"rir", "rpe"})
    exercise: str | None = Field(None, description="An exercise id or name.", examples=["split-squat"])
    reps: int | None = Field(None, ge=1, le=100, examples=[8])
    weight: float | None = Field(None, ge=0, examples=[45])
    unit: Unit | None = None
    side: Literal["L", "R", "both"] | None = None
    rir: float | None = Field(None, ge=0, le=10, examples=[1])
    rpe: float | None = Field(None, ge=1, le=10)
    status: Literal["done", "skipped"] | None = None


class RunItem(BaseModel):
    id: int = Field(examples=[5])
    date: dt.date = Field(examples=["2026-11-30"])
    type: RunType
    distance_m: float = Field(examples=[10000])
    duration_s: float = Field(examples=[3150])
    rpe: float | None = Field(examples=[7])
    avg_hr: float | None = Field(examples=[152])


class RunChange(Change):
    CLEARABLE = frozenset({"rpe", "avg_hr"})
    date: dt.date | None = None
    type: RunType | None = None
    distance_m: float | None = Field(None, gt=0, examples=[10000])
    duration_s: float | None = Field(None, gt=0, examples=[3150])
    rpe: float | None = Field(None, ge=1, le=10)
    avg_hr: float | None = Field(None, gt=0, le=260)


class PainItem(BaseModel):
    id: int = Field(examples=[2])
    date: dt.date = Field(examples=["2026-11-30"])
    area: BodyArea
    score: int = Field(examples=[3])


class PainChange(Change):
    date: dt.date | None = None
    area: BodyArea | None = None
    score: int | None = Field(None, ge=0, le=10)


class WeightItem(BaseModel):
    id: int = Field(examples=[4])
    date: dt.date = Field(examples=["2026-11-30"])
    value: float = Field(examples=[134.5])
    unit: Unit


class WeightChange(Change):
    date: dt.date | None = None
    value: float | None = Field(None, gt=0, examples=[134])
    unit: Unit | None = None


class SessionItem(BaseModel):
    id: int = Field(examples=[3])
    date: dt.date = Field(examples=["2026-11-30"])
    planned: bool = Field(description="Logged as the plan's session.")
    note: str
    source: str = Field(examples=["manual"])
    sets: list[SetItem]


class SessionChange(Change):
    """A lift session's note (moving a session to another day: POST /plan/moves; its sets: by their ids)."""

    note: str | None = Field(None, max_length=2000, description='Free text; "" clears it.', examples=["felt strong"])


def model_of(out: type[BaseModel], item: Item) -> Any:
    return out.model_validate({**item.values, "id": item.id, "date": item.date})


def session_of(store: Store, athlete_id: int, item: Item) -> SessionItem:
    from runlift.store.items import set_ids

    sets = [model_of(SetItem, log_items.item(store, athlete_id, "set", i)) for i in set_ids(store, athlete_id, item.id)]
    return SessionItem.model_validate({**item.values, "id": item.id, "date": item.date, "sets": sets})


KINDS: list[tuple[str, str, type[BaseModel], type[Change] | None, str]] = [
    ("set", "sets", SetItem, SetChange, "lift set"),
    ("run", "runs", RunItem, RunChange, "run"),
    ("pain", "pain", PainItem, PainChange, "pain note"),
    ("weight", "body-weight", WeightItem, WeightChange, "body weight"),
    ("session", "sessions", SessionItem, SessionChange, "lift session (with its sets)"),
]


def _routes(kind: str, path: str, out: type[BaseModel], change: type[Change] | None, name: str) -> None:
    where = f"/athletes/{{athlete_id}}/log/{path}/{{item_id}}"

    def render(store: Store, athlete_id: int, item: Item) -> Any:
        return session_of(store, athlete_id, item) if kind == "session" else model_of(out, item)

    @router.get(where, response_model=out, summary=f"One {name}", name=f"read_{kind}")
    def read(athlete_id: Reader, item_id: ItemId, store: StoreDep) -> Any:
        return render(store, athlete_id, log_items.item(store, athlete_id, kind, item_id))

    @router.delete(where, status_code=204, summary=f"Delete one {name}", name=f"delete_{kind}")
    def delete(
        request: Request, athlete_id: Writer, item_id: ItemId, store: StoreDep, key: IdempotencyKey = None
    ) -> Response:
        def write() -> None:
            log_items.delete(store, athlete_id, kind, item_id)

        return written(store, request, key, None, write, status=204, athlete_id=athlete_id)

    if change is None:
        return

    def patch(
        request: Request,
        athlete_id: Writer,
        item_id: ItemId,
        store: StoreDep,
        day: TodayDep,
        body: Any,
        key: IdempotencyKey = None,
    ) -> Response:
        def write() -> BaseModel:
            changes = body.model_dump(exclude_unset=True)
            changed = log_items.correct(store, athlete_id, kind, item_id, changes, day)
            return render(store, athlete_id, changed)  # type: ignore[no-any-return]

        return written(store, request, key, body, write, status=200, athlete_id=athlete_id)

    patch.__annotations__["body"] = change
    router.patch(where, response_model=out, summary=f"Correct one {name}", name=f"correct_{kind}")(patch)


for _kind in KINDS:
    _routes(*_kind)


class LogItems(BaseModel):
    """The log between two days with every item's id (newest first): what a history page lists and edits."""

    since: dt.date = Field(examples=["2026-11-03"])
    until: dt.date = Field(examples=["2026-11-30"])
    sessions: list[SessionItem]
    runs: list[RunItem] = Field(description="Runs logged by hand (imported ones: GET …/activities).")
    pain: list[PainItem]
    body_weight: list[WeightItem]


@router.get(
    "/athletes/{athlete_id}/log/items",
    response_model=LogItems,
    summary="Everything logged between two days, with ids to correct or delete each item",
)
def list_items(
    athlete_id: Reader,
    store: StoreDep,
    today: TodayDep,
    since: Annotated[
        dt.date | None, Query(alias="from", description="From this day. Default: four weeks before `to`.")
    ] = None,
    until: Annotated[
        dt.date | None, Query(alias="to", description="To this day. Default: today. At most 366 days.")
    ] = None,
) -> Any:
    found = log_items.listing(store, athlete_id, today, since, until)
    return LogItems(
        since=found.since,
        until=found.until,
        sessions=[
            SessionItem.model_validate(
                {**head.values, "id": head.id, "date": head.date, "sets": [model_of(SetItem, s) for s in sets]}
            )
            for head, sets in found.listed.sessions
        ],
        runs=[model_of(RunItem, r) for r in found.listed.runs],
        pain=[model_of(PainItem, p) for p in found.listed.pain],
        body_weight=[model_of(WeightItem, w) for w in found.listed.weights],
    )
