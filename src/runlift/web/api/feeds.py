"""The subscribable calendar feed: make (or replace) and revoke the private URL, and serve it.

The feed's own route is public: the calendar app that polls it holds no session and no API token, so
the URL's token is the credential (only its hash is stored; a new URL revokes the old one)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from runlift.web.api.exports import ICS, NowDep, _binary
from runlift.web.deps import WRITE, StoreDep, TodayDep, athlete_for, public
from runlift.web.idempotency import IdempotencyKey, written
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["calendar feed"], responses=RESPONSES)
Writer = Annotated[int, Depends(athlete_for(WRITE))]
FEED_PATH = "/calendar/{token}.ics"
_TOKEN_IN_PATH = re.compile(r"(/calendar/)[^/?#\s]+(\.ics)")


class HideFeedTokens(logging.Filter):
    """The server's access log never holds a feed's token: its URL is the credential, and a calendar
    app polls it every few hours (uvicorn's access record: client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "/calendar/" in args[2]:
            record.args = (*args[:2], _TOKEN_IN_PATH.sub(r"\1(hidden)\2", args[2]), *args[3:])
        return True


def hide_tokens_in_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, HideFeedTokens) for f in access.filters):
        access.addFilter(HideFeedTokens())


class Feed(BaseModel):
    url: str = Field(description="Subscribe to it in a calendar app; shown once, keep it private.")
    token: str = Field(examples=["rlcal_3q2V…"])
    created_at: dt.datetime


@router.post(
    "/athletes/{athlete_id}/calendar-feed",
    status_code=201,
    response_model=Feed,
    summary="Make the private calendar feed URL (replaces, and so revokes, the one before)",
)
def make_feed(
    request: Request, athlete_id: Writer, store: StoreDep, moment: NowDep, key: IdempotencyKey = None
) -> Response:
    from runlift.app.feeds import subscribe

    def write() -> Feed:
        token = subscribe(store, athlete_id, moment)
        url = str(request.url_for("calendar_feed", token=token))
        return Feed(url=url, token=token, created_at=moment)

    return written(store, request, key, None, write, athlete_id=athlete_id)


@router.delete(
    "/athletes/{athlete_id}/calendar-feed",
    status_code=204,
    summary="Revoke the calendar feed: its URL answers 404 from now on",
)
def revoke_feed(
    request: Request, athlete_id: Writer, store: StoreDep, moment: NowDep, key: IdempotencyKey = None
) -> Response:
    from runlift.app.feeds import unsubscribe

    def write() -> None:
        unsubscribe(store, athlete_id, moment)

    return written(store, request, key, None, write, status=204, athlete_id=athlete_id)


@router.get(
    FEED_PATH,
    name="calendar_feed",
    summary="The adapted plan as iCalendar, for a calendar app to subscribe to (the token is the credential)",
    response_class=Response,
    responses=_binary(ICS, "An iCalendar file (RFC 5545) with the stable UIDs of `runlift export ics`."),
    dependencies=[Depends(public)],
)
def calendar_feed(
    store: StoreDep,
    today: TodayDep,
    moment: NowDep,
    token: Annotated[str, Path(max_length=100, description="The feed's private token.")],
) -> Response:
    from runlift.app.feeds import feed

    content = feed(store, token, today, moment)
    return Response(
        content,
        media_type=f"{ICS}; charset=utf-8",
        headers={"Cache-Control": "private, no-cache", "Content-Disposition": 'inline; filename="runlift.ics"'},
    )
