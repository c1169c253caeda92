"""`runlift db current` and `runlift db upgrade`: the database's schema revision, and upgrading it.

Every other command upgrades the schema itself on first use (the CLI is one process); a server
(`runlift serve`) never does: its operator runs `runlift db upgrade` once, before starting it."""

from __future__ import annotations

import typer

from runlift.cli.output import JsonOpt, console, emit_json
from runlift.cli.state import options

db_app = typer.Typer(help="The database's schema: its revision, and upgrading it.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("current")
def current(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Print the database's schema revision and whether it is this runlift's newest (changes nothing)."""
    from runlift.app.database import schema_revision

    revision = schema_revision(options(ctx).db)
    if json_:
        emit_json({"current": revision.current, "head": revision.head, "at_head": revision.at_head})
    elif revision.at_head:
        console().print(f"{revision.current} (head)")
    elif revision.current is None:
        console().print(f"none: no runlift schema yet; this runlift needs {revision.head}: run `runlift db upgrade`")
    else:
        console().print(f"{revision.current}: this runlift needs {revision.head}: run `runlift db upgrade`")


@db_app.command("upgrade")
def upgrade(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Upgrade the database's schema to this runlift's newest, in one transaction (safe to run twice,
    or from two machines at once: the second waits, then has nothing to do)."""
    from runlift.app.database import upgrade

    done = upgrade(options(ctx).db)
    if json_:
        emit_json({"before": done.before, "applied": list(done.applied), "head": done.head})
    elif done.applied:
        before = done.before or "an empty database"
        console().print(f"Upgraded from {before} to {done.head}: applied {', '.join(done.applied)}.")
    else:
        console().print(f"Already at {done.head}: nothing to apply.")
