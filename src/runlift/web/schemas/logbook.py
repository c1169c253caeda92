"""The history and progress documents as pydantic models: the shapes of runlift.app.documents'
history_document and core.stats.report_to_dict (what `runlift history --json` and `runlift progress
--json` print), so the OpenAPI document describes what the API returns."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Side = Literal["L", "R", "both"]
Status = Literal["done", "skipped", "warmup"]
Unit = Literal["lb", "kg"]
Area = Literal["knee", "achilles", "hamstring", "hip", "lower-back", "shoulder", "foot"]


# --- history -----------------------------------------------------------------------------------


class LoggedSet(BaseModel):
    exercise: str = Field(
        description="The library's exercise id (or the runner's own name).", examples=["goblet-squat"]
    )
    side: Side = Field(examples=["both"])
    weight: float = Field(description="0 for bodyweight.", examples=[40])
    unit: Unit = Field(examples=["lb"])
    reps: int = Field(examples=[8])
    rir: float | None = Field(description="Reps in reserve.", examples=[2])
    rpe: float | None = Field(examples=[None])
    status: Status = Field(examples=["done"])


class LoggedSession(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    planned: bool = Field(description="A session of the plan (else an extra one).")
    sets: list[LoggedSet]


class LoggedRun(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    type: str = Field(examples=["tempo"])
    distance_m: float = Field(examples=[10000])
    duration_s: float = Field(examples=[3150])
    rpe: float | None = Field(examples=[7])
    avg_hr: float | None = Field(examples=[None])
    source: str = Field(description="manual, or the import it came from.", examples=["manual"])


class LoggedPain(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    area: Area = Field(examples=["knee"])
    score: int = Field(description="0-10.", examples=[2])


class LoggedWeight(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    value: float = Field(examples=[61.2])
    unit: Unit = Field(examples=["kg"])


class LogHistory(BaseModel):
    """Everything logged, oldest first (`runlift history --json`)."""

    lifts: list[LoggedSession]
    runs: list[LoggedRun]
    pain: list[LoggedPain]
    body_weight: list[LoggedWeight]


# --- progress ----------------------------------------------------------------------------------


class TopSet(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    weight: float = Field(description="In the report's unit.", examples=[40])
    reps: int = Field(examples=[6])
    e1rm: float = Field(description="Epley's estimated one-rep max.", examples=[48.0])


class LiftRecord(BaseModel):
    exercise: str = Field(examples=["goblet-squat"])
    name: str = Field(examples=["Goblet squat"])
    best: TopSet | None = Field(description="null when never loaded or not counted in reps.")
    heaviest: float = Field(examples=[40])
    sets: int = Field(examples=[12])
    first: dt.date
    last: dt.date
    prs: list[TopSet] = Field(description="Each day that raised the best e1RM.")


class WeekSets(BaseModel):
    start: dt.date = Field(description="Its Monday.", examples=["2026-11-30"])
    sets: dict[str, int] = Field(description="Done sets by movement pattern.", examples=[{"squat": 6, "hinge": 4}])


class WeekLoad(BaseModel):
    start: dt.date = Field(description="Its Monday.", examples=["2026-11-30"])
    load: float = Field(description="Foster's session load summed (RPE × minutes).", examples=[367.5])
    runs: int = Field(examples=[4])
    distance_m: float = Field(examples=[42000])
    minutes: float = Field(examples=[230])


class Asymmetry(BaseModel):
    exercise: str = Field(examples=["split-squat"])
    name: str = Field(examples=["Split squat"])
    measure: Literal["e1rm", "volume"]
    left: float
    right: float
    ratio: float = Field(description="Weaker side / stronger side, 0-1.", examples=[0.8])
    weaker: Literal["L", "R", "both"] | None
    flag: bool


class PlyoDay(BaseModel):
    date: dt.date
    contacts: int = Field(description="Foot contacts.", examples=[30])


class PlanAdherence(BaseModel):
    planned: int = Field(examples=[8])
    done: int = Field(examples=[7])
    ratio: float | None = Field(description="null when nothing was planned yet.", examples=[0.9])
    missed: list[dt.date]


class AreaPain(BaseModel):
    area: Area = Field(examples=["knee"])
    first: dt.date
    last: dt.date
    latest: int = Field(examples=[2])
    peak: int = Field(examples=[3])
    series: list[tuple[dt.date, int]] = Field(description="[date, score] pairs.", examples=[[["2026-11-30", 2]]])
    settled: bool = Field(description="Two weeks of logging without a note.")


class Gain(BaseModel):
    exercise: str
    name: str
    first: dt.date
    first_weight: float
    latest: dt.date
    latest_weight: float
    weeks: int
    text: str


class Plateau(BaseModel):
    exercise: str
    name: str
    weight: float
    reps: int
    since: dt.date
    sessions: int = Field(description="Sessions in the window.")
    note: str


class ProgressReport(BaseModel):
    """What the log shows as of a day (`runlift progress --json`)."""

    until: dt.date = Field(examples=["2026-11-30"])
    unit: Unit = Field(description="The runner's unit: every weight here is in it.", examples=["lb"])
    records: list[LiftRecord]
    weekly_sets: list[WeekSets]
    running: list[WeekLoad]
    asymmetries: list[Asymmetry]
    plyo: list[PlyoDay]
    adherence: PlanAdherence
    pain: list[AreaPain]
    gains: list[Gain]
    plateaus: list[Plateau]
    why: list[str] = Field(description="Rule ids behind the report.", examples=[["TRK-1", "TRK-2"]])
    acwr: float | None = Field(
        description="Running acute:chronic load ratio; above 1.3 the lifting is pulled back.", examples=[1.1]
    )
