"""`runlift log …` and `runlift swap`: record what was done; every write is one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.dates import parse_date
from runlift.cli.output import JsonTextOpt, console, emit_json, pace, questions_on_stderr
from runlift.cli.state import athlete, now, options, today

if TYPE_CHECKING:
    from runlift.app.database import Store
    from runlift.app.lift_log import DaySession
    from runlift.core.log import SwapReason

log_app = typer.Typer(
    help="Log lifts, runs, pain and body weight. Alone: log today's session as prescribed.", invoke_without_command=True
)
DateOpt = Annotated[str | None, typer.Option("--date", help="The day it happened. Default: today.")]


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")
    app.command("swap")(swap)


def _logging(ctx: typer.Context, date: str | None) -> tuple[Store, int, dt.date]:
    """What every log command starts from: the store, the athlete, the day it happened.

    `log --date D set …` and `log set … --date D` are the same: the group's --date reaches every
    subcommand; two different dates are an error, never one of them silently."""
    from runlift.core.errors import InputError

    group = ctx.parent.params.get("date") if ctx.parent is not None else None
    if group and date and parse_date(group, "--date") != parse_date(date, "--date"):
        raise InputError(f"--date: given twice with different days ({group} and {date}); give it once")
    opts = options(ctx)
    day = _day(date or group)
    store, athlete_id = athlete(opts)
    return store, athlete_id, day


def _day(date: str | None) -> dt.date:
    from runlift.core.log import check_date

    day = parse_date(date, "--date") if date else today()
    check_date(day, today(), "--date")
    return day


@log_app.callback()
def log_session(
    ctx: typer.Context,
    date: DateOpt = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Don't ask: log the whole session as prescribed (for scripts).")
    ] = False,
    json_: JsonTextOpt = False,
) -> None:
    """Log the day's session set by set (Enter = as prescribed; each set saved as entered), or use a subcommand."""
    if ctx.invoked_subcommand is not None:
        return
    from runlift.app.lift_log import log_as_prescribed, planned_session

    store, athlete_id, day = _logging(ctx, date)
    if not yes:  # set by set, each saved as it is entered (cli/log_walk.py)
        _walk(store, athlete_id, day, planned_session(store, athlete_id, day), json_)
        return
    done = log_as_prescribed(store, athlete_id, day, now())
    if json_:
        emit_json(
            {
                "session_id": done.session_id,
                "date": day.isoformat(),
                "sets": done.sets,
                "not_logged": list(done.not_logged),
            }
        )
        return
    console().print(f"Logged {done.sets} sets on {day:%a %d %b}.")
    for name in done.not_logged:
        console().print(
            f"Not logged: {name} has no known weight yet; log it with `runlift log set` "
            "and the next loads follow from it."
        )


def _walk(store: Store, athlete_id: int, day: dt.date, planned: DaySession, json_: bool) -> None:
    import sys

    from runlift.cli.log_walk import Walk

    walked = Walk(store, athlete_id, planned.units, day, sys.stderr if json_ else sys.stdout, now()).run(
        planned.session, planned.last
    )
    if json_:
        emit_json(
            {
                "session_id": walked.session_id,
                "date": day.isoformat(),
                "sets": walked.saved,
                "skipped": walked.skipped,
                "stopped": walked.stopped,
            }
        )
        return
    what = f"{walked.saved} set{'s' if walked.saved != 1 else ''}" + (
        f", {walked.skipped} skipped" if walked.skipped else ""
    )
    rest = " Run `runlift log` again to go on." if walked.stopped else ""
    console().print(f"Logged {what} on {day:%a %d %b}.{rest}", markup=False)


