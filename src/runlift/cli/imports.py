"""`runlift import` and `runlift activities`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.dates import SinceOpt
from runlift.cli.output import JsonOpt, JsonTextOpt, console, distance, emit_json, err_console, pace, plain
from runlift.cli.state import athlete, now, options

if TYPE_CHECKING:
    from runlift.app.database import Store
    from runlift.app.imports import NameMapping

EXIT_PARTIAL = 3


activities_app = typer.Typer(
    help="List the imported activities: runs, rides, swims and everything else.", invoke_without_command=True
)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.add_typer(activities_app, name="activities")


def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files, folders, .zip or .gz (nested archives too).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad file and write nothing.")] = False,
    review: Annotated[bool, typer.Option("--review", help="List how exercise names were mapped, to confirm.")] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="Correct a mapping: 'NAME=EXERCISE', e.g. 'Front Pulldown=lat-pulldown'."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", min=0, help="Read files with N processes (default 0: every core when reading is the slow part)."
        ),
    ] = 0,
    json_: JsonOpt = False,
) -> None:
    """Import runs and other activities (FIT, GPX, TCX, Strava and Garmin exports) and lifts (Strong, Hevy)."""
    from runlift.app.athletes import runner
    from runlift.app.imports import import_files, name_mappings
    from runlift.core.errors import InputError
    from runlift.importers.driver import disk_bytes

    given = options(ctx)
    store, athlete_id = athlete(given)
    units = runner(store, athlete_id).units
    if mapping:
        _remap(store, athlete_id, mapping, json_)
        return
    if review:
        _review(name_mappings(store, athlete_id), json_)
        return

    if not paths:
        raise InputError("PATHS: expected at least one file or folder to import")
    with _progress(disk_bytes(paths), json_) as advance:
        result = import_files(
            store,
            athlete_id,
            paths,
            units,
            now(),
            jobs=jobs,
            strict=strict,
            advance=advance,
            limits=given.import_limits(),
        )
    doc = result.doc()
    if json_:
        emit_json(doc)
    else:
        _summary(doc)
    if result.skipped:
        raise typer.Exit(EXIT_PARTIAL)


@contextmanager
def _progress(total_bytes: int, quiet: bool) -> Iterator[Callable[[float], None]]:
    """A Rich progress bar on a terminal (stderr): MB done, MB/s, ETA. Silent when piped or --json."""
    if quiet or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task("Importing", total=total_bytes)
        yield lambda n: bar.advance(task, n)


def _summary(result: dict[str, object]) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    skipped, warnings = result["skipped"], result["warnings"]
    assert isinstance(skipped, list) and isinstance(warnings, list)
    out.print(
        f"{result['files']} file(s): {result['imported']} imported, {result['duplicates']} already there, "
        f"{len(skipped)} skipped."
    )
    for entry in warnings:
        out.print(f"Warning: {escape(entry['path'])}: {escape(entry['reason'])}", highlight=False)
    if skipped:
        table = Table(title="Skipped", header_style="bold")
        table.add_column("file")
        table.add_column("why")
        for entry in skipped:
            table.add_row(plain(entry["path"]), plain(entry["reason"]))
        out.print(table)


def _review(mappings: list[NameMapping], json_: bool) -> None:
    rows = [(m.source, m.exercise, m.how, m.score) for m in mappings]
    if json_:
        emit_json([{"source": s, "exercise": e, "how": h, "score": round(c, 1)} for s, e, h, c in rows])
        return
    from rich.table import Table

    table = Table(title="Exercise names from your imports", header_style="bold")
    for column in ("name in the export", "runlift exercise", "matched by", "score"):
        table.add_column(column)
    for source, exercise, how, score in rows:
        table.add_row(plain(source), plain(exercise), how, f"{score:.0f}")
    console().print(table)


@activities_app.callback()
def activities_command(
    ctx: typer.Context,
    since: SinceOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List the imported activities: runs, rides, swims and everything else; `confirm ID` counts a held run."""
    if ctx.invoked_subcommand is not None:
        return
    from runlift.app.athletes import runner
    from runlift.app.documents import activities_document, is_run
    from runlift.app.imports import activity_list
    from runlift.cli.dates import parse_date

    store, athlete_id = athlete(options(ctx))
    first = parse_date(since, "--since") if since else None
    listed = activity_list(store, athlete_id, first)
    doc = activities_document(listed)
    if json_:
        emit_json(doc)
        return
    from rich.table import Table

    units = runner(store, athlete_id).units
    table = Table(header_style="bold")
    for column in ("id", "start", "sport", "distance", "time", "pace", "avg HR", "source"):
        table.add_column(column)
    for i, a in ((x.id, x.activity) for x in listed):
        far = distance(a.distance_m, units) if a.distance_m else "—"
        moving = a.moving_s or a.elapsed_s
        time = f"{int(moving // 3600)}:{int(moving % 3600 // 60):02d}" if moving else "—"
        table.add_row(
            str(i),
            a.start.strftime("%Y-%m-%d %H:%M"),
            plain(a.sport),
            far,
            time,
            (pace(a.distance_m, moving, units) if is_run(a.sport) else "") or "—",
            f"{a.avg_hr:.0f}" if a.avg_hr else "—",
            a.source_format,
        )
    console().print(table)
    for i, why in sorted((x.id, x.held) for x in listed if x.held is not None):
        console().print(f"Run {i} is left out of the running load: {why}; `runlift activities confirm {i}` counts it.")


@activities_app.command("confirm")
def confirm_command(
    ctx: typer.Context,
    activity_id: Annotated[int, typer.Argument(metavar="ID", help="The activity's id (see `runlift activities`).")],
    json_: JsonTextOpt = False,
) -> None:
    """Count an imported run the import held back (an impossible pace): you say it is right."""
    from runlift.app.imports import confirm_run

    activity = confirm_run(*athlete(options(ctx)), activity_id)
    if json_:
        emit_json({"id": activity_id, "start": activity.start.isoformat(), "held": None})
    else:
        console().print(f"Run {activity_id} of {activity.start:%a %d %b %Y} now counts in your running load.")


def _remap(store: Store, athlete_id: int, pairs: list[str], json_: bool) -> None:
    from runlift.app.imports import remap_names
    from runlift.core.errors import InputError

    wanted = []
    for pair in pairs:  # every pair checked before anything moves
        name, sep, target = pair.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise InputError(f"--map: expected NAME=EXERCISE like 'Front Pulldown=lat-pulldown', got {pair!r}")
        wanted.append((name.strip(), target.strip()))
    done = [
        {"source": r.source, "exercise": r.exercise, "sets": r.sets} for r in remap_names(store, athlete_id, wanted)
    ]
    if json_:
        emit_json(done)
    else:
        for d in done:
            console().print(f"{plain(d['source'])} → {plain(d['exercise'])} ({d['sets']} sets moved).")
