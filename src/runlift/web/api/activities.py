"""GET /api/v1/athletes/{id}/activities: the imported activities, newest first, a page at a time
(the CLI's `runlift activities --json`, the same fields)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from runlift.app.imports import ListedActivity
from runlift.web.deps import READ, StoreDep, athlete_for
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["activities"], responses=RESPONSES)


class ActivityOut(BaseModel):
    id: int = Field(examples=[42])
    start: dt.datetime
    sport: str = Field(examples=["running"])
    name: str
    distance_m: float | None
    moving_s: float | None
    elapsed_s: float | None
    pace_s_per_km: float | None = Field(description="Runs only: moving (else elapsed) time per km.")
    avg_hr: float | None
    max_hr: float | None
    ascent_m: float | None
    source: str = Field(description="fit, gpx, tcx or strava.", examples=["fit"])
    sha256: str = Field(description="The source file's content hash.")
    held: str | None = Field(description="Why a run is left out of the running load until confirmed; null: counted.")


class ActivityPage(BaseModel):
    items: list[ActivityOut]
    next: str | None = Field(description="The next page's URL; null on the last page.")


def _out(s: ListedActivity) -> ActivityOut:
    a = s.activity
    time = a.moving_s or a.elapsed_s
    run = "run" in a.sport.lower()
    pace = round(time / (a.distance_m / 1000), 1) if run and time and a.distance_m else None
    return ActivityOut(
        id=s.id,
        start=a.start,
        sport=a.sport,
        name=a.name,
        distance_m=a.distance_m,
        moving_s=a.moving_s,
        elapsed_s=a.elapsed_s,
        pace_s_per_km=pace,
        avg_hr=a.avg_hr,
        max_hr=a.max_hr,
        ascent_m=a.ascent_m,
        source=a.source_format,
        sha256=s.sha256,
        held=s.held,
    )


@router.get("/athletes/{athlete_id}/activities", summary="Imported activities, newest first", responses=RESPONSES)
def list_activities(
    athlete_id: Annotated[int, Depends(athlete_for(READ))],
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500, description="Activities per page.")] = 50,
    before: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="The page after this activity id (from `next`).")
    ] = None,
    since: Annotated[dt.date | None, Query(description="Only activities from this day on.")] = None,
) -> ActivityPage:
    from runlift.app.imports import activity_page

    page = activity_page(store, athlete_id, limit, before, since)
    following = None
    if page.next_before is not None:
        following = f"/api/v1/athletes/{athlete_id}/activities?limit={limit}&before={page.next_before}"
        if since is not None:
            following += f"&since={since.isoformat()}"
    return ActivityPage(items=[_out(s) for s in page.items], next=following)
