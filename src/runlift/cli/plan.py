"""`runlift plan`, `runlift demo` and `runlift why`: the season and its reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.dates import parse_date
from runlift.cli.output import JsonOpt, console, emit_json

if TYPE_CHECKING:
    from runlift.core.profile import Profile
    from runlift.core.season import SeasonPlan

ProfileArg = Annotated[Path, typer.Argument(help="The runner's file (TOML), e.g. from `runlift init`.")]
StartOpt = Annotated[
    str | None, typer.Option("--start", help="First day of the plan (its week's Monday starts it). Default: today.")
]
WeeksOpt = Annotated[
    int | None,
    typer.Option(
        "--weeks", min=1, max=104, help="Number of weeks. Default: through the recovery after your last A race."
    ),
]


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("demo")(demo)
    app.command("why")(why)


def build(profile: Profile, start: dt.date, weeks: int | None) -> SeasonPlan:
    from runlift.core.season import plan_season
    from runlift.data import library

    return plan_season(profile, library(), start, weeks)


def plan(profile: ProfileArg, start: StartOpt = None, weeks: WeeksOpt = None, json_: JsonOpt = False) -> None:
    """Print the season: phases, then week by week the runs and the lift sessions."""
    from runlift.profile_file import read_profile

    season = build(read_profile(profile), parse_date(start, "--start"), weeks)
    _show(season, json_)


def demo(start: StartOpt = None, weeks: WeeksOpt = None, json_: JsonOpt = False) -> None:
    """Print the season plan of the built-in demo athlete (seed M's half-marathon runner)."""
    from runlift.profile_file import demo_profile

    first = parse_date(start, "--start")
    season = build(demo_profile(first), first, weeks)
    _show(season, json_)


def _show(season: SeasonPlan, json_: bool) -> None:
    if json_:
        from runlift.core.serialize import plan_to_dict

        emit_json(plan_to_dict(season))
        return
    from runlift.cli.render import render_plan

    render_plan(console(), season)


def why(
    ctx: typer.Context,
    first: Annotated[
        str,
        typer.Argument(
            metavar="[PROFILE] DATE",
            help="A runner's file then a date; or just a date, for the athlete in the log (adapted plan).",
        ),
    ],
    second: Annotated[
        str | None,
        typer.Argument(metavar="[DATE|EXERCISE]", show_default=False, help="The date (after a file) or an exercise."),
    ] = None,
    third: Annotated[
        str | None,
        typer.Argument(
            metavar="[EXERCISE]", show_default=False, help="An exercise of that session (id, name or abbreviation)."
        ),
    ] = None,
    start: StartOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Explain a session (or one exercise in it): the rules behind it, in plain words, with sources."""
    from runlift.core.errors import InputError
    from runlift.core.explain import explain_day
    from runlift.data import rulebook

    if Path(first).is_file():
        if second is None:
            raise InputError("DATE: expected a date after the runner's file, got nothing")
        day = parse_date(second, "DATE")
        season, exercise = _season_from_file(Path(first), day, start), third

    else:
        try:
            day = dt.date.fromisoformat(first)
        except ValueError:
            raise InputError(f"PROFILE: expected a runner's file or a date, got {first!r}") from None
        season, exercise = _season_from_log(ctx, day), second
    explanation = explain_day(season, rulebook(), day, exercise)
    if json_:
        from runlift.core.serialize import explanation_to_dict

        emit_json(explanation_to_dict(explanation))
        return
    from runlift.cli.render import render_explanation

    render_explanation(console(), explanation)


def _season_from_file(path: Path, day: dt.date, start: str | None) -> SeasonPlan:
    from runlift.core.periodize import default_weeks
    from runlift.profile_file import read_profile

    first = parse_date(start, "--start") if start else min(day, dt.date.today())
    runner = read_profile(path)
    weeks = max(default_weeks(first, runner.races), (day - first).days // 7 + 1)
    return build(runner, first, min(weeks, 104))


def _season_from_log(ctx: typer.Context, day: dt.date) -> SeasonPlan:
    """The athlete's plan as the log shaped it, for the week of `day`."""
    from runlift.cli.state import adapted, athlete_state, options
    from runlift.core.calendar import monday_of

    opts = options(ctx)
    state = athlete_state(opts)
    log = opts.store().training_log(state.athlete_id, until=day - dt.timedelta(days=1))
    return adapted(state, log, day, show_from=monday_of(day)).plan
