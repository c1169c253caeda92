"""The Progress page: the log week by week as charts (uPlot, vendored under static/vendor/uplot), each
with a table beside it for screen readers; the JSON twin is GET /api/v1/athletes/{id}/progress/series."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from runlift.web.deps import StoreDep, TodayDep
from runlift.web.pages.deps import Athlete
from runlift.web.pages.render import page

router = APIRouter(include_in_schema=False)
WINDOWS = (("12 weeks", 12), ("1 year", 52), ("3 years", 156))  # the window links above the charts


@router.get("/a/{athlete_id}/progress", name="progress")
def progress_page(
    request: Request,
    athlete: Athlete,
    store: StoreDep,
    today: TodayDep,
    since: Annotated[dt.date | None, Query(alias="from")] = None,
    until: Annotated[dt.date | None, Query(alias="to")] = None,
) -> Response:
    from runlift.app.progress import progress_series

    series = progress_series(store, athlete.id, today, since, until).document
    last = until or today
    windows = [
        {"label": label, "from": (last - dt.timedelta(weeks=weeks - 1)).isoformat(), "weeks": weeks}
        for label, weeks in WINDOWS
    ]
    return page(
        request,
        "progress.html",
        title="Progress",
        current="progress",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        series=series,
        windows=windows,
        to=last.isoformat(),
    )
