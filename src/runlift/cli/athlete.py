"""`runlift athlete`: keep runners' files in the store (a changed file is a new version)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runlift.cli.dates import parse_date
from runlift.cli.output import JsonOpt, console, emit_json, plain, questions_on_stderr
from runlift.cli.state import now, options, today

athlete_app = typer.Typer(help="Add runners' files to the log, list them, remove one.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(athlete_app, name="athlete")


@athlete_app.command("add")
def add(
    ctx: typer.Context,
    profile: Annotated[Path, typer.Argument(help="The runner's file (TOML).")],
    valid_from: Annotated[
        str | None, typer.Option("--from", help="Date this version applies from. Default: today.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Store a runner's file; run it again after editing the file to record a new version."""
    from runlift.app.athletes import add_runner
    from runlift.core.errors import InputError

    try:
        text = profile.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{profile}: cannot read the runner's file ({exc.strerror})") from exc
    day = parse_date(valid_from, "--from") if valid_from else today()
    name, saved = add_runner(options(ctx).store(), text, str(profile), day, now())
    result = {
        "athlete": name,
        "version": saved.version,
        "valid_from": saved.valid_from.isoformat(),
        "changed": saved.created,
    }
    if json_:
        emit_json(result)
        return
    verb = "stored as version" if saved.created else "unchanged: still version"
    console().print(f"{plain(name)}: {verb} {saved.version} (from {saved.valid_from}).", markup=False)


@athlete_app.command("list")
def list_(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The athletes in the store and how many versions of their file it keeps."""
    from runlift.app.athletes import athletes as stored

    athletes = stored(options(ctx).store())
    if json_:
        emit_json([{"name": a.name, "versions": a.versions} for a in athletes])
        return
    for a in athletes:
        console().print(f"{plain(a.name)} ({a.versions} version{'s' if a.versions != 1 else ''})")
    if not athletes:
        console().print("No athletes yet: runlift athlete add me.toml")


@athlete_app.command("remove")
def remove(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="The athlete's name (any case). Default: --athlete, or the only one.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Remove an athlete with their files and their whole log (asks first; --yes for scripts)."""
    from runlift.app.athletes import removal, remove_athlete

    opts = options(ctx)
    store = opts.store()
    gone = removal(store, name or opts.athlete)
    if not yes:
        what = (
            f"{gone.versions} file version{'s' if gone.versions != 1 else ''}, "
            f"{gone.lift_sessions} lift session{'s' if gone.lift_sessions != 1 else ''}, "
            f"{gone.runs} run{'s' if gone.runs != 1 else ''}"
        )
        with questions_on_stderr():
            typer.confirm(
                f"Remove {gone.name} and everything logged for them ({what})?", default=False, abort=True, err=True
            )
    remove_athlete(store, gone.name)
    if json_:
        emit_json(
            {"removed": gone.name, "versions": gone.versions, "lift_sessions": gone.lift_sessions, "runs": gone.runs}
        )
        return
    console().print(f"Removed {gone.name}.", markup=False)
