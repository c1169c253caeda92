"""The `runlift` command line (Typer + Rich). Heavy imports happen inside commands."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from runlift.cli import accounts as accounts_cmd
from runlift.cli import athlete as athlete_cmd
from runlift.cli import backup as backup_cmd
from runlift.cli import db as db_cmd
from runlift.cli import export as export_cmd
from runlift.cli import imports as imports_cmd
from runlift.cli import init as init_cmd
from runlift.cli import library as library_cmd
from runlift.cli import log as log_cmd
from runlift.cli import moves as moves_cmd
from runlift.cli import plan as plan_cmd
from runlift.cli import serve as serve_cmd
from runlift.cli import views as views_cmd
from runlift.cli import worker as worker_cmd
from runlift.cli.state import Options

app = typer.Typer(
    name="runlift",
    help="Strength training that fits a runner's season: a periodized plan placed around your key runs, "
    "where every prescription says why.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
)

# global options, also accepted after the command (`runlift today --athlete Sam`): moved in front by main()
GLOBAL_VALUED = ("--db", "--athlete")
GLOBAL_FLAGS = ("--no-pager",)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"runlift {version('runlift')}")
        raise typer.Exit()


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
        str | None,
        typer.Option(
            "--athlete",
            envvar="RUNLIFT_ATHLETE",
            show_envvar=True,
            help="Which athlete, when the store holds several (any case).",
        ),
    ] = None,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output (it is never paged on a pipe).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print runlift's version and exit.")
    ] = False,
) -> None:
    """Options every command shares; defaults come from config.toml (see `runlift --help` in docs/cli.md)."""
    import os

    from runlift.cli.dates import TODAY_ENV, pin_today
    from runlift.config import load_settings

    # the CLI's configuration, read once here: the config file, then RUNLIFT_* variables, then flags
    settings = load_settings()
    ctx.obj = Options(
        db=db or settings.database,
        athlete=athlete or settings.athlete,
        pager=not no_pager,
        runner=settings.runner,
        import_file_limit=os.environ.get("RUNLIFT_IMPORT_FILE_LIMIT"),
        import_batch_limit=os.environ.get("RUNLIFT_IMPORT_BATCH_LIMIT"),
    )
    pin_today(os.environ.get(TODAY_ENV))


plan_cmd.register(app)
moves_cmd.register(app)
init_cmd.register(app)
library_cmd.register(app)
athlete_cmd.register(app)
log_cmd.register(app)
views_cmd.register(app)
backup_cmd.register(app)
imports_cmd.register(app)
export_cmd.register(app)
db_cmd.register(app)
worker_cmd.register(app)
serve_cmd.register(app)
accounts_cmd.register(app)


def hoist_globals(argv: list[str]) -> list[str]:
    """Move global options written after the command in front of it; `--` ends the options."""
    front: list[str] = []
    rest: list[str] = []
    seen_command = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_VALUED:
            take = 1 if "=" in arg else 2
            (front if seen_command else rest).extend(argv[i : i + take])
            i += take
            continue
        if arg in GLOBAL_FLAGS:
            (front if seen_command else rest).append(arg)
        else:
            seen_command = seen_command or not arg.startswith("-")
            rest.append(arg)
        i += 1
    return front + rest


def main() -> None:
    """Entry point: run the app, turning runlift errors into one clear line and exit code 1."""
    from runlift.cli.errors import run
    from runlift.gcpause import paused_gc

    sys.argv[1:] = hoist_globals(sys.argv[1:])
    if command_word(sys.argv[1:]) in LONG_RUNNING:
        sys.exit(run(app))
    with paused_gc():  # one command, one process, one thread: the collector waits (runlift.gcpause)
        code = run(app)
    sys.exit(code)


# commands that run until stopped (the API server, the job worker): a long-lived process collects its
# cycles, so the collector stays on for them; they freeze their start-up heap instead (runlift.gcpause)
LONG_RUNNING = frozenset({"serve", "worker"})


def command_word(argv: list[str]) -> str | None:
    """The command in `argv` once hoist_globals put the global options first: `--db URL serve` → serve."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return None
        if arg in GLOBAL_VALUED:
            i += 2
            continue
        if not arg.startswith("-"):
            return arg
        i += 1
    return None
