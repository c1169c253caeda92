"""Rendering a page: the Jinja2 environment (autoescaped: a runner named `<script>` shows as text), the
layout's navigation and the context every template gets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.routing import NoMatchFound

from runlift.web import auth


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    route: str  # the page route's name; an item shows only once its page exists
    athlete: bool  # the route takes the athlete's id


# The layout's menu, in the order a runner reaches for it. A page joins the menu by naming its route
# as here (`@router.get(..., name="today")`); until then the item is left out.
NAV = (
    NavItem("Today", "today", True),
    NavItem("Season", "season", True),
    NavItem("Log", "history", True),
    NavItem("Progress", "progress", True),
    NavItem("Library", "library", False),
    NavItem("Coach", "coach", False),
    NavItem("Settings", "settings", True),
)


@cache
def templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("runlift.web", "templates"),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,  # a misspelt name in a template fails its test instead of printing ""
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = static
    return Jinja2Templates(env=env)


@cache
def _digest(path: str) -> str:
    """A short hash of a static file's bytes: its URL changes when it does (caches never serve old code)."""
    data = files("runlift.web").joinpath("static", *path.split("/")).read_bytes()
    return hashlib.sha256(data).hexdigest()[:10]


def static(path: str) -> str:
    return f"/static/{path}?v={_digest(path)}"


def _pages(app: Any) -> dict[str, Any]:
    """The page routes by name, made once per app (FastAPI keeps an included router as one entry of
    `app.routes`, resolved on demand); API routes are left out: an API function may be named `season`."""
    found: dict[str, Any] | None = getattr(app.state, "page_routes", None)
    if found is None:
        found = {}
        for entry in app.routes:
            contexts = getattr(entry, "effective_route_contexts", None)
            for route in contexts() if contexts is not None else [entry]:
                path = getattr(route, "path", "/api/")
                if not path.startswith("/api/") and getattr(route, "name", None):
                    found.setdefault(route.name, route)
        app.state.page_routes = found
    return found


def url(request: Request, route: str, **params: Any) -> str | None:
    """The path of a named page route, or None when no such page exists (yet)."""
    found = _pages(request.app).get(route)
    if found is None:
        return None
    try:
        return str(found.url_path_for(route, **params))
    except NoMatchFound:
        return None


def nav(request: Request, athlete_id: int | None, current: str) -> list[dict[str, Any]]:
    out = []
    for item in NAV:
        if (item.athlete and athlete_id is None) or (item.route == "coach" and not _coaches(request)):
            continue
        href = url(request, item.route, **({"athlete_id": athlete_id} if item.athlete else {}))
        if href is not None:
            out.append({"label": item.label, "href": href, "current": item.route == current})
    return out


def _coaches(request: Request) -> bool:
    """The Coach item shows to a signed-in user who coaches someone (or has invited someone) only."""
    caller = getattr(request.state, "caller", None)
    if caller is None or caller.user_id is None:
        return False
    from runlift.app.coaching import coaches

    return coaches(request.app.state.store, caller.user_id)


def csrf(request: Request) -> str:
    """The CSRF token of a signed-in browser (the readable cookie); "" in single-user mode."""
    return request.cookies.get(auth.CSRF_COOKIE, "") if auth.multi_user(request) else ""


def page(
    request: Request,
    template: str,
    *,
    title: str,
    current: str = "",
    athlete_id: int | None = None,
    athlete_name: str = "",
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render `template` in the layout: the menu for this athlete, the CSRF token, the title."""
    base = {
        "title": title,
        "nav": nav(request, athlete_id, current),
        "athlete_id": athlete_id,
        "athlete_name": athlete_name,
        "csrf": csrf(request),
        "multi_user": auth.multi_user(request),
        "signed_in": bool(request.cookies.get(auth.SESSION_COOKIE)),
    }
    response = templates().TemplateResponse(request, template, {**base, **context}, status_code=status)
    response.headers["cache-control"] = "no-store"  # a page holds the athlete's data: never a shared cache
    return response
