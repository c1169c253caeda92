"""The web app without signal (#13): the manifest that makes it installable, the service worker at /sw.js
(scope `/`: it must be served from the root to control every page), and the list of what a phone keeps
for the gym: the app shell (every static asset at its hashed URL), Today and the coming 7 days' cards
(pages and their JSON), the season. The service worker (static/sw.js) fetches that list when a page of
the athlete asks it to; writes made without signal wait in the outbox (static/js/outbox.js)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from runlift.web import PREFIX
from runlift.web.deps import TodayDep, public
from runlift.web.pages.deps import Athlete
from runlift.web.pages.render import static, url

router = APIRouter(include_in_schema=False)

DAYS_KEPT = 7  # Today and the 6 days after it: a week of gym cards without signal
# not part of any page: the vendored code's notes, the worker itself (the browser fetches /sw.js)
NOT_ASSETS = {"sw.js"}
NOT_ASSET_SUFFIXES = (".md", "LICENSE")


@cache
def _sw_source() -> bytes:
    return files("runlift.web").joinpath("static", "sw.js").read_bytes()


@router.get("/sw.js", name="service_worker", dependencies=[Depends(public)])
def service_worker() -> Response:
    """The service worker, from the root so that its scope is `/` (a worker under /static/ could only
    control /static/). `no-cache`: the browser asks again on each check and updates a changed worker."""
    headers = {"cache-control": "no-cache", "service-worker-allowed": "/"}
    return Response(_sw_source(), media_type="text/javascript", headers=headers)


@router.get("/manifest.webmanifest", name="manifest", dependencies=[Depends(public)])
def manifest() -> Response:
    """The web app manifest: name, colours, start page and icons (PNGs made by scripts/icons.py from icon.svg)."""
    body = {
        "name": "runlift",
        "short_name": "runlift",
        "description": "Strength training that fits a runner's season: today's gym card, with or without signal.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f7f7f4",
        "theme_color": "#0f5c4d",
        "icons": [
            {"src": static("icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": static("icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    }
    return JSONResponse(body, media_type="application/manifest+json", headers={"cache-control": "no-cache"})


@cache
def assets() -> tuple[str, ...]:
    """Every static file at its hashed URL (what pages link to), and the scripts also at their plain URL
    (a module's `import "./api.js"` asks for /static/js/api.js, without the hash)."""
    root = files("runlift.web").joinpath("static")
    found: list[str] = []

    def walk(folder: Any, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            path = f"{prefix}{entry.name}"
            if entry.is_dir():
                walk(entry, f"{path}/")
            elif path not in NOT_ASSETS and not entry.name.endswith(NOT_ASSET_SUFFIXES):
                found.append(static(path))
                if path.endswith(".js") and not path.startswith("vendor/"):
                    found.append(f"/static/{path}")

    walk(root, "")
    return tuple(found)


@router.get("/a/{athlete_id}/offline", name="offline_list")
def offline_list(request: Request, athlete: Athlete, today: TodayDep) -> Response:
    """What the service worker keeps for this athlete: `assets` (cached until their hash changes),
    `pages` and `data` (network first; the kept copy when there is no signal). Asked by the layout's
    script (js/offline.js) at most every few minutes."""
    days = [today + dt.timedelta(days=n) for n in range(DAYS_KEPT)]
    pages: list[str] = []
    data: list[str] = []
    today_page = url(request, "today", athlete_id=athlete.id)
    if today_page is not None:
        pages.append(today_page)
        pages += [f"{today_page}?date={day.isoformat()}" for day in days]
    season = url(request, "season", athlete_id=athlete.id)
    if season is not None:
        pages.append(season)
    data += [f"{PREFIX}/athletes/{athlete.id}/today?date={day.isoformat()}" for day in days]  # its JSON twin
    body = {"today": today.isoformat(), "assets": list(assets()), "pages": pages, "data": data}
    return JSONResponse(body, headers={"cache-control": "no-store"})
