"""`runlift export ics|csv|plan`: the plan where the runner looks, and the log as tidy CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.output import JsonTextOpt, console, emit_json, write_whole
from runlift.cli.state import athlete, now, options, today

if TYPE_CHECKING:
    from runlift.core.season import SeasonPlan

export_app = typer.Typer(help="Export the plan (calendar, printable page) and the log (CSV).", no_args_is_help=True)
ProfileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile", help="Use a runner's file instead of the athlete in the log (the plan as written, not adapted)."
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


def _plan(ctx: typer.Context, profile: Path | None) -> SeasonPlan:
    """The coming weeks: adapted to the log for a stored athlete, or as written for a file."""
    from runlift.app.exports import plan_from_log, plan_from_profile

    if profile is not None:
        from runlift.profile_file import read_profile

        return plan_from_profile(read_profile(profile), today())
    return plan_from_log(*athlete(options(ctx)), today())


@export_app.command("ics")
def ics(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The .ics file to write.")],
    runs: Annotated[bool, typer.Option("--runs", help="Add the runs of your usual week too.")] = False,
    profile: ProfileOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """The lift sessions as calendar events; re-importing the file updates them (stable UIDs)."""
    from runlift.app.exports import calendar

    content = calendar(_plan(ctx, profile), today(), now(), runs=runs)
    write_whole(file, content)
    events = content.count(b"BEGIN:VEVENT")
    if json_:
        emit_json({"file": str(file), "events": events})
    else:
        console().print(f"Wrote {events} events to {file}.")


@export_app.command("csv")
def csv(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder for the CSV files (one per table).")],
    json_: JsonTextOpt = False,
) -> None:
    """The log as tidy CSV: lift sessions, sets, runs, pain, body weight, activities."""
    from runlift.app.exports import write_log_csv

    paths = write_log_csv(*athlete(options(ctx)), folder)
    if json_:
        emit_json({"files": [str(p) for p in paths]})
    else:
        console().print(f"Wrote {len(paths)} files to {folder}.")


@export_app.command("plan")
def plan(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The .html file to write.")],
    html: Annotated[bool, typer.Option("--html", help="A printable HTML page per week (the only format now).")] = True,
    profile: ProfileOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """A printable plan, one page per week, to pin on the fridge."""
    from runlift.app.exports import printable

    if file.suffix.lower() not in (".html", ".htm"):
        from runlift.core.errors import InputError

        raise InputError(
            f"{file}: expected a .html file (runlift writes a printable HTML page; "
            f"print it to PDF from the browser), got {file.suffix or 'no extension'!r}"
        )
    season = _plan(ctx, profile)
    write_whole(file, printable(season).encode("utf-8"))
    if json_:
        emit_json({"file": str(file), "weeks": len(season.weeks)})
    else:
        console().print(f"Wrote {len(season.weeks)} weeks to {file}.")


@export_app.command("fit-workouts")
def fit_workouts(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder for the .fit files (copy them to the watch's NewFiles).")],
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=26, help="How many weeks ahead.")] = 2,
    profile: ProfileOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """Each coming lift session as a FIT workout: real exercise names, reps, weight targets, rests."""
    from runlift.app.exports import fit_workouts as workouts
    from runlift.exporters.safe_write import ensure_folder

    ensure_folder(folder)
    files = workouts(_plan(ctx, profile), today(), weeks, now())
    written = []
    for f in files:
        write_whole(folder / f.name, f.content)
        written.append(str(folder / f.name))
    if json_:
        emit_json({"files": written})
    else:
        console().print(f"Wrote {len(written)} workout(s) to {folder}.")
