"""`runlift move`: move a planned lift session to another day of its week, or undo the move."""

from __future__ import annotations

from typing import Annotated

import typer

from runlift.cli.dates import parse_date
from runlift.cli.output import JsonTextOpt, console, emit_json
from runlift.cli.state import athlete, now, options, today


def register(app: typer.Typer) -> None:
    app.command("move")(move)


def move(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(help="The day the session is on now, e.g. 2026-12-03 (or today).")],
    to: Annotated[
        str | None,
        typer.Argument(help="The day to move it to: today or later, same Monday-Sunday week.", show_default=False),
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Put the session back on the day the plan chose.")] = False,
    json_: JsonTextOpt = False,
) -> None:
    """Move a lift session to another day of its week (refused with the reason: SCH-3 …); --undo moves it back."""
    from runlift.app.moves import move_session, undo_move
    from runlift.core.errors import InputError

    store, athlete_id = athlete(options(ctx))
    when = parse_date(day, "DAY")
    if undo:
        if to is not None:
            raise InputError("TO: expected no new day with --undo (it goes back to its planned day), got " + repr(to))
        done = undo_move(store, athlete_id, when, today(), now())
    elif to is None:
        raise InputError("TO: expected the day to move it to, e.g. runlift move 2026-12-03 2026-12-02")
    else:
        done = move_session(store, athlete_id, when, parse_date(to, "TO"), today(), now())
    if json_:
        emit_json(
            {
                "planned": done.planned.isoformat(),
                "day": done.day.isoformat(),
                "moved": done.moved,
                "why": list(done.why),
                "note": done.note,
            }
        )
    else:
        console().print(done.note)
