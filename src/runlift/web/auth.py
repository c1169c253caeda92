"""Multi-user mode at the edge: who a request speaks for, CSRF, cookies, and the 401/403/429 answers.

A request is signed in by one of:
- `Authorization: Bearer rl_…`, a personal API token: scoped (a `read` token is refused any write,
  403), exempt from CSRF (a browser never adds the header by itself);
- the `runlift_session` cookie (HttpOnly, SameSite=Lax, Secure unless the server is addressed on
  loopback), set by POST /api/v1/auth/login. A write (any method but GET/HEAD/OPTIONS) must also
  carry `X-CSRF-Token`: the token the sign-in answered with (also in the readable `runlift_csrf`
  cookie), derived from the session's secret, so another site's page can neither read nor forge it.

No credentials → 401; credentials for someone else's athlete → 404 (deps.athlete_for: an athlete
one may not see answers like one that does not exist)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from runlift.app import accounts
from runlift.app.accounts import RateLimited, Unauthorized
from runlift.core.errors import NotFound, RunliftError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from runlift.web.deps import Caller, Need

SESSION_COOKIE = "runlift_session"
CSRF_COOKIE = "runlift_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = ("localhost", "::1", "[::1]")
MEDIA_TYPE = "application/problem+json"


class Forbidden(RunliftError):
    """Signed in, but this request may not be made so (a read token writing, a write without CSRF)."""


class NoAccounts(NotFound):
    """Accounts exist only in multi-user mode."""

    def __init__(self) -> None:
        RunliftError.__init__(self, "accounts exist only in multi-user mode (runlift serve --multi-user)")
        self.kind, self.key = "accounts", ""


def now() -> dt.datetime:
    """The wall clock, read here at the edge (RUNLIFT_TODAY pins the day, never the clock of sessions)."""
    return dt.datetime.now(dt.UTC)


def multi_user(request: Request) -> bool:
    return bool(request.app.state.settings.multi_user)


def hasher(request: Request) -> PasswordHasher:
    """The app's password hasher, argon2id with the settings' parameters (library defaults unless set)."""
    made: PasswordHasher | None = getattr(request.app.state, "hasher", None)
    if made is None:
        s = request.app.state.settings
        made = accounts.password_hasher(s.argon2_time_cost, s.argon2_memory_kib, s.argon2_parallelism)
        request.app.state.hasher = made
    return made


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def caller(request: Request, need: Need) -> Caller:
    """The signed-in caller of this request (multi-user mode), or Unauthorized / Forbidden."""
    from runlift.web.deps import WRITE, Caller

    store = request.app.state.store
    writes = need is WRITE or request.method not in SAFE_METHODS
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("Authorization: expected 'Bearer' and an API token")
        token = accounts.token_principal(request.app.state.store, secret.strip(), now())
        if token is None:
            raise Unauthorized("Authorization: the token is unknown or revoked")
        if writes and token.scope != "write":
            raise Forbidden("Authorization: this token's scope is read; writing needs a write token")
        return Caller(token.user_id, token.email, token.scope, token.token_id)
    secret = request.cookies.get(SESSION_COOKIE) or ""
    if not secret:
        raise Unauthorized("sign in first (POST /api/v1/auth/login), or send Authorization: Bearer <token>")
    session = accounts.session_principal(store, secret, now())
    if session is None:
        raise Unauthorized("the session has expired or was signed out: sign in again")
    sent = request.headers.get(CSRF_HEADER) or getattr(request.state, "csrf_field", None)  # a page's form: its field
    if request.method not in SAFE_METHODS and not accounts.csrf_ok(secret, sent):
        raise Forbidden(f"{CSRF_HEADER}: expected the CSRF token the sign-in gave, got none or another")
    return Caller(session.user_id, session.email, "write", None, secret)


def user_id(caller: Caller) -> int:
    """The caller's user; routes about accounts have none in single-user mode."""
    if caller.user_id is None:
        raise NoAccounts()
    return caller.user_id


def secure(request: Request) -> bool:
    """Cookies are Secure (HTTPS only) unless the server is addressed on loopback."""
    host = (request.url.hostname or "").lower()
    return not (host in LOOPBACK or host.startswith("127."))


def set_session_cookies(request: Request, response: Response, new: accounts.NewSession) -> None:
    age = max(0, int((new.expires_at - now()).total_seconds()))
    flags = {"max_age": age, "samesite": "lax", "secure": secure(request), "path": "/"}
    response.set_cookie(SESSION_COOKIE, new.secret, httponly=True, **flags)  # type: ignore[arg-type]
    response.set_cookie(CSRF_COOKIE, new.csrf, httponly=False, **flags)  # type: ignore[arg-type]


def clear_session_cookies(request: Request, response: Response) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", secure=secure(request), httponly=name == SESSION_COOKIE, samesite="lax")


def _problem(status: int, kind: str, title: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    from runlift.web.problems import one_line

    body = {"type": f"urn:runlift:problem:{kind}", "title": title, "status": status, "detail": one_line(detail)}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _unauthorized(_request: Request, exc: Exception) -> JSONResponse:
    return _problem(401, "unauthorized", "Sign in", str(exc), {"WWW-Authenticate": 'Bearer realm="runlift"'})


def _forbidden(_request: Request, exc: Exception) -> JSONResponse:
    return _problem(403, "forbidden", "Forbidden", str(exc))


def _rate_limited(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    return _problem(429, "too-many-requests", "Too many requests", str(exc), {"Retry-After": str(exc.retry_after)})


def install(app: FastAPI) -> None:
    """401, 403 and 429 as problem+json (more specific than the RunliftError handler of problems.py)."""
    from runlift.web.pages.errors import faced  # a page: not signed in → the sign-in page

    app.add_exception_handler(Unauthorized, faced(_unauthorized))
    app.add_exception_handler(Forbidden, faced(_forbidden))
    app.add_exception_handler(RateLimited, faced(_rate_limited))


# for routes' `responses=`
def responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    from runlift.web.problems import RESPONSES, Problem

    titles = {401: "Not signed in", 403: "Forbidden", 429: "Too many failed sign-ins"}
    out: dict[int | str, dict[str, object]] = {}
    for status in statuses:
        out[status] = RESPONSES.get(status) or {
            "model": Problem,
            "content": {MEDIA_TYPE: {}},
            "description": titles[status],
        }
    return out
