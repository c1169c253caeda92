"""runlift's server (`runlift serve`): the JSON API and the web app, a FastAPI app made by `create_app(settings)`.

Routers live in runlift/web/api/<area>.py, mounted under /api/v1; each route parses, calls one
service in runlift/app/, and renders. The pages are in runlift/web/pages. The OpenAPI document is
at /api/v1/openapi.json, the docs at /api/docs. Errors are problem+json (runlift.web.problems)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from typing import TYPE_CHECKING

from fastapi import FastAPI

from runlift.settings import Settings

if TYPE_CHECKING:
    from runlift.store.repo import Store

PREFIX = "/api/v1"


def create_app(settings: Settings, *, warm_up: bool = False) -> FastAPI:
    """The app on `settings`. `warm_up`: its start-up also does what a process's first requests did once
    (`ready_for_first_requests`, ~150 ms): `runlift serve`'s processes do, an app made for a test need not."""
    from runlift.web import auth, pages, problems
    from runlift.web.api import ROUTERS
    from runlift.web.api.feeds import hide_tokens_in_access_log
    from runlift.web.security import Security

    app = FastAPI(
        title="runlift",
        version=version("runlift"),
        summary="Strength training that fits a runner's season: the plan, today's card and the log, over HTTP.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.warm_up = warm_up
    problems.install(app, debug=settings.debug)
    auth.install(app)  # 401, 403, 429 of multi-user mode
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)
    pages.install(app)  # the web app (issue #13): pages and their static assets
    app.add_middleware(Security)  # CSP and friends on every answer; cross-site writes refused
    hide_tokens_in_access_log()  # a calendar feed's URL is its credential
    return app


def app_from_env() -> FastAPI:
    """The app factory uvicorn imports in each worker (`runlift serve`): settings from RUNLIFT_*."""
    from runlift.settings import load

    return create_app(load(), warm_up=True)


# The packages whose modules the routes import inside their functions (the CLI's start-up stays small).
ROUTE_PACKAGES = ("runlift.app", "runlift.core", "runlift.exporters", "runlift.importers")
START_UP_PATH = "/api/v1/-start-up-"  # no route's: a request for it is matched against every route


async def ready_for_first_requests(app: FastAPI) -> None:
    """What a process's first requests did once, done at start-up: FastAPI builds a route's request
    models the first time a request is matched against it (a request no route answers is matched
    against them all), the routes import their modules on their first call, and the exercise library
    is loaded on first use. Done lazily, the first set a new process logged took 120-190 ms instead of
    6 (PostgreSQL, one worker): at 200 requests/s ~25 requests queued behind it, and the queue took
    seconds to drain (bench/history.md, issue #12)."""
    import importlib
    import pkgutil

    from runlift.data import library

    for package in ROUTE_PACKAGES:
        path = importlib.import_module(package).__path__
        for module in pkgutil.walk_packages(path, f"{package}."):
            importlib.import_module(module.name)
    library()
    await _request_nobody_answers(app)


async def _request_nobody_answers(app: FastAPI) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": START_UP_PATH,
        "raw_path": START_UP_PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
        "state": {},
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: object) -> None:
        return None

    await app(scope, receive, send)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One Store (one engine, one connection pool) per app process, made at start-up.

    The schema must already be at head (`runlift serve` checks it before any worker starts): an app
    process never migrates, so several never migrate at once."""
    settings: Settings = app.state.settings
    if settings.multi_user:
        settings.secret()  # refuse to start without the shared key
    store = _opened(settings)
    app.state.store = store
    worker = None
    if settings.jobs_in_app:  # a job thread in every app process (app/jobs.py); RUNLIFT_JOBS_IN_APP=0: none
        from runlift.app.jobs import Worker

        worker = app.state.jobs_worker = Worker(store, limits=settings.import_limits()).start()
    if app.state.warm_up:
        await ready_for_first_requests(app)
    from runlift.gcpause import freeze_startup_heap

    freeze_startup_heap()  # start-up's objects are never collected again (runlift.gcpause)
    try:
        yield
    finally:
        if worker is not None:
            worker.stop()
        store.engine.dispose()


def _opened(settings: Settings) -> Store:
    """The app's Store; a database it cannot use is refused in the server's words (the setting, not
    the CLI's --db): an app process started by uvicorn shows this line in the operator's log."""
    from runlift.core.errors import InputError
    from runlift.store.db import SchemaOutOfDate
    from runlift.store.errors import DatabaseUnusable
    from runlift.store.repo import Store
    from runlift.web.problems import database_worded

    try:
        return Store.open(settings.database(), migrate=False)
    except (DatabaseUnusable, SchemaOutOfDate) as exc:
        raise InputError(database_worded(exc)) from exc
