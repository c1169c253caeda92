"""/athletes/{athlete_id}/log/…: log the day's session as prescribed, sets of one exercise, a run,
pain, body weight; and swaps (MOD-1). Every write takes an Idempotency-Key and answers the new
items' ids (read, correct or delete them under /log/{kind}/{id})."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from runlift.core.library import BodyArea
from runlift.core.log import SwapReason
from runlift.core.profile import RunType
from runlift.store.repo import Store
from runlift.web.deps import WRITE, StoreDep, TodayDep, athlete_for
from runlift.web.idempotency import IdempotencyKey, written
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["log"], responses=RESPONSES)
Writer = Annotated[int, Depends(athlete_for(WRITE))]
Unit = Literal["lb", "kg"]
Day = Annotated[
    dt.date | None, Field(description="The day it happened: today or earlier. Default: today.", examples=["2026-11-30"])
]


def item_links(kind: str, path: str, id_at: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links of a new item's 201 (for clients and schemathesis's stateful runs): read, correct
    and delete it by the id the answer gave (`id_at`: a JSON pointer into it), under
    /athletes/{athlete_id}/log/{path}/{item_id} (web/api/log_items.py). The operation ids are FastAPI's
    own (`generate_unique_id`: the route's name, its path with the prefix, the method)."""
    from runlift.web import PREFIX

    where = re.sub(r"\W", "_", f"{PREFIX}/athletes/{{athlete_id}}/log/{path}/{{item_id}}")
    parameters = {"athlete_id": "$request.path.athlete_id", "item_id": f"$response.body#{id_at}"}
    links = {
        f"{verb.title()}{kind.title()}": {
            "operationId": f"{verb}_{kind}{where}_{method}",
            "parameters": parameters,
            "description": f"The {kind} just logged, by its id: {verb} it.",
        }
        for verb, method in (("read", "get"), ("correct", "patch"), ("delete", "delete"))
    }
    return {201: {"description": "Logged.", "links": links}}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _day(given: dt.date | None, today: dt.date) -> dt.date:
    from runlift.core.log import check_date

    day = given or today
    check_date(day, today, "date")
    return day


class SessionIn(BaseModel):
    date: Day = None


class SessionLogged(BaseModel):
    session_id: int = Field(examples=[3])
    date: dt.date = Field(examples=["2026-11-30"])
    sets: int = Field(description="Sets logged.", examples=[9])
    set_ids: list[int] = Field(description="The session's sets, in logged order.", examples=[[10, 11, 12]])
    not_logged: list[str] = Field(
        description="Lifts with no known weight yet, left out: log them as sets.", examples=[["Goblet squat"]]
    )


@router.post(
    "/athletes/{athlete_id}/log/sessions",
    status_code=201,
    response_model=SessionLogged,
    summary="Log the day's planned session as prescribed",
    responses=item_links("session", "sessions", "/session_id"),
)
def log_session(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: SessionIn, key: IdempotencyKey = None
) -> Response:
    from runlift.app.lift_log import log_as_prescribed
    from runlift.store.items import set_ids

    def write() -> SessionLogged:
        day = _day(body.date, today)
        done = log_as_prescribed(store, athlete_id, day, _now())
        ids = set_ids(store, athlete_id, done.session_id)
        return SessionLogged(
            session_id=done.session_id, date=day, sets=done.sets, set_ids=ids, not_logged=list(done.not_logged)
        )

    return written(store, request, key, body, write, athlete_id=athlete_id)


class SetsIn(BaseModel):
    date: Day = None
    exercise: str = Field(
        min_length=1, max_length=200, description="An exercise id or name (fuzzy).", examples=["split squat"]
    )
    sets: int = Field(1, ge=1, le=20, description="How many sets like this.", examples=[3])
    reps: int = Field(ge=1, le=100, examples=[8])
    weight: float = Field(0, ge=0, description="External load; 0 for bodyweight.", examples=[40])
    unit: Unit | None = Field(None, description="Default: the runner's units.")
    side: Literal["L", "R", "both"] = "both"
    rir: float | None = Field(None, ge=0, le=10, description="Reps in reserve.", examples=[2])
    rpe: float | None = Field(None, ge=1, le=10)
    skipped: bool = False
    flag: SwapReason | None = Field(
        None, description="It was painful, unsafe, too hard, clunky or shameful: step it back from now on (MOD-1)."
    )


