"""Accounts (multi-user mode): users with argon2id passwords, sign-in sessions, personal API tokens,
password resets, and the rate limit on failed sign-ins.

Every secret a client holds (session id, API token, reset token) is 32 random bytes; the store keeps
only its SHA-256 (a fast hash is right for a random secret: there is nothing to guess), so a copy of
the database signs no one in. Passwords are argon2id hashes with argon2-cffi's defaults (RFC 9106's
low-memory profile); tests pass cheaper parameters through the settings, never production.

Plain functions: a store, explicit `now`, and a `PasswordHasher` where a password is involved."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from runlift.core.errors import InputError, NotFound, RunliftError
from runlift.store import accounts as db
from runlift.store.accounts import Principal, TokenInfo, UserInfo

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from runlift.store.repo import Store

Scope = Literal["read", "write"]
SCOPES: tuple[Scope, ...] = ("read", "write")
SESSION_TTL = dt.timedelta(days=30)
RESET_TTL = dt.timedelta(hours=1)
LOGIN_FAILURES = 5  # failed sign-ins per address and IP …
LOGIN_WINDOW = dt.timedelta(minutes=15)  # … within this window, then 429 until the oldest leaves it
TOKEN_PREFIX = "rl_"
TOKEN_USED_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often per token
MIN_PASSWORD, MAX_PASSWORD = 8, 1024
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Unauthorized(RunliftError):
    """No valid credentials: a wrong password, an unknown or expired secret (HTTP 401)."""


class RateLimited(RunliftError):
    """Too many failed sign-ins (HTTP 429); `retry_after` in whole seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def password_hasher(
    time_cost: int | None = None, memory_kib: int | None = None, parallelism: int | None = None
) -> PasswordHasher:
    """argon2id with argon2-cffi's defaults; lower values only for tests (settings)."""
    from argon2 import PasswordHasher

    default = PasswordHasher()
    return PasswordHasher(
        time_cost=time_cost or default.time_cost,
        memory_cost=memory_kib or default.memory_cost,
        parallelism=parallelism or default.parallelism,
    )


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(session_secret: str) -> str:
    """The CSRF token of a session: derived from its secret (HMAC), so a request carrying both the
    session cookie and this token came from a page that could read the sign-in answer."""
    return hmac.new(session_secret.encode(), b"runlift csrf", hashlib.sha256).hexdigest()


def csrf_ok(session_secret: str, token: str | None) -> bool:
    return token is not None and hmac.compare_digest(csrf_token(session_secret), token)


def email_key(email: str) -> str:
    """An address as stored and compared: trimmed and lower-cased (one account per address)."""
    key = email.strip().lower()
    if len(key) > 320 or not _EMAIL.fullmatch(key):
        raise InputError(f"email: expected an address like runner@example.org, got {email[:80]!r}")
    return key


def _check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(f"password: expected {MIN_PASSWORD} to {MAX_PASSWORD} characters, got {len(password)}")


# --- users -------------------------------------------------------------------------------------------


def add_user(
    store: Store, email: str, password: str, now: dt.datetime, hasher: PasswordHasher, athlete: str | None = None
) -> UserInfo:
    """A new user; with `athlete`, the named athlete (already in the store) becomes theirs."""
    key = email_key(email)
    _check_password(password)
    athlete_id = store.athlete_id(athlete) if athlete is not None else None
    user = db.add_user(store, key, hasher.hash(password), now)
    if athlete_id is not None:
        db.set_owner(store, athlete_id, user.id)
        return UserInfo(user.id, user.email, user.created_at, (store_name(store, athlete_id),))
    return user


def store_name(store: Store, athlete_id: int) -> str:
    return next(a.name for a in store.athletes() if a.id == athlete_id)


def users(store: Store) -> list[UserInfo]:
    return db.users(store)


def user(store: Store, email: str) -> UserInfo:
    found = db.user_by_email(store, email_key(email))
    if found is None:
        raise NotFound("user", email)
    return found[0]


def give_athlete(store: Store, email: str, athlete: str) -> tuple[UserInfo, str]:
    """The named athlete belongs to the user with this address from now on (their one owner)."""
    found = user(store, email)
    athlete_id = store.athlete_id(athlete)
    db.set_owner(store, athlete_id, found.id)
    return found, store_name(store, athlete_id)


# --- signing in ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewSession:
    user: UserInfo
    secret: str  # for the cookie; stored only as its hash
    csrf: str
    expires_at: dt.datetime


