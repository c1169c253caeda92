"""What routes depend on: the store, today, and who may touch which athlete.

Every route declares its access need with one of these dependencies, so that a test can enumerate
`app.routes` and try each one as every kind of caller:
- `athlete_for(READ | WRITE)`: routes under /api/v1/athletes/{athlete_id}/…; resolves the path's id
  to an athlete the caller may use (404 for an athlete the caller may not see, as for none at all);
- `caller_for(READ | WRITE)`: routes about the caller's own things (the athlete list, adding one);
- `public`: no caller needed (health, the OpenAPI document).

Single-user mode (SQLite on loopback) has no login: the caller is the local runner and may use every
athlete. Multi-user mode (helper auth) replaces `current_caller` and `may_use` only; routes do not
change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from starlette.concurrency import run_in_threadpool

from runlift.core.errors import NotFound
from runlift.settings import Settings
from runlift.store.repo import Store


class Need(Enum):
    READ = "read"
    WRITE = "write"


READ, WRITE = Need.READ, Need.WRITE


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: `user_id` None is the local runner of single-user mode."""

    user_id: int | None = None
    email: str = ""
    scope: str = "write"  # an API token's scope ("read" or "write"); a session writes
    token_id: int | None = None  # the API token the request came with
    session: str | None = field(default=None, repr=False)  # the session cookie's secret, signed in with one

    @property
    def local(self) -> bool:
        return self.user_id is None


LOCAL = Caller()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    """The app's one Store (its engine made at start-up, see runlift.web.lifespan). `async` here and in
    `today` and `public`: they do no I/O, and a plain function would cost each request a hop to the
    thread pool and back per dependency (issue #12)."""
    store: Store = request.app.state.store
    return store


async def today(request: Request) -> dt.date:
    """RUNLIFT_TODAY when set, else the real date: read here, at the edge; services take it as a parameter."""
    return get_settings(request).day()


async def public() -> None:
    """A route anyone may call (health, the OpenAPI document)."""


# --- the two functions multi-user mode replaces -----------------------------------------------


def current_caller(request: Request, need: Need) -> Caller:
    """The caller of this request; single-user mode: the local runner. Multi-user mode (web/auth.py):
    the user of the session cookie (writes with its CSRF token) or of the bearer token (a read token
    never writes); 401 without either, 403 for a write the credentials may not make."""
    if not get_settings(request).multi_user:
        return LOCAL
    from runlift.web.auth import caller

    request.state.caller = found = caller(request, need)  # the layout's menu reads it (pages/render.py)
    return found


def may_use(store: Store, caller: Caller, athlete_id: int, need: Need) -> bool:
    """Whether the caller may read (or write) this athlete's things; single-user mode: every athlete.
    Multi-user mode: the athlete's own user, or a coach whose invitation the athlete accepted and has
    not revoked (one statement); the scope of the caller's token was checked by current_caller."""
    if caller.user_id is None:
        return True
    from runlift.store.accounts import access

    return access(store, caller.user_id, athlete_id)


def visible_athletes(store: Store, caller: Caller) -> set[int] | None:
    """The athletes a caller_for route may list for the caller: None for every one (single-user mode),
    else those the user owns or coaches by an accepted invitation."""
    if caller.user_id is None:
        return None
    from runlift.store.accounts import visible_athletes as visible

    return {athlete_id for athlete_id, _name, _role in visible(store, caller.user_id)}


def may_add(store: Store, caller: Caller, name: str) -> None:
    """Before a caller_for route stores a runner's file: athletes are found by name, so in multi-user
    mode a name that is someone else's athlete is refused (409), never a new version of theirs."""
    if caller.user_id is None:
        return
    from runlift.store.accounts import access
    from runlift.web.problems import Conflict

    try:
        athlete_id = store.athlete_id(name)
    except NotFound:
        return
    if not access(store, caller.user_id, athlete_id):
        raise Conflict(f"athlete.name: {name!r} is taken: choose another name")


def adopt(store: Store, caller: Caller, athlete_id: int) -> None:
    """After: a runner a signed-in user added belongs to them (multi-user mode) unless it already
    belongs to someone; nothing in single-user mode."""
    if caller.user_id is not None:
        from runlift.store.accounts import owned_by, set_owner

        if owned_by(store, athlete_id) is None:
            set_owner(store, athlete_id, caller.user_id)


# --- the dependencies routes declare ----------------------------------------------------------


def caller_for(need: Need, form: bool = False) -> Callable[..., Any]:
    """The caller; `form=True` for a page's form post, whose CSRF token (signed in) is the form's `csrf`
    field: a page without script cannot send the X-CSRF-Token header."""

    def dependency(request: Request) -> Caller:
        return current_caller(request, need)

    async def from_form(request: Request) -> Caller:
        if get_settings(request).multi_user and request.method not in ("GET", "HEAD", "OPTIONS"):
            request.state.csrf_field = str((await request.form()).get("csrf") or "")  # parsed once, kept
        return await run_in_threadpool(current_caller, request, need)

    chosen: Any = from_form if form else dependency
    chosen.need = need  # read by the access table test
    return chosen  # type: ignore[no-any-return]


def athlete_for(need: Need) -> Callable[..., int]:
    """A dependency giving the path's athlete id once the caller may use it (404 otherwise)."""

    def dependency(
        request: Request,
        store: Annotated[Store, Depends(get_store)],
        athlete_id: Annotated[int, Path(ge=1, le=2**31 - 1, description="The athlete's id.", examples=[1])],
    ) -> int:
        caller = current_caller(request, need)
        if not may_use(store, caller, athlete_id, need) or not store.has_athlete(athlete_id):
            raise NotFound("athlete", str(athlete_id))
        return athlete_id

    dependency.need = need  # type: ignore[attr-defined]  # read by the access table test
    return dependency


StoreDep = Annotated[Store, Depends(get_store)]
TodayDep = Annotated[dt.date, Depends(today)]
