"""`runlift user …` and `runlift token …`: the operator's side of multi-user mode (app/accounts.py).

Secrets are printed once, here, and never stored: a new user's first password (unless one comes on
stdin), a password reset token, an API token."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.output import JsonOpt, console, emit_json, plain
from runlift.cli.state import now, options

if TYPE_CHECKING:
    from argon2 import PasswordHasher

user_app = typer.Typer(help="Accounts for multi-user mode (runlift serve --multi-user).", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens for scripts and watches.", no_args_is_help=True)

ResetUrlOpt = Annotated[
    str,
    typer.Option("--url", help="The server's address, to print a link to the reset (no mail is sent)."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")


def _hasher() -> PasswordHasher:
    """argon2id with the settings' cost (RUNLIFT_ARGON2_*; argon2-cffi's defaults unless set)."""
    from runlift.app.accounts import password_hasher
    from runlift.settings import load

    settings = load()
    return password_hasher(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)


def _password_from_stdin() -> str:
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user's email address (one account per address, any case).")],
    athlete: Annotated[
        str | None, typer.Option("--owns", help="An athlete in the store who belongs to this user (any case).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Add a user; without --password-stdin a random first password is printed once."""
    from runlift.app.accounts import add_user, new_secret

    password = _password_from_stdin() if password_stdin else new_secret()
    user = add_user(options(ctx).store(), email, password, now(), _hasher(), athlete=athlete)
    shown = None if password_stdin else password
    if json_:
        emit_json({"id": user.id, "email": user.email, "athletes": list(user.athletes), "password": shown})
        return
    owns = f", owns {', '.join(plain(a) for a in user.athletes)}" if user.athletes else ""
    console().print(f"Added {plain(user.email)} (user {user.id}{owns}).")
    if shown:
        console().print(f"First password (shown once): {shown}")


@user_app.command("own")
def user_own(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user's email address.")],
    athlete: Annotated[str, typer.Argument(help="An athlete in the store (any case).")],
    json_: JsonOpt = False,
) -> None:
    """Give an athlete to a user: they sign in to see and log for it (an athlete has one owner)."""
    from runlift.app.accounts import give_athlete

    owner, name = give_athlete(options(ctx).store(), email, athlete)
    if json_:
        emit_json({"email": owner.email, "athlete": name})
        return
    console().print(f"{plain(name)} belongs to {plain(owner.email)}.")


@user_app.command("list")
def user_list(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Every user and the athletes they own."""
    from runlift.app.accounts import users

    found = users(options(ctx).store())
    if json_:
        emit_json(
            [
                {"id": u.id, "email": u.email, "created_at": u.created_at.isoformat(), "athletes": list(u.athletes)}
                for u in found
            ]
        )
        return
    for u in found:
        owns = ", ".join(plain(a) for a in u.athletes) or "no athlete"
        console().print(f"{u.id}  {plain(u.email)}  ({owns}; since {u.created_at:%Y-%m-%d})")
    if not found:
        console().print("No users yet: runlift user add runner@example.org")


@user_app.command("reset-password")
def user_reset(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user's email address.")],
    url: ResetUrlOpt = "http://127.0.0.1:8000",
    json_: JsonOpt = False,
) -> None:
    """Print a single-use password reset token (valid for an hour) to hand to the user."""
    from runlift.app.accounts import RESET_TTL, reset_for

    secret = reset_for(options(ctx).store(), email, now())
    endpoint = url.rstrip("/") + "/api/v1/auth/password-reset/confirm"
    hours = int(RESET_TTL.total_seconds() // 3600)
    if json_:
        emit_json({"email": email.strip().lower(), "token": secret, "confirm": endpoint, "valid_hours": hours})
        return
    console().print(f"Reset token for {plain(email.strip().lower())} (single use, {hours} h): {secret}")
    console().print(f'POST {endpoint} with {{"token": "…", "password": "…"}}')


@token_app.command("add")
def token_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The user the token acts for.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for (a watch, a script).")] = "token",
    scope: Annotated[str, typer.Option("--scope", help="read, or write (read and write).")] = "read",
    json_: JsonOpt = False,
) -> None:
    """Add an API token (Authorization: Bearer …); its secret is printed once."""
    from runlift.app.accounts import add_token_for

    info, secret = add_token_for(options(ctx).store(), email, name, scope, now())
    if json_:
        emit_json({"id": info.id, "name": info.name, "scope": info.scope, "token": secret})
        return
    console().print(f"Token {info.id} ({plain(info.name)}, {info.scope}) for {plain(email.strip().lower())}:")
    console().print(secret)
    console().print("Shown once: only its hash is kept.")


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    email: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
    json_: JsonOpt = False,
) -> None:
    """API tokens (never their secrets), revoked ones too."""
    from runlift.app.accounts import tokens, user

    store = options(ctx).store()
    found = tokens(store, user(store, email).id if email else None)
    if json_:
        emit_json(
            [
                {
                    "id": t.id,
                    "user_id": t.user_id,
                    "name": t.name,
                    "prefix": t.prefix,
                    "scope": t.scope,
                    "created_at": t.created_at.isoformat(),
                    "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                    "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
                }
                for t in found
            ]
        )
        return
    for t in found:
        state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
        console().print(f"{t.id}  {t.prefix}…  {plain(t.name)}  {t.scope}  user {t.user_id}  {state}")
    if not found:
        console().print("No tokens.")


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(help="The token's id (runlift token list).")],
    json_: JsonOpt = False,
) -> None:
    """Revoke a token: requests with it are refused from now on."""
    from runlift.app.accounts import revoke_token

    info = revoke_token(options(ctx).store(), token_id, now())
    if json_:
        emit_json({"id": info.id, "revoked_at": info.revoked_at.isoformat() if info.revoked_at else None})
        return
    console().print(f"Token {info.id} ({plain(info.name)}) revoked.")
