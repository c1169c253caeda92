"""The log read back: everything logged (the CLI's `runlift history --json`) and what it shows as of a
day (`runlift progress --json`), the same documents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from runlift.web.deps import READ, StoreDep, TodayDep, athlete_for
from runlift.web.problems import RESPONSES
from runlift.web.schemas import charts, logbook

router = APIRouter(tags=["history"], responses=RESPONSES)
Reader = Annotated[int, Depends(athlete_for(READ))]


@router.get(
    "/athletes/{athlete_id}/history",
    response_model=logbook.LogHistory,
    summary="Everything logged, oldest first: lift sessions with their sets, runs, pain, body weight",
)
def history(
    athlete_id: Reader,
    store: StoreDep,
    since: Annotated[dt.date | None, Query(description="Only what was logged from this day on.")] = None,
) -> Any:
    from runlift.app.documents import history_document
    from runlift.app.history import history as logged

    return history_document(logged(store, athlete_id, since).log)


@router.get(
    "/athletes/{athlete_id}/progress",
    response_model=logbook.ProgressReport,
    summary="What the log shows: PRs, gains, plateaus, asymmetry, adherence, running load, pain",
)
def progress(
    athlete_id: Reader,
    store: StoreDep,
    today: TodayDep,
    until: Annotated[dt.date | None, Query(description="As of this day. Default: today.")] = None,
) -> Any:
    from runlift.app.progress import progress as report
    from runlift.core.limits import check_year

    day = until or today
    check_year("until", day)  # 1900 to 2200: beyond, the season's date arithmetic overflows
    return report(store, athlete_id, day).document


@router.get(
    "/athletes/{athlete_id}/progress/series",
    response_model=charts.ProgressSeries,
    summary="The progress charts' data week by week: e1RM points with PRs, running and ACWR, lifting, pain",
)
def progress_series(
    athlete_id: Reader,
    store: StoreDep,
    today: TodayDep,
    since: Annotated[
        dt.date | None,
        Query(alias="from", description="From this day's week (its Monday). Default: 52 weeks to `to`."),
    ] = None,
    until: Annotated[
        dt.date | None, Query(alias="to", description="To this day. Default: today. At most 156 weeks after `from`.")
    ] = None,
) -> Any:
    from runlift.app.progress import progress_series as series

    return series(store, athlete_id, today, since, until).document
