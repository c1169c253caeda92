"""The progress charts' document (core.series.series_to_dict) as pydantic models: weekly columns
aligned to `weeks` (one value a Monday, null where there is nothing to draw) and each lift's points."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from runlift.web.schemas.logbook import Area, Unit


class RunningWeeks(BaseModel):
    distance_m: list[float] = Field(description="Metres run each week.", examples=[[32000, 41500]])
    load: list[float] = Field(description="Foster's session load summed (RPE × minutes).", examples=[[980, 1210.5]])
    runs: list[int] = Field(examples=[[4, 5]])
    acwr: list[float | None] = Field(
        description="Acute:chronic load ratio at the week's end; null until four weeks of running are logged.",
        examples=[[None, 1.12]],
    )
    acwr_spike: float = Field(description="Above this ratio the lifting is pulled back (SCH-6).", examples=[1.3])


class LiftingWeeks(BaseModel):
    sets: list[int] = Field(description="Done sets; a set on each leg counts once.", examples=[[14, 16]])
    tonnage: list[float] = Field(description="Reps × weight of the done sets, in `unit`.", examples=[[5120, 5480]])


class AdherenceWeeks(BaseModel):
    planned: list[int] = Field(description="Lift sessions the plan held, up to today.", examples=[[2, 2]])
    done: list[int] = Field(description="Of those, the days with a done set.", examples=[[2, 1]])
    ratio: list[float | None] = Field(description="done / planned; null when nothing was planned.", examples=[[1, 0.5]])


class E1rmPoint(BaseModel):
    date: dt.date = Field(examples=["2026-11-30"])
    e1rm: float = Field(description="Epley's estimated one-rep max of the day's best set.", examples=[48.0])
    weight: float = Field(examples=[40])
    reps: int = Field(examples=[6])
    pr: bool = Field(description="Beat every earlier day, those before the window included.", examples=[True])


class LiftPoints(BaseModel):
    exercise: str = Field(examples=["goblet-squat"])
    name: str = Field(examples=["Goblet squat"])
    best_before: float | None = Field(description="The best e1RM before the window.", examples=[None])
    points: list[E1rmPoint]


class SideWeeks(BaseModel):
    exercise: str = Field(examples=["db-bulgarian-split-squat"])
    name: str = Field(examples=["Dumbbell Bulgarian split squat"])
    ratio: list[float | None] = Field(
        description="Weaker side / stronger side over the four weeks ending each week; null: not both sides.",
        examples=[[None, 0.92]],
    )
    left: list[float | None] = Field(examples=[[None, 53.3]])
    right: list[float | None] = Field(examples=[[None, 58.0]])
    measure: list[str | None] = Field(description='"e1rm" or "volume" (reps × weight).', examples=[[None, "e1rm"]])
    flag: list[bool] = Field(description="A gap above 10 %.", examples=[[False, False]])


class ProgressSeries(BaseModel):
    """The progress charts' data: week by week from `since` (a Monday) to `until`."""

    since: dt.date = Field(description="The first week's Monday.", examples=["2026-11-23"])
    until: dt.date = Field(description="The last day counted.", examples=["2026-12-01"])
    unit: Unit = Field(description="The runner's unit: every weight here is in it.", examples=["lb"])
    weeks: list[dt.date] = Field(description="Mondays: the x axis of every weekly column.", examples=[["2026-11-23"]])
    running: RunningWeeks
    lifting: LiftingWeeks
    patterns: dict[str, list[int]] = Field(
        description="Done sets per movement pattern each week.", examples=[{"squat": [4, 6], "hinge": [2, 4]}]
    )
    adherence: AdherenceWeeks
    pain: dict[Area, list[int | None]] = Field(
        description="Each area's worst score (0-10) noted each week; null: no note.", examples=[{"knee": [None, 2]}]
    )
    lifts: list[LiftPoints] = Field(description="e1RM per lift and day, rep-counted loaded lifts only.")
    asymmetry: list[SideWeeks] = Field(description="Left vs right on single-side work.")
    why: list[str] = Field(description="Rule ids behind the series.", examples=[["TRK-1", "TRK-3", "SCH-6"]])
