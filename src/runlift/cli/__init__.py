"""The `runlift` command line (Typer + Rich). Heavy imports happen inside commands."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from runlift.cli import athlete as athlete_cmd
from runlift.cli import backup as backup_cmd
from runlift.cli import export as export_cmd
from runlift.cli import imports as imports_cmd
from runlift.cli import init as init_cmd
from runlift.cli import library as library_cmd
from runlift.cli import log as log_cmd
from runlift.cli import plan as plan_cmd
from runlift.cli import views as views_cmd
from runlift.cli.state import Options

app = typer.Typer(
    name="runlift",
    help="Strength training that fits a runner's season: a periodized plan placed around your key runs, "
    "where every prescription says why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="RUNLIFT_DATABASE_URL",
            show_envvar=True,
            help="Database URL (default: a SQLite file in your data folder; postgresql://… for a shared server).",
        ),
    ] = None,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Which athlete, when the store holds several.")
    ] = None,
) -> None:
    """Options every command shares."""
    ctx.obj = Options(db=db, athlete=athlete)


plan_cmd.register(app)
init_cmd.register(app)
library_cmd.register(app)
athlete_cmd.register(app)
log_cmd.register(app)
views_cmd.register(app)
backup_cmd.register(app)
imports_cmd.register(app)
export_cmd.register(app)


def main() -> None:
    """Entry point: run the app, turning runlift errors into one clear line and exit code 1."""
    from runlift.cli.errors import run

    sys.exit(run(app))
