"""The way in: `/` (the runner's Today, or a choice of athletes), sign in and out (multi-user mode)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from runlift.app import accounts
from runlift.app.accounts import RateLimited, Unauthorized
from runlift.web import auth
from runlift.web.deps import StoreDep, public, visible_athletes
from runlift.web.pages.deps import Athlete, Reader
from runlift.web.pages.render import page, url

router = APIRouter(include_in_schema=False)


def _home_of(request: Request, athlete_id: int) -> str:
    """An athlete's first page: Today when it exists (the pages land one by one), else the season."""
    for route in ("today", "season", "history"):
        found = url(request, route, athlete_id=athlete_id)
        if found is not None:
            return found
    return f"/a/{athlete_id}"


@router.get("/", name="home")
def home(request: Request, caller: Reader, store: StoreDep) -> Response:
    """One athlete → their Today; several (a coach, a family) → the choice; none → how to start."""
    visible = visible_athletes(store, caller)
    athletes = [a for a in store.athletes() if visible is None or a.id in visible]
    if len(athletes) == 1:
        return RedirectResponse(_home_of(request, athletes[0].id), status_code=303)
    choices = [{"name": a.name, "href": _home_of(request, a.id)} for a in athletes]
    coach_page = url(request, "coach") if caller.user_id is not None else None  # a coach starts there
    return page(
        request,
        "home.html",
        title="runlift",
        choices=choices,
        onboarding=url(request, "onboarding"),
        coach_page=coach_page,
    )


@router.get("/a/{athlete_id}", name="athlete")
def athlete_home(request: Request, athlete: Athlete) -> Response:
    first = _home_of(request, athlete.id)
    if first != f"/a/{athlete.id}":
        return RedirectResponse(first, status_code=303)
    return page(request, "athlete.html", title=athlete.name, athlete_id=athlete.id, athlete_name=athlete.name)


def _next(target: str) -> str:
    """Where to go after signing in: a path on this site only (never `//evil.example` or a full URL)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login", name="login", dependencies=[Depends(public)])
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    single_user = not auth.multi_user(request)
    return page(request, "login.html", title="Sign in", next=_next(next), error="", single_user=single_user)


@router.post("/login", dependencies=[Depends(public)])
def login(
    request: Request,
    store: StoreDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Sign in from the form: the session cookies, then back where the runner was going."""
    if not auth.multi_user(request):
        return RedirectResponse(_next(next), status_code=303)
    try:
        new = accounts.login(store, email, password, auth.client_ip(request), auth.now(), auth.hasher(request))
    except (Unauthorized, RateLimited) as exc:
        status = 429 if isinstance(exc, RateLimited) else 400
        response: Response = page(
            request,
            "login.html",
            title="Sign in",
            next=_next(next),
            error=str(exc),
            status=status,
            single_user=False,
            email=email,
        )
        if isinstance(exc, RateLimited):
            response.headers["retry-after"] = str(exc.retry_after)
        return response
    response = RedirectResponse(_next(next), status_code=303)
    auth.set_session_cookies(request, response, new)
    return response


@router.post("/logout", name="logout", dependencies=[Depends(public)])
def logout(request: Request, store: StoreDep, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Sign out from the menu's form (its CSRF token checked); the cookies go either way."""
    secret = request.cookies.get(auth.SESSION_COOKIE, "")
    if secret and accounts.csrf_ok(secret, csrf):
        accounts.logout(store, secret)
    response = RedirectResponse("/login", status_code=303)
    auth.clear_session_cookies(request, response)
    return response
