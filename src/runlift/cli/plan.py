"""`runlift plan`, `runlift demo` and `runlift why`: the season and its reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.dates import parse_date
from runlift.cli.output import console, emit_json

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
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of tables.")]


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
    profile: ProfileArg,
    date: Annotated[str, typer.Argument(help="A date with a lift session, e.g. 2027-01-11.")],
    exercise: Annotated[str | None, typer.Argument(help="An exercise of that session (id or name).")] = None,
    start: StartOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Explain a session (or one exercise in it): the rules behind it, in plain words, with sources."""
    from runlift.core.explain import explain_day
    from runlift.data import rulebook
    from runlift.profile_file import read_profile

    day = parse_date(date, "DATE")
    first = parse_date(start, "--start") if start else min(day, dt.date.today())
    runner = read_profile(profile)
    from runlift.core.periodize import default_weeks

    weeks = max(default_weeks(first, runner.races), (day - first).days // 7 + 1)
    season = build(runner, first, min(weeks, 104))
    explanation = explain_day(season, rulebook(), day, exercise)
    if json_:
        from runlift.core.serialize import explanation_to_dict

        emit_json(explanation_to_dict(explanation))
        return
    from runlift.cli.render import render_explanation

    render_explanation(console(), explanation)
