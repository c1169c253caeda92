"""/api/v1/auth: sign in and out, who am I, password reset, personal API tokens (multi-user mode)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, Field

from runlift.app import accounts
from runlift.store.accounts import TokenInfo, visible_athletes
from runlift.web import auth
from runlift.web.deps import READ, WRITE, Caller, StoreDep, caller_for, public
from runlift.web.problems import RESPONSES

router = APIRouter(prefix="/auth", tags=["accounts"], responses=RESPONSES)
log = logging.getLogger("runlift.web.auth")
EMAIL = Field(min_length=3, max_length=320, examples=["maya@example.org"])
PASSWORD = Field(min_length=1, max_length=1024, examples=["correct horse battery staple"])
ReadCaller = Annotated[Caller, Depends(caller_for(READ))]
WriteCaller = Annotated[Caller, Depends(caller_for(WRITE))]


class Login(BaseModel):
    email: str = EMAIL
    password: str = PASSWORD


class UserOut(BaseModel):
    id: int = Field(examples=[1])
    email: str = Field(examples=["maya@example.org"])


class SignedIn(BaseModel):
    user: UserOut
    csrf_token: str = Field(description=f"Send it as {auth.CSRF_HEADER} with every write made with the cookie.")
    expires_at: dt.datetime


class AthleteAccess(BaseModel):
    id: int = Field(examples=[1])
    name: str = Field(examples=["Maya"])
    role: Literal["owner", "coach"]


class Me(BaseModel):
    user: UserOut
    via: Literal["session", "token"]
    scope: Literal["read", "write"]
    athletes: list[AthleteAccess]


class ResetRequest(BaseModel):
    email: str = EMAIL


class ResetConfirm(BaseModel):
    token: str = Field(min_length=1, max_length=200, examples=["Zq3…"])
    password: str = PASSWORD


class Accepted(BaseModel):
    status: Literal["accepted"] = "accepted"
    detail: str = "if the address has an account, the operator's log holds a reset token for it"


class NewToken(BaseModel):
    name: str = Field(min_length=1, max_length=100, examples=["watch"])
    scope: Literal["read", "write"] = "read"


class TokenOut(BaseModel):
    id: int = Field(examples=[1])
    name: str = Field(examples=["watch"])
    prefix: str = Field(description="The secret's first characters, to tell tokens apart.", examples=["rl_Zq3abc4"])
    scope: Literal["read", "write"]
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The secret, shown this once: send it as Authorization: Bearer <token>.")


def _token(t: TokenInfo) -> TokenOut:
    return TokenOut(
        id=t.id,
        name=t.name,
        prefix=t.prefix,
        scope="write" if t.scope == "write" else "read",
        created_at=t.created_at,
        last_used_at=t.last_used_at,
        revoked_at=t.revoked_at,
    )


def _multi_user(request: Request) -> None:
    if not auth.multi_user(request):
        raise auth.NoAccounts()


@router.post("/login", dependencies=[Depends(public)], responses=auth.responses(401, 404, 429))
def login(body: Login, request: Request, response: Response, store: StoreDep) -> SignedIn:
    """Sign in: sets the session cookie (HttpOnly) and answers the CSRF token for writes.
    Five failures for an address from one IP within 15 minutes → 429 with Retry-After."""
    _multi_user(request)
    new = accounts.login(store, body.email, body.password, auth.client_ip(request), auth.now(), auth.hasher(request))
    auth.set_session_cookies(request, response, new)
    return SignedIn(user=UserOut(id=new.user.id, email=new.user.email), csrf_token=new.csrf, expires_at=new.expires_at)


@router.post("/logout", status_code=204, responses=auth.responses(401, 403))
def logout(request: Request, caller: WriteCaller, store: StoreDep) -> Response:
    """End this session (a token's request ends nothing: revoke the token instead)."""
    auth.user_id(caller)
    if caller.session is not None:
        accounts.logout(store, caller.session)
    response = Response(status_code=204)
    auth.clear_session_cookies(request, response)
    return response


@router.get("/me", responses=auth.responses(401, 404))
def me(caller: ReadCaller, store: StoreDep) -> Me:
    """Who the request speaks for, and the athletes they may open (their own, and those they coach)."""
    user = auth.user_id(caller)
    return Me(
        user=UserOut(id=user, email=caller.email),
        via="session" if caller.session is not None else "token",
        scope="write" if caller.scope == "write" else "read",
        athletes=[
            AthleteAccess(id=i, name=n, role="owner" if r == "owner" else "coach")
            for i, n, r in visible_athletes(store, user)
        ],
    )


@router.post("/password-reset", status_code=202, dependencies=[Depends(public)], responses=auth.responses(404))
def request_reset(body: ResetRequest, request: Request, store: StoreDep) -> Accepted:
    """Ask for a password reset: the single-use token (valid an hour) goes to the operator's log —
    runlift sends no mail. The answer is the same for an address without an account."""
    _multi_user(request)
    secret = accounts.request_reset(store, body.email, auth.now())
    if secret is not None:
        log.warning("password reset for %s: token %s (single use, 1 h)", body.email.strip().lower(), secret)
    return Accepted()


@router.post("/password-reset/confirm", status_code=204, dependencies=[Depends(public)], responses=auth.responses(404))
def confirm_reset(body: ResetConfirm, request: Request, store: StoreDep) -> Response:
    """Set a new password with a reset token; the token is spent, and every session of the user ends."""
    _multi_user(request)
    accounts.confirm_reset(store, body.token, body.password, auth.now(), auth.hasher(request))
    return Response(status_code=204)


@router.get("/tokens", responses=auth.responses(401, 404))
def list_tokens(caller: ReadCaller, store: StoreDep) -> list[TokenOut]:
    """The caller's API tokens (never their secrets), revoked ones too."""
    return [_token(t) for t in accounts.tokens(store, auth.user_id(caller))]


@router.post("/tokens", status_code=201, responses=auth.responses(401, 403, 404))
def add_token(body: NewToken, caller: WriteCaller, store: StoreDep) -> TokenCreated:
    """A new API token; its secret is in this answer only."""
    info, secret = accounts.add_token(store, auth.user_id(caller), body.name, body.scope, auth.now())
    return TokenCreated(**_token(info).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", status_code=204, responses=auth.responses(401, 403, 404))
def revoke_token(token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], caller: WriteCaller, store: StoreDep) -> Response:
    """Revoke one of the caller's tokens: requests with it are refused from now on."""
    accounts.revoke_token(store, token_id, auth.now(), user_id=auth.user_id(caller))
    return Response(status_code=204)
