"""`runlift serve`: the JSON API over HTTP (uvicorn). Thin: settings in, runlift.web.serving out."""

from __future__ import annotations

from typing import Annotated

import typer

from runlift.cli.state import options


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback unless --multi-user).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="App processes (PostgreSQL for more than 1).")] = 1,
    multi_user: Annotated[
        bool, typer.Option("--multi-user", help="Accounts, logins and coaches (PostgreSQL, RUNLIFT_SECRET_KEY).")
    ] = False,
) -> None:
    """Serve the JSON API (/api/v1; docs at /api/docs). The database is --db, as for every command."""
    from runlift.settings import load
    from runlift.web.serving import serve as run

    given: dict[str, object] = {"multi_user": True} if multi_user else {}
    db = options(ctx).db
    if db:
        given["database_url"] = db
    run(load(**given), host, port, workers)
