"""Exports as downloads: the coming plan as a calendar (ICS), a printable page (HTML) or watch workouts
(FIT files in a zip), the log as CSV files (a zip), and the athlete's backup (JSON) — the bytes
`runlift export …` and `runlift backup` write, built by the same services."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from runlift.web.deps import READ, StoreDep, TodayDep, athlete_for
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["exports"], responses=RESPONSES)
Reader = Annotated[int, Depends(athlete_for(READ))]
ICS, ZIP, HTML, JSON = "text/calendar", "application/zip", "text/html", "application/json"


def now() -> dt.datetime:
    """The moment of the export (the calendar's DTSTAMP, the FIT files' creation time): read at the edge."""
    return dt.datetime.now(dt.UTC)


NowDep = Annotated[dt.datetime, Depends(now)]


def _binary(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    schema: dict[str, Any] = (
        {"type": "string"} if media_type.startswith("text/") else {"type": "string", "format": "binary"}
    )
    if media_type == JSON:
        schema = {
            "type": "object",
            "required": ["format", "version", "athletes"],
            "properties": {
                "format": {"type": "string", "const": "runlift-backup"},
                "version": {"type": "integer", "examples": [2]},
                "athletes": {"type": "array", "items": {"type": "object"}, "maxItems": 1},
            },
        }
    return {200: {"description": description, "content": {media_type: {"schema": schema}}}}


def _download(content: bytes, media_type: str, filename: str, inline: bool = False) -> Response:
    how = "inline" if inline else "attachment"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'{how}; filename="{filename}"', "Cache-Control": "private, no-store"},
    )


def _zipped(files: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@router.get(
    "/athletes/{athlete_id}/exports/ics",
    summary="The coming lift sessions as an iCalendar file (stable UIDs: importing it again updates them)",
    response_class=Response,
    responses=_binary(ICS, "An iCalendar file (RFC 5545)."),
)
def ics(
    athlete_id: Reader,
    store: StoreDep,
    today: TodayDep,
    moment: NowDep,
    runs: Annotated[bool, Query(description="Add the runs of the usual week too.")] = False,
) -> Response:
    from runlift.app.exports import calendar, plan_from_log

    content = calendar(plan_from_log(store, athlete_id, today), today, moment, runs=runs)
    return _download(content, f"{ICS}; charset=utf-8", "runlift-plan.ics")


@router.get(
    "/athletes/{athlete_id}/exports/plan.html",
    summary="A printable plan, one page per week",
    response_class=Response,
    responses=_binary(HTML, "An HTML page to print (or print to PDF)."),
)
def plan_html(athlete_id: Reader, store: StoreDep, today: TodayDep) -> Response:
    from runlift.app.exports import plan_from_log, printable

    page = printable(plan_from_log(store, athlete_id, today)).encode("utf-8")
    return _download(page, f"{HTML}; charset=utf-8", "runlift-plan.html", inline=True)


@router.get(
    "/athletes/{athlete_id}/exports/workouts.zip",
    summary="Each coming lift session as a FIT workout file, zipped (copy them to the watch's NewFiles)",
    response_class=Response,
    responses=_binary(ZIP, "A zip of .fit workout files, one per lift session."),
)
def workouts(
    athlete_id: Reader,
    store: StoreDep,
    today: TodayDep,
    moment: NowDep,
    weeks: Annotated[int, Query(ge=1, le=26, description="How many weeks ahead.")] = 2,
) -> Response:
    from runlift.app.exports import fit_workouts, plan_from_log

    files = fit_workouts(plan_from_log(store, athlete_id, today), today, weeks, moment)
    return _download(_zipped((f.name, f.content) for f in files), ZIP, "runlift-workouts.zip")


@router.get(
    "/athletes/{athlete_id}/exports/csv",
    summary="The log as tidy CSV files, zipped: lift sessions, sets, runs, pain, body weight, activities",
    response_class=Response,
    responses=_binary(ZIP, "A zip of CSV files, one per table."),
)
def csv(athlete_id: Reader, store: StoreDep) -> Response:
    import tempfile
    from pathlib import Path

    from runlift.app.exports import write_log_csv

    with tempfile.TemporaryDirectory(prefix="runlift-csv-") as folder:
        paths = write_log_csv(store, athlete_id, Path(folder))
        content = _zipped((p.name, p.read_bytes()) for p in sorted(paths))
    return _download(content, ZIP, "runlift-log-csv.zip")


@router.get(
    "/athletes/{athlete_id}/exports/backup",
    summary="The athlete's backup: runner's files, plans, log and imports as one versioned JSON document",
    response_class=Response,
    responses=_binary(
        JSON, "A runlift backup (format runlift-backup) holding this one athlete: `runlift restore` loads it."
    ),
)
def backup(athlete_id: Reader, store: StoreDep) -> Response:
    import json

    from runlift.app.backup import backup as dump

    content = json.dumps(dump(store, athlete_id), ensure_ascii=False, allow_nan=False).encode("utf-8")
    return _download(content, JSON, "runlift-backup.json")