class SetsLogged(BaseModel):
    session_id: int = Field(examples=[3])
    set_ids: list[int] = Field(examples=[[13, 14, 15]])
    date: dt.date
    exercise: str = Field(description="The exercise's id (its loaded version when a weight was given).")
    sets: int
    reps: int
    weight: float
    unit: Unit
    side: Literal["L", "R", "both"]


@router.post(
    "/athletes/{athlete_id}/log/sets",
    status_code=201,
    response_model=SetsLogged,
    summary="Log sets of one exercise",
    responses=item_links("set", "sets", "/set_ids/0"),
)
def log_sets(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: SetsIn, key: IdempotencyKey = None
) -> Response:
    return written(
        store, request, key, body, lambda: sets_logged(store, athlete_id, today, body), athlete_id=athlete_id
    )


def sets_logged(store: Store, athlete_id: int, today: dt.date, body: SetsIn) -> SetsLogged:
    """The sets a SetsIn asks for, logged (app/lift_log.py): the API's answer; Today's set form too."""
    from runlift.app.lift_log import log_named_sets
    from runlift.core.log import Side
    from runlift.core.profile import Units

    day = _day(body.date, today)
    done = log_named_sets(
        store,
        athlete_id,
        day,
        body.exercise,
        body.sets,
        reps=body.reps,
        weight=body.weight,
        unit=Units(body.unit) if body.unit else None,
        side=Side(body.side),
        rir=body.rir,
        rpe=body.rpe,
        skipped=body.skipped,
        flag=body.flag,
        today=today,
        now=_now(),
    )
    return SetsLogged(
        session_id=done.session_id,
        set_ids=list(done.set_ids),
        date=day,
        exercise=done.exercise.id,
        sets=done.count,
        reps=done.logged.reps,
        weight=done.logged.weight,
        unit=done.logged.unit.value,
        side=done.logged.side.value,
    )


class RunIn(BaseModel):
    date: Day = None
    type: RunType = RunType.EASY
    distance_m: float = Field(gt=0, le=400_000, examples=[10000])
    duration_s: float = Field(gt=0, le=48 * 3600, examples=[3150])
    rpe: float | None = Field(None, ge=1, le=10, examples=[7])
    avg_hr: float | None = Field(None, gt=0, le=260, examples=[152])
    again: bool = Field(False, description="Log it even if the same run is logged that day already.")


class RunLogged(BaseModel):
    run_id: int = Field(examples=[5])
    same_as_imported: str | None = Field(
        description="The imported run it is one run with (counted once): its source.", examples=[None]
    )
    date: dt.date
    type: RunType
    distance_m: float
    duration_s: float
    pace_s_per_km: float | None = Field(examples=[315.0])
    rpe: float | None


@router.post("/athletes/{athlete_id}/log/runs", status_code=201, response_model=RunLogged, summary="Log a run")
def log_run(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: RunIn, key: IdempotencyKey = None
) -> Response:
    from runlift.app.runs import log_run as log_a_run
    from runlift.core.log import RunEntry

    def write() -> RunLogged:
        day = _day(body.date, today)
        run = RunEntry(day, body.type, body.distance_m, body.duration_s, body.rpe, body.avg_hr)
        done = log_a_run(store, athlete_id, run, today, _now(), body.again)
        return RunLogged(
            run_id=done.run_id,
            same_as_imported=done.imported.source if done.imported else None,
            date=day,
            type=run.type,
            distance_m=run.distance_m,
            duration_s=run.duration_s,
            pace_s_per_km=round(run.duration_s / (run.distance_m / 1000.0), 1),
            rpe=run.rpe,
        )

    return written(store, request, key, body, write, athlete_id=athlete_id)


class PainIn(BaseModel):
    date: Day = None
    area: BodyArea = Field(examples=["knee"])
    score: int = Field(ge=0, le=10, description="0 (none) to 10 (worst).", examples=[3])


class PainLogged(PainIn):
    id: int = Field(examples=[2])
    date: dt.date


