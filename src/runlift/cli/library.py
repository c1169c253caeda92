"""`runlift library`: browse the exercise library; `library show ID`: one exercise, its chain and cues."""

from __future__ import annotations

from typing import Annotated

import typer

from runlift.cli.output import JsonOpt, console, emit_json

library_app = typer.Typer(
    help="Browse the exercise library; `library show ID` for one exercise.", invoke_without_command=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(library_app, name="library")


@library_app.callback()
def library_command(
    ctx: typer.Context,
    pattern: Annotated[
        str | None, typer.Option("--pattern", help="Only this pattern: squat, hinge, push, pull, calf, core, …")
    ] = None,
    equipment: Annotated[
        str | None,
        typer.Option("--equipment", help="Only what this equipment allows, e.g. dumbbells,band ('none': bodyweight)."),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Words in the id, name or cues, e.g. 'single leg'.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """List the exercises runlift knows: id, name, pattern, equipment and their regression chains."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table

    from runlift.app.library import browse
    from runlift.data import library

    exercises = browse(library(), pattern, equipment, search)
    if json_:
        from runlift.core.serialize import exercise_to_dict

        emit_json([exercise_to_dict(e) for e in exercises])
        return
    table = Table(header_style="bold", show_edge=False, pad_edge=False)
    table.add_column("id", no_wrap=True, overflow="ignore")  # an id is what you type: never cut
    table.add_column("name", ratio=3)
    table.add_column("pattern", no_wrap=True)
    table.add_column("equipment", ratio=2)
    for e in exercises:
        table.add_row(e.id, e.name, e.pattern.value, ", ".join(sorted(x.value for x in e.equipment)) or "bodyweight")
    from runlift.cli.page import paged
    from runlift.cli.state import options

    out = console()
    with paged(out, options(ctx).pager):
        out.print(table)
        if not exercises:
            out.print("No exercise matches.")
        else:
            out.print(f"{len(exercises)} exercises. One in full: runlift library show ID", style="dim", markup=False)


@library_app.command("show")
def show(
    exercise: Annotated[str, typer.Argument(help="An id, name or abbreviation (rdl, bss) or a close spelling.")],
    json_: JsonOpt = False,
) -> None:
    """One exercise: what it is, its chain from easiest to hardest, its cues and the areas it stresses."""
    from runlift.app.library import chain
    from runlift.cli.page import Page, width
    from runlift.data import library

    lib = library()
    e = lib.find(exercise)
    steps = chain(lib, e)
    if json_:
        from runlift.core.serialize import exercise_to_dict

        emit_json(exercise_to_dict(e) | {"chain": [s.id for s in steps]})
        return
    out = console()
    page = Page(width(out))
    page.add(f"{e.name} ({e.id})", style="bold")
    sides = "one side at a time" if e.unilateral else "both sides"
    page.add(
        f"{e.pattern.value} · {e.region.value} body · {sides} · {e.position.value} · skill {e.skill.value}", indent=2
    )
    page.add("Equipment: " + (", ".join(sorted(x.value for x in e.equipment)) or "none (bodyweight)"), indent=2)
    page.add("Stresses: " + (", ".join(sorted(s.value for s in e.stresses)) or "no area in particular"), indent=2)
    page.blank()
    page.add("Chain, easiest first:", style="bold")
    for step in steps:
        mark = "▸ " if step.id == e.id else "  "
        page.add(f"{mark}{step.name} ({step.id})", indent=2, hang=4)
    page.blank()
    page.add("Cues:", style="bold")
    for cue in e.cues:
        page.add("· " + cue, indent=2, hang=2)
    for text in page.texts():
        out.print(text, no_wrap=True, overflow="ignore", crop=False)