_dummy: dict[tuple[int, int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify against when the address is unknown, so both answers take as long."""
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _dummy:
        _dummy[key] = hasher.hash(new_secret())
    return _dummy[key]


def login(
    store: Store,
    email: str,
    password: str,
    ip: str,
    now: dt.datetime,
    hasher: PasswordHasher,
    ttl: dt.timedelta = SESSION_TTL,
) -> NewSession:
    """A new session for the right password; Unauthorized otherwise (the same words for an unknown
    address and a wrong password); RateLimited after LOGIN_FAILURES failures from this IP for this
    address within LOGIN_WINDOW (counted in the database: the limit holds across worker processes)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    key = email.strip().lower()[:320]
    ip = ip[:64]
    failures, oldest = db.recent_failures(store, key, ip, now - LOGIN_WINDOW)
    if failures >= LOGIN_FAILURES and oldest is not None:
        wait = max(1, int((oldest + LOGIN_WINDOW - now).total_seconds()) + 1)
        raise RateLimited(f"too many failed sign-ins for {key}: try again in {wait} seconds", wait)
    found = db.user_by_email(store, key)
    stored = found[1] if found else _dummy_hash(hasher)
    try:
        hasher.verify(stored, password)
        ok = found is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None:
        db.add_failure(store, key, ip, now, now - LOGIN_WINDOW)
        raise Unauthorized("email or password is wrong")
    user_info, stored_hash = found
    db.clear_failures(store, key, ip)
    if hasher.check_needs_rehash(stored_hash):  # parameters raised since: store the stronger hash
        db.set_password_hash(store, user_info.id, hasher.hash(password))
    secret = new_secret()
    expires = now + ttl
    db.add_session(store, user_info.id, digest(secret), now, expires)
    return NewSession(user_info, secret, csrf_token(secret), expires)


def logout(store: Store, session_secret: str) -> None:
    db.end_session(store, digest(session_secret))


def session_principal(store: Store, session_secret: str, now: dt.datetime) -> Principal | None:
    return db.session_principal(store, digest(session_secret), now)


# --- API tokens ----------------------------------------------------------------------------------------


def _scope(scope: str) -> Scope:
    if scope not in SCOPES:
        raise InputError(f"scope: expected read or write, got {scope!r}")
    return "read" if scope == "read" else "write"


def add_token(store: Store, user_id: int, name: str, scope: str, now: dt.datetime) -> tuple[TokenInfo, str]:
    """A new token and its secret, shown this once (only its hash is kept)."""
    from runlift.core.limits import plain_name

    label = plain_name(name)
    if not 1 <= len(label) <= 100:
        raise InputError(f"name: expected 1 to 100 characters, got {len(label)}")
    secret = TOKEN_PREFIX + new_secret()
    info = db.add_token(store, user_id, label, secret[:10], digest(secret), _scope(scope), now)
    return info, secret


def add_token_for(store: Store, email: str, name: str, scope: str, now: dt.datetime) -> tuple[TokenInfo, str]:
    """`runlift token add`: a token for the user with this address."""
    return add_token(store, user(store, email).id, name, scope, now)


def tokens(store: Store, user_id: int | None = None) -> list[TokenInfo]:
    return db.tokens(store, user_id)


def revoke_token(store: Store, token_id: int, now: dt.datetime, user_id: int | None = None) -> TokenInfo:
    """Revoke a token: a user only their own (`user_id`), the operator any (None)."""
    return db.revoke_token(store, token_id, now, user_id)


def token_principal(store: Store, secret: str, now: dt.datetime) -> Principal | None:
    """Who a bearer token speaks for, or None (unknown or revoked); notes when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    found = db.token_principal(store, digest(secret))
    stale = found is not None and (found.last_used_at is None or now - found.last_used_at >= TOKEN_USED_EVERY)
    if found is not None and found.token_id is not None and stale:
        db.token_used(store, found.token_id, now)
    return found


# --- password reset ------------------------------------------------------------------------------------


def request_reset(store: Store, email: str, now: dt.datetime, ttl: dt.timedelta = RESET_TTL) -> str | None:
    """A single-use reset token for the address, or None when no account has it (the caller answers
    the same either way; the operator sees the token in the log, there is no mail server)."""
    try:
        key = email_key(email)
    except InputError:
        return None
    found = db.user_by_email(store, key)
    if found is None:
        return None
    secret = new_secret()
    db.add_reset(store, found[0].id, digest(secret), now, now + ttl)
    return secret


def reset_for(store: Store, email: str, now: dt.datetime, ttl: dt.timedelta = RESET_TTL) -> str:
    """`runlift user reset-password`: a reset token for a user who must exist."""
    user(store, email)
    secret = request_reset(store, email, now, ttl)
    assert secret is not None
    return secret


def confirm_reset(store: Store, secret: str, password: str, now: dt.datetime, hasher: PasswordHasher) -> None:
    """Set a new password with a reset token, once; every session of the user ends."""
    _check_password(password)
    if db.use_reset(store, digest(secret), hasher.hash(password), now) is None:
        raise InputError("token: expected a reset token that is unused and less than an hour old")
