"""The Log page (what was logged, by day, newest first: sessions with their sets, runs, pain, body
weight, each correctable or deletable through the JSON API's /log/… routes) and the Import page (drop
files or a zip into POST …/imports, the job's progress, the exercise-name review)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from runlift.core.library import BodyArea
from runlift.core.profile import RunType
from runlift.web.deps import StoreDep, TodayDep
from runlift.web.pages.deps import Athlete
from runlift.web.pages.render import page

router = APIRouter(include_in_schema=False)
AREAS = tuple(a.value for a in BodyArea)  # the log's choices are the core's words
RUN_TYPES = tuple(r.value for r in RunType)


@router.get("/a/{athlete_id}/log", name="history")
def log_page(
    request: Request,
    athlete: Athlete,
    store: StoreDep,
    today: TodayDep,
    since: Annotated[dt.date | None, Query(alias="from")] = None,
    until: Annotated[dt.date | None, Query(alias="to")] = None,
) -> Response:
    from runlift.app.log_items import listing

    found = listing(store, athlete.id, today, since, until)
    earlier_to = found.since - dt.timedelta(days=1)
    return page(
        request,
        "history.html",
        title="Log",
        current="history",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        listing=found,
        days=found.days(),
        miles=found.units.value == "lb",
        earlier={"from": (earlier_to - dt.timedelta(weeks=4) + dt.timedelta(days=1)).isoformat(), "to": earlier_to},
        areas=AREAS,
        run_types=RUN_TYPES,
    )


@router.get("/a/{athlete_id}/import", name="import")
def import_page(request: Request, athlete: Athlete, store: StoreDep) -> Response:
    from runlift.app.imports import name_mappings

    return page(
        request,
        "import.html",
        title="Import",
        current="history",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        mappings=name_mappings(store, athlete.id),
    )