@log_app.command("set")
def log_set(
    ctx: typer.Context,
    exercise: Annotated[str, typer.Argument(help="Exercise id or name (fuzzy), e.g. split-squat.")],
    spec: Annotated[
        list[str], typer.Argument(help="SETSxREPS[@WEIGHT[lb|kg]] then rirN / rpeN / skipped, e.g. 3x8@40lb rir2.")
    ],
    side: Annotated[str, typer.Option("--side", help="L, R or both.")] = "both",
    flag: Annotated[
        str | None,
        typer.Option(
            "--flag",
            help="It was painful, unsafe, too-hard, clunky or shame: swap it for a step back from now on (MOD-1).",
        ),
    ] = None,
    date: DateOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """Log sets of one exercise: runlift log set split-squat 3x8@40lb rir2 --side L."""
    from runlift.app.athletes import runner
    from runlift.app.lift_log import log_named_sets
    from runlift.cli.specs import parse_markers, parse_sets
    from runlift.core.errors import InputError
    from runlift.core.log import Side

    store, athlete_id, day = _logging(ctx, date)
    count, reps, weight, unit = parse_sets(spec[0], runner(store, athlete_id).units)
    rir, rpe, skipped = parse_markers(spec[1:])
    sides = {"l": Side.LEFT, "left": Side.LEFT, "r": Side.RIGHT, "right": Side.RIGHT, "both": Side.BOTH}
    if side.lower() not in sides:
        raise InputError(f"--side: expected L, R or both, got {side!r}")
    reason = _reason("--flag", flag)
    done = log_named_sets(
        store,
        athlete_id,
        day,
        exercise,
        count,
        reps=reps,
        weight=weight,
        unit=unit,
        side=sides[side.lower()],
        rir=rir,
        rpe=rpe,
        skipped=skipped,
        flag=reason,
        today=today(),
        now=now(),
    )
    logged = done.logged
    if json_:
        emit_json(
            {
                "session_id": done.session_id,
                "exercise": done.exercise.id,
                "sets": count,
                "reps": reps,
                "weight": weight,
                "unit": unit.value,
                "side": logged.side.value,
                "date": day.isoformat(),
            }
        )
    else:
        load = f" @ {weight:g} {unit.value}" if weight else ""
        console().print(f"Logged {done.exercise.name} {count}×{reps}{load} ({logged.side.value}) on {day:%a %d %b}.")


def _reason(field: str, given: str | None) -> SwapReason | None:
    from runlift.core.errors import InputError
    from runlift.core.log import SwapReason

    if given is None:
        return None
    try:
        return SwapReason(given.lower())
    except ValueError:
        raise InputError(f"{field}: expected one of {', '.join(r.value for r in SwapReason)}, got {given!r}") from None


@log_app.command("run")
def log_run(
    ctx: typer.Context,
    distance: Annotated[str, typer.Argument(help="e.g. 10km, 6.2mi, 800m.")],
    duration: Annotated[str, typer.Argument(help="e.g. 52:30, 1:02:03, 45min.")],
    rest: Annotated[
        list[str] | None, typer.Argument(help="Run type (easy, tempo, …) and rpeN, e.g. tempo rpe7.")
    ] = None,
    hr: Annotated[float | None, typer.Option("--hr", help="Average heart rate.")] = None,
    again: Annotated[
        bool, typer.Option("--again", help="Log it even if the same run is already logged that day.")
    ] = False,
    date: DateOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """Log a run: runlift log run 10km 52:30 tempo rpe7."""
    from runlift.app.athletes import runner
    from runlift.app.documents import pace_s_per_km
    from runlift.app.runs import log_run
    from runlift.cli.specs import parse_distance_m, parse_duration_s, parse_markers
    from runlift.core.errors import InputError
    from runlift.core.log import RunEntry
    from runlift.core.profile import RunType

    store, athlete_id, day = _logging(ctx, date)
    units = runner(store, athlete_id).units
    kinds = [t for t in rest or [] if not t.lower().startswith("rpe")]
    if len(kinds) > 1:
        raise InputError(f"run: expected one run type, got {' '.join(kinds)!r}")
    try:
        run_type = RunType(kinds[0].lower()) if kinds else RunType.EASY
    except ValueError:
        raise InputError(f"run type: expected one of {', '.join(t.value for t in RunType)}, got {kinds[0]!r}") from None
    _, rpe, _ = parse_markers([t for t in rest or [] if t.lower().startswith("rpe")])
    run = RunEntry(day, run_type, parse_distance_m(distance, units), parse_duration_s(duration), rpe, hr)
    logged = log_run(store, athlete_id, run, today(), now(), again, ask=_asker(json_))
    if json_:
        emit_json(
            {
                "run_id": logged.run_id,
                "same_as_imported": logged.imported.source if logged.imported else None,
                "date": day.isoformat(),
                "type": run.type.value,
                "distance_m": run.distance_m,
                "duration_s": run.duration_s,
                "pace_s_per_km": pace_s_per_km(run.distance_m, run.duration_s),
                "rpe": run.rpe,
            }
        )
    else:
        far = run.distance_m / (1609.344 if units.distance == "mi" else 1000.0)
        article = "an" if run.type.value[0] in "aeiou" else "a"
        console().print(
            f"Logged {article} {run.type.value} run of {far:.2f} {units.distance} "
            f"at {pace(run.distance_m, run.duration_s, units)} on {day:%a %d %b}."
        )
        if logged.imported:
            source = logged.imported.source.upper()
            console().print(f"It is the run imported from {source}: counted once, with what you logged.")


def _asker(json_: bool) -> Callable[[str], bool] | None:
    """A yes/no question on stderr when someone is at the terminal; None (no questions) with --json or a pipe."""
    import sys

    if json_ or not sys.stdin.isatty():
        return None

    def ask(question: str) -> bool:
        with questions_on_stderr():
            return typer.confirm(question, default=False, err=True)

    return ask


@log_app.command("pain")
def log_pain(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="knee, achilles, hamstring, hip, lower-back, shoulder or foot.")],
    score: Annotated[int, typer.Argument(help="0 (none) to 10 (worst).")],
    date: DateOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """Note pain or soreness in an area (TRK-3); 3/10 or more keeps exercises that load it out (MOD-1)."""
    from runlift.app.body import note_pain
    from runlift.core.errors import InputError
    from runlift.core.library import BodyArea
    from runlift.core.log import PainNote

    store, athlete_id, day = _logging(ctx, date)
    try:
        body_area = BodyArea(area.lower())
    except ValueError:
        raise InputError(f"area: expected one of {', '.join(a.value for a in BodyArea)}, got {area!r}") from None
    note_pain(store, athlete_id, PainNote(day, body_area, score), today(), now())
    if json_:
        emit_json({"date": day.isoformat(), "area": body_area.value, "score": score})
    else:
        console().print(f"Noted {body_area.value} {score}/10 on {day:%a %d %b}.")


@log_app.command("weight")
def log_weight(
    ctx: typer.Context,
    value: Annotated[str, typer.Argument(help="Body weight, e.g. 134.5lb or 61kg.")],
    date: DateOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """Log body weight."""
    from runlift.app.athletes import runner
    from runlift.app.body import log_weight as save_weight
    from runlift.cli.specs import parse_weight
    from runlift.core.log import BodyWeight

    store, athlete_id, day = _logging(ctx, date)
    weight, unit = parse_weight(value, runner(store, athlete_id).units)
    save_weight(store, athlete_id, BodyWeight(day, weight, unit), today(), now())
    if json_:
        emit_json({"date": day.isoformat(), "value": weight, "unit": unit.value})
    else:
        console().print(f"Logged body weight {weight:g} {unit.value} on {day:%a %d %b}.")


def swap(
    ctx: typer.Context,
    exercise: Annotated[
        str | None,
        typer.Argument(
            help="The exercise to modify (id or name); with --back, the one swapped out (default: the latest)."
        ),
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", help="pain, unsafe, too-hard, clunky or shame (MOD-1).")
    ] = "too-hard",
    back: Annotated[bool, typer.Option("--back", help="Undo a swap: progress back one step.")] = False,
    date: DateOpt = None,
    json_: JsonTextOpt = False,
) -> None:
    """Swap an exercise for a step back on its chain for the coming weeks (MOD-1, MOD-2); --back undoes it."""
    from runlift.app.swaps import swap_named, undo_swap
    from runlift.core.errors import InputError

    store, athlete_id, day = _logging(ctx, date)
    why = _reason("--reason", reason)
    assert why is not None
    if back:
        done = undo_swap(store, athlete_id, exercise, day, now())
    elif exercise is None:
        raise InputError("EXERCISE: expected the exercise to swap, e.g. runlift swap bss --reason clunky")
    else:
        done = swap_named(store, athlete_id, exercise, why, day, today(), now())
    if json_:
        emit_json(
            {
                "exercise": done.exercise,
                "replacement": done.replacement,
                "back": done.back,
                "kept_out_by_pain": [a.value for a in done.pain],
            }
        )
    else:
        console().print(done.note)