@router.post(
    "/athletes/{athlete_id}/log/pain",
    status_code=201,
    response_model=PainLogged,
    summary="Note pain in an area (3/10 or more keeps exercises that load it out)",
)
def log_pain(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: PainIn, key: IdempotencyKey = None
) -> Response:
    from runlift.app.body import note_pain
    from runlift.core.log import PainNote

    def write() -> PainLogged:
        day = _day(body.date, today)
        item = note_pain(store, athlete_id, PainNote(day, body.area, body.score), today, _now())
        return PainLogged(id=item, date=day, area=body.area, score=body.score)

    return written(store, request, key, body, write, athlete_id=athlete_id)


class WeightIn(BaseModel):
    date: Day = None
    value: float = Field(gt=0, examples=[134.5])
    unit: Unit | None = Field(None, description="Default: the runner's units.")


class WeightLogged(BaseModel):
    id: int = Field(examples=[4])
    date: dt.date
    value: float
    unit: Unit


@router.post(
    "/athletes/{athlete_id}/log/body-weight", status_code=201, response_model=WeightLogged, summary="Log body weight"
)
def log_weight(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: WeightIn, key: IdempotencyKey = None
) -> Response:
    from runlift.app.body import log_weight as log_body_weight
    from runlift.app.season import load_state
    from runlift.core.log import BodyWeight
    from runlift.core.profile import Units

    def write() -> WeightLogged:
        day = _day(body.date, today)
        unit = Units(body.unit) if body.unit else load_state(store, athlete_id).profile.athlete.units
        item = log_body_weight(store, athlete_id, BodyWeight(day, body.value, unit), today, _now())
        return WeightLogged(id=item, date=day, value=body.value, unit=unit.value)

    return written(store, request, key, body, write, athlete_id=athlete_id)


class SwapIn(BaseModel):
    date: Day = None
    exercise: str = Field(min_length=1, max_length=200, description="The exercise to step back (id or name).")
    reason: SwapReason = SwapReason.TOO_HARD


class SwapBackIn(BaseModel):
    date: Day = None
    exercise: str | None = Field(
        None, max_length=200, description="The exercise swapped out, or what stands in for it. Default: the latest."
    )


class Swapped(BaseModel):
    exercise: str = Field(description="The exercise swapped out (or back in).", examples=["db-bulgarian-split-squat"])
    replacement: str | None = Field(description="What stands in its place now.", examples=["bulgarian-split-squat"])
    back: bool = Field(description="True: a swap undone.")
    note: str = Field(description="The one line to tell the runner.")
    kept_out_by_pain: list[BodyArea]


def _swapped(done: object) -> Swapped:
    from runlift.app.swaps import Swapped as Done

    assert isinstance(done, Done)
    return Swapped(
        exercise=done.exercise,
        replacement=done.replacement,
        back=done.back,
        note=done.note,
        kept_out_by_pain=list(done.pain),
    )


@router.post(
    "/athletes/{athlete_id}/swaps",
    status_code=201,
    response_model=Swapped,
    summary="Swap an exercise for a step back on its chain from now on (MOD-1, MOD-2)",
)
def swap(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: SwapIn, key: IdempotencyKey = None
) -> Response:
    return written(store, request, key, body, lambda: swapped(store, athlete_id, today, body), athlete_id=athlete_id)


def swapped(store: Store, athlete_id: int, today: dt.date, body: SwapIn) -> Swapped:
    """The swap a SwapIn asks for, made (app/swaps.py): the API's answer; Today's swap form too."""
    from runlift.app.swaps import swap_named

    return _swapped(swap_named(store, athlete_id, body.exercise, body.reason, _day(body.date, today), today, _now()))


@router.post(
    "/athletes/{athlete_id}/swaps/undo",
    status_code=201,
    response_model=Swapped,
    summary="Undo a swap: the exercise progresses back one step",
)
def undo_swap(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: SwapBackIn, key: IdempotencyKey = None
) -> Response:
    return written(
        store, request, key, body, lambda: swapped_back(store, athlete_id, today, body), athlete_id=athlete_id
    )


def swapped_back(store: Store, athlete_id: int, today: dt.date, body: SwapBackIn) -> Swapped:
    """The swap a SwapBackIn undoes, undone (app/swaps.py): the API's answer; Today's form too."""
    from runlift.app.swaps import undo_swap as undo

    return _swapped(undo(store, athlete_id, body.exercise, _day(body.date, today), _now()))
