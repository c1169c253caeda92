"""`runlift export ics|csv|plan`: the plan where the runner looks, and the log as tidy CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.output import JsonTextOpt, console, emit_json, write_whole
from runlift.cli.state import adapted, athlete_state, now, options, today

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
    from runlift.core.calendar import monday_of

    day = today()
    if profile is not None:
        from runlift.cli.plan import build
        from runlift.profile_file import read_profile

        return build(read_profile(profile), day, None)
    opts = options(ctx)
    state = athlete_state(opts)
    log = opts.store().training_log(state.athlete_id, until=day).before_session(day)  # today's pain counts (MOD-1)
    return adapted(state, log, day, show_from=monday_of(day)).plan


@export_app.command("ics")
def ics(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The .ics file to write.")],
    runs: Annotated[bool, typer.Option("--runs", help="Add the runs of your usual week too.")] = False,
    profile: ProfileOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """The lift sessions as calendar events; re-importing the file updates them (stable UIDs)."""
    from runlift.exporters.ics import plan_to_ics

    plan = _plan(ctx, profile)
    content = plan_to_ics(plan, now(), runs=runs, since=today())
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
    from runlift.exporters.csv_export import write_csv
    from runlift.store.imports import activities

    opts = options(ctx)
    state = athlete_state(opts)
    store = opts.store()
    paths = write_csv(folder, store.training_log(state.athlete_id), activities(store, state.athlete_id))
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
    from runlift.exporters.printable import plan_to_html

    if file.suffix.lower() not in (".html", ".htm"):
        from runlift.core.errors import InputError

        raise InputError(
            f"{file}: expected a .html file (runlift writes a printable HTML page; "
            f"print it to PDF from the browser), got {file.suffix or 'no extension'!r}"
        )
    season = _plan(ctx, profile)
    write_whole(file, plan_to_html(season).encode("utf-8"))
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
    from runlift.exporters.fit_workouts import session_to_fit
    from runlift.exporters.safe_write import ensure_folder

    day = today()
    until = day + dt.timedelta(weeks=weeks)
    ensure_folder(folder)
    written = []
    for session in _plan(ctx, profile).sessions():
        if not day <= session.date < until:
            continue
        name = f"Lift {session.date:%a %d %b} {session.focus.value}"
        path = folder / f"{session.date.isoformat()}-{session.time.value}-lift.fit"
        write_whole(path, session_to_fit(session, name, now()))
        written.append(str(path))
    if json_:
        emit_json({"files": written})
    else:
        console().print(f"Wrote {len(written)} workout(s) to {folder}.")
