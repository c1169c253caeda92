"""The plan as the log shaped it: the season, a week, a day and why (rule by rule); today's gym card;
this week planned beside what was logged; moving a session to another day of its week (and undoing it)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from runlift.web.deps import READ, WRITE, StoreDep, TodayDep, athlete_for
from runlift.web.idempotency import IdempotencyKey, written
from runlift.web.problems import RESPONSES, Problem
from runlift.web.schemas import plan as docs

router = APIRouter(tags=["plan"], responses=RESPONSES)
Reader = Annotated[int, Depends(athlete_for(READ))]
REACH = "At most 104 weeks after today (the longest season runlift plans): a later day is a 422."


def _day(
    day: Annotated[dt.date, Path(description=f"A day of the season. {REACH}", examples=["2026-12-01"])], today: TodayDep
) -> dt.date:
    from runlift.core.adapt import check_within_reach

    check_within_reach(day, today, "day")
    return day


def _date(
    today: TodayDep,
    date: Annotated[
        dt.date | None, Query(description=f"Which day. Default: today. {REACH}", examples=["2026-11-30"])
    ] = None,
) -> dt.date:
    from runlift.core.adapt import check_within_reach

    if date is not None:
        check_within_reach(date, today)
    return date or today


DayPath = Annotated[dt.date, Depends(_day)]
DayQuery = Annotated[dt.date, Depends(_date)]  # the day asked for, or today


def _season(store: StoreDep, athlete_id: int, day: dt.date, show_from: dt.date | None = None) -> Any:
    from runlift.app.plan import shown_plan

    return shown_plan(store, athlete_id, day, show_from)


@router.get("/athletes/{athlete_id}/plan", response_model=docs.Season, summary="The season, from a week on")
def season(
    athlete_id: Reader,
    store: StoreDep,
    today: TodayDep,
    start: Annotated[
        dt.date | None, Query(alias="from", description="Shown from this day's week. Default: this week.")
    ] = None,
) -> Any:
    from runlift.core.serialize import plan_to_dict

    return plan_to_dict(_season(store, athlete_id, today, start or today))


@router.get("/athletes/{athlete_id}/plan/weeks/{day}", response_model=docs.Week, summary="The plan's week of a day")
def plan_week(athlete_id: Reader, store: StoreDep, day: DayPath) -> Any:
    from runlift.core.errors import NotFound
    from runlift.core.serialize import week_to_dict

    week = _season(store, athlete_id, day).week_of(day)
    if week is None:
        raise NotFound("week of the season on", day.isoformat())
    return week_to_dict(week)


@router.get("/athletes/{athlete_id}/plan/days/{day}", response_model=docs.Day, summary="The plan's day")
def plan_day(athlete_id: Reader, store: StoreDep, day: DayPath) -> Any:
    from runlift.core.errors import NotFound
    from runlift.core.serialize import day_to_dict

    week = _season(store, athlete_id, day).week_of(day)
    found = next((d for d in week.days if d.date == day), None) if week else None
    if found is None:
        raise NotFound("day of the season", day.isoformat())
    return day_to_dict(found)


@router.get(
    "/athletes/{athlete_id}/plan/days/{day}/why",
    response_model=docs.Explanation,
    summary="Why the day's session (or one exercise in it) is as it is: the rules, in plain words",
)
def why(
    athlete_id: Reader,
    store: StoreDep,
    day: DayPath,
    exercise: Annotated[
        str | None, Query(max_length=200, description="An exercise of that session (id, name or abbreviation).")
    ] = None,
) -> Any:
    from runlift.app.plan import day_plan
    from runlift.core.explain import explain_day
    from runlift.core.serialize import explanation_to_dict
    from runlift.data import rulebook

    plan = day_plan(store, athlete_id, day)  # a swap made on the day stands in, with its reason (MOD-1)
    return explanation_to_dict(explain_day(plan, rulebook(), day, exercise))


@router.get("/athletes/{athlete_id}/today", response_model=docs.GymCard, summary="The day's gym card")
def today_card(athlete_id: Reader, store: StoreDep, date: DayQuery) -> Any:
    from runlift.app.documents import card_document
    from runlift.app.today import gym_card

    return card_document(gym_card(store, athlete_id, date))


class NextStep(BaseModel):
    exercise: str = Field(description="The exercise done on the day.", examples=["goblet-squat"])
    name: str = Field(examples=["Goblet squat"])
    step: Literal["progress", "hold", "reset", "deload", "regress", "none"] = Field(
        description="progress: more weight or reps (PRO-1/PRO-3); hold: the same (PRO-6); reset: 10 % off after "
        "repeated misses (PRO-6); deload: an easier week (PER-9); regress: a step back on its chain (MOD-1/MOD-2); "
        "none: not in the plan again."
    )
    date: dt.date | None = Field(description="The next session that has it (or its step back).")
    target: str | None = Field(description="Its sets, reps and load there.", examples=["2 × 8–12 · 45 lb"])
    next: docs.Prescription | None = Field(description="Its prescription there.")
    why: list[str] = Field(description="Rule ids behind the step.", examples=[["PRO-1", "PRO-5"]])
    note: str = Field(description="One line to tell the runner.")


class NextTime(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    exercises: list[NextStep]


@router.get(
    "/athletes/{athlete_id}/today/next",
    response_model=NextTime,
    summary="What changes next time for each exercise of the day's session, after what was logged",
)
def today_next(athlete_id: Reader, store: StoreDep, date: DayQuery) -> Any:
    from runlift.app.checkoff import next_time, next_time_document

    return next_time_document(date, next_time(store, athlete_id, date))


@router.get(
    "/athletes/{athlete_id}/week",
    response_model=docs.WeekView,
    summary="A week: the planned sessions beside what was logged, and the running done",
)
def week_view(athlete_id: Reader, store: StoreDep, date: DayQuery) -> Any:
    from runlift.app.documents import week_document
    from runlift.app.week import week

    return week_document(week(store, athlete_id, date))


# --- moving a session to another day of its week (core/moves.py: SCH-3 and what a coach would sign) ---

Writer = Annotated[int, Depends(athlete_for(WRITE))]


class MoveIn(BaseModel):
    day: dt.date = Field(description="The day the session is on now (or the day the plan put it on).")
    to: dt.date = Field(
        description="The day to move it to: today or later, in the same Monday-Sunday week; its planned day "
        "undoes the move.",
        examples=["2026-12-02"],
    )


@router.post(
    "/athletes/{athlete_id}/plan/moves",
    status_code=201,
    response_model=docs.Moved,
    summary="Move a lift session to another day of its week (refused with the reason and rule: SCH-3 …)",
    responses={409: {"model": Problem, "description": "The plan refuses the move: the detail says why (rule id)"}},
)
def move(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, body: MoveIn, key: IdempotencyKey = None
) -> Response:
    from runlift.app.moves import move_session

    def write() -> docs.Moved:
        return _moved(move_session(store, athlete_id, body.day, body.to, today, _now()))

    return written(store, request, key, body, write, athlete_id=athlete_id)


@router.delete(
    "/athletes/{athlete_id}/plan/moves/{day}",
    status_code=200,
    response_model=docs.Moved,
    summary="Undo a move: the session goes back to the day the plan put it on",
)
def undo_move(
    request: Request, athlete_id: Writer, store: StoreDep, today: TodayDep, day: DayPath, key: IdempotencyKey = None
) -> Response:
    from runlift.app.moves import undo_move as undo

    def write() -> docs.Moved:
        return _moved(undo(store, athlete_id, day, today, _now()))

    return written(store, request, key, None, write, status=200, athlete_id=athlete_id)


@router.get(
    "/athletes/{athlete_id}/plan/moves",
    response_model=list[docs.Move],
    summary="The runner's moves of sessions, from a week on",
)
def moves(
    athlete_id: Reader,
    store: StoreDep,
    today: TodayDep,
    start: Annotated[
        dt.date | None, Query(alias="from", description="Sessions planned from this day's week. Default: this week.")
    ] = None,
) -> Any:
    from runlift.app.moves import moves_from

    return [docs.Move(planned=m.planned, to=m.to) for m in moves_from(store, athlete_id, start or today)]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _moved(done: object) -> docs.Moved:
    from runlift.app.moves import Moved

    assert isinstance(done, Moved)
    return docs.Moved(planned=done.planned, day=done.day, moved=done.moved, why=list(done.why), note=done.note)
