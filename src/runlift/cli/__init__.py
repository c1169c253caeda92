"""The `runlift` command line (Typer + Rich). Heavy imports happen inside commands."""

from __future__ import annotations

import sys

import typer

from runlift.cli import init as init_cmd
from runlift.cli import library as library_cmd
from runlift.cli import plan as plan_cmd

app = typer.Typer(
    name="runlift",
    help="Strength training that fits a runner's season: a periodized plan placed around your key runs, "
    "where every prescription says why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
plan_cmd.register(app)
init_cmd.register(app)
library_cmd.register(app)


def main() -> None:
    """Entry point: run the app, turning runlift errors into one clear line and exit code 1."""
    from runlift.cli.errors import run

    sys.exit(run(app))
