"""The web app's pages (issue #13): server-rendered with Jinja2 on the same services as the API.

Each page module has a router; a page route parses, calls one service in runlift/app/, and renders a
template from web/templates in the layout (pages/render.py). Scripts and styles are files under
web/static, served at /static and never inline (the CSP in web/security.py forbids inline scripts)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from runlift.web.pages import coach, history, home, library, offline, onboarding, progress, season, settings, today

ROUTERS: list[APIRouter] = [home.router, today.router, season.router, history.router, progress.router, library.router]
ROUTERS.append(settings.router)
ROUTERS.append(offline.router)  # manifest, service worker, what a phone keeps offline
ROUTERS.append(onboarding.router)
ROUTERS.append(coach.router)


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(packages=[("runlift.web", "static")]), name="static")
    for router in ROUTERS:
        app.include_router(router)
