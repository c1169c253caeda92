"""The plan's documents as pydantic models: the shapes of runlift.core.serialize's dictionaries and
runlift.app.documents' (the CLI's --json), so the OpenAPI document describes what the API returns."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Intensity(BaseModel):
    pct_1rm: float | None = Field(None, description="Percent of one-rep max, when the dose is by load.")
    rir: float | int | list[int] | None = Field(None, description="Reps in reserve, when the dose is by effort.")


class Load(BaseModel):
    value: float | None = Field(examples=[40])
    unit: str = Field(examples=["lb"])


class Prescription(BaseModel):
    id: str = Field(examples=["goblet-squat"])
    name: str = Field(examples=["Goblet squat"])
    pattern: str = Field(examples=["squat"])
    role: str = Field(examples=["main"])
    unilateral: bool
    equipment: list[str] = Field(examples=[["dumbbells"]])
    sets: int = Field(examples=[3])
    reps: int | list[int] = Field(examples=[[6, 8]])
    measure: str = Field(examples=["reps"])
    intensity: Intensity
    load: Load | None
    rest_s: int | float = Field(examples=[120])
    foot_contacts: int | None = None
    progression: str
    paired_with: str | None = None
    why: list[str] = Field(description="Rule ids behind it.", examples=[["DOSE-2"]])
    note: str
    cues: list[str]


class Session(BaseModel):
    date: dt.date = Field(examples=["2026-12-01"])
    time: str = Field(examples=["pm"])
    focus: str = Field(examples=["strength"])
    minutes: int = Field(examples=[40])
    lower_body: str
    order: str
    why: list[str]
    notes: list[str]
    warmup: list[str]
    cooldown: list[str]
    exercises: list[Prescription]
    moved_from: dt.date | None = Field(
        None, description="The day the plan put it on, when the runner moved it here (POST …/plan/moves)."
    )


class Run(BaseModel):
    type: str = Field(examples=["tempo"])
    time: str | None = Field(examples=["am"])
    key: bool = Field(description="A key run the lifting is placed around.")


class Day(BaseModel):
    date: dt.date = Field(examples=["2026-12-01"])
    runs: list[Run]
    sessions: list[Session]


class MoveOutcome(BaseModel):
    planned: dt.date = Field(description="The day the plan put the session on.", examples=["2026-12-01"])
    to: dt.date = Field(description="The day the runner moved it to.", examples=["2026-12-03"])
    applied: bool = Field(description="False: the week no longer allows it; the session stays where planned.")
    why: list[str] = Field(examples=[["SCH-3"]])
    note: str


class Week(BaseModel):
    start: dt.date = Field(description="Its Monday.", examples=["2026-11-30"])
    phase: str = Field(examples=["base"])
    deload: bool
    notes: list[str]
    why: list[str]
    days: list[Day]
    moves: list[MoveOutcome] = Field(
        default_factory=list, description="The runner's moves of this week's sessions: applied, or set aside and why."
    )


class Phase(BaseModel):
    name: str = Field(examples=["base"])
    start: dt.date
    end: dt.date


class Season(BaseModel):
    athlete: str = Field(examples=["Maya"])
    start: dt.date = Field(examples=["2026-11-30"])
    phases: list[Phase]
    weeks: list[Week]


class Source(BaseModel):
    key: str
    title: str
    author: str


class Rule(BaseModel):
    id: str = Field(examples=["SCH-1"])
    title: str
    text: str
    plain: str = Field(description="The rule in plain words.")
    sources: list[Source]
    cites: list[str]


class Explanation(BaseModel):
    date: dt.date
    phase: str
    session: Session
    exercise: Prescription | None = Field(description="The exercise asked about, if one was.")
    rules: list[Rule]


class LastSet(BaseModel):
    reps: int
    weight: float
    unit: str
    rir: float | None


class LastTime(BaseModel):
    date: dt.date
    sets: list[LastSet]


class CardItem(BaseModel):
    id: str = Field(examples=["goblet-squat"])
    pick_up: str | None = Field(examples=["40 lb dumbbell"])
    last: LastTime | None = Field(description="The sets of the latest session with this exercise.")


class CardSession(Session):
    card: list[CardItem]


class DayRun(BaseModel):
    type: str | None = Field(examples=["easy"])
    time: str | None = Field(examples=["am"])


class GymCard(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    phase: str | None = Field(examples=["base"])
    notes: list[str] = Field(description="The week's notes, then what the log changed.")
    runs: list[DayRun]
    sessions: list[CardSession]
    next: dt.date | None = Field(description="The next lift day after this one.")


class WeekRun(BaseModel):
    type: str
    distance_m: float
    duration_s: float
    pace_s_per_km: float | None
    load: float


class WeekDay(BaseModel):
    date: dt.date
    planned: list[Session]
    logged_sets: int
    planned_runs: list[Run] = Field(description="The runs the runner's usual week (or a race) puts on the day.")
    runs: list[WeekRun] = Field(description="The runs logged that day.")


class WeekView(BaseModel):
    start: dt.date = Field(description="Its Monday.", examples=["2026-11-30"])
    usual_distance_m: float = Field(description="The runner's usual weekly distance, from the runner's file.")
    phase: str | None
    notes: list[str]
    days: list[WeekDay]
    acwr: float | None = Field(description="Running acute:chronic load ratio (above 1.3 lifting is pulled back).")


class Move(BaseModel):
    planned: dt.date = Field(description="The day the plan put the session on.", examples=["2026-11-30"])
    to: dt.date = Field(description="The day the runner moved it to.", examples=["2026-12-02"])


class Moved(BaseModel):
    planned: dt.date = Field(description="The day the plan put the session on.", examples=["2026-11-30"])
    day: dt.date = Field(description="The day the session is on now.", examples=["2026-12-02"])
    moved: bool = Field(description="False: the session is back on its planned day.")
    why: list[str] = Field(description="The rules the move was checked against.", examples=[["SCH-3"]])
    note: str = Field(description="The one line to tell the runner.")
