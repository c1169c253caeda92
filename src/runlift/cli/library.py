"""`runlift library`: browse the exercise library."""

from __future__ import annotations

from typing import Annotated

import typer

from runlift.cli.output import console, emit_json


def register(app: typer.Typer) -> None:
    app.command("library")(library_command)


def library_command(
    pattern: Annotated[str | None, typer.Option("--pattern", help="Only this pattern (squat, hinge, …).")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON document instead of a table.")] = False,
) -> None:
    """List the exercises runlift knows, with their tags and regression chains."""
    from rich.table import Table

    from runlift.data import library

    exercises = [e for e in library() if pattern is None or e.pattern.value == pattern]
    if json_:
        emit_json(
            [
                {
                    "id": e.id,
                    "name": e.name,
                    "pattern": e.pattern.value,
                    "core_types": sorted(c.value for c in e.core_types),
                    "region": e.region.value,
                    "unilateral": e.unilateral,
                    "position": e.position.value,
                    "equipment": sorted(x.value for x in e.equipment),
                    "load_type": e.load_type.value,
                    "skill": e.skill.value,
                    "traits": sorted(t.value for t in e.traits),
                    "stresses": sorted(s.value for s in e.stresses),
                    "regression": e.regression,
                    "progression": e.progression,
                    "specificity": e.specificity,
                    "cues": list(e.cues),
                }
                for e in exercises
            ]
        )
        return
    table = Table(header_style="bold")
    for column in ("id", "pattern", "equipment", "skill", "specificity", "stresses", "easier → harder"):
        table.add_column(column)
    for e in exercises:
        table.add_row(
            e.id,
            e.pattern.value,
            ", ".join(sorted(x.value for x in e.equipment)) or "bodyweight",
            e.skill.value,
            str(e.specificity),
            ", ".join(sorted(s.value for s in e.stresses)),
            f"{e.regression or '·'} → {e.progression or '·'}",
        )
    console().print(table)
