"""The Season page: the phase strip, the weeks of the plan with runs, lifts, races and deloads, today
marked; a coming session can be moved to another day of its week (refused with the reason: SCH-3 …)
through the JSON API (POST/DELETE /api/v1/athletes/{id}/plan/moves), from static/js/season.js."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from runlift.web.deps import StoreDep, TodayDep
from runlift.web.pages.deps import Athlete
from runlift.web.pages.render import page

router = APIRouter(include_in_schema=False)


@router.get("/a/{athlete_id}/season", name="season")
def season(
    request: Request,
    athlete: Athlete,
    store: StoreDep,
    today: TodayDep,
    start: Annotated[dt.date | None, Query(alias="from", description="Shown from this day's week.")] = None,
) -> Response:
    from runlift.app.season_view import season_view

    view = season_view(store, athlete.id, today, start)
    return page(
        request,
        "season.html",
        title="Season",
        current="season",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        view=view,
        strip=phase_strip(view),
    )


def phase_strip(view: object) -> dict[str, object]:
    """The phase strip's SVG geometry, in weeks (x) across the season: one band a phase, today's line."""
    from runlift.app.season_view import SeasonView

    assert isinstance(view, SeasonView)
    bands: list[dict[str, object]] = []
    total = 0.0
    for span in view.phases:
        x = (span.start - view.start).days / 7
        width = ((span.end - span.start).days + 1) / 7
        bands.append({"phase": span.phase.value, "x": round(x, 3), "width": round(width, 3), "span": span})
        total = max(total, x + width)
    today = (view.today - view.start).days / 7
    return {"bands": bands, "total": round(total or 1.0, 3), "today": round(today, 3) if 0 <= today <= total else None}
