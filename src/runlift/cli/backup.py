"""`runlift backup FILE` and `runlift restore FILE`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from runlift.cli.output import JsonTextOpt, console, emit_json, write_whole
from runlift.cli.state import options
from runlift.core.errors import InputError


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the backup (JSON).")],
    json_: JsonTextOpt = False,
) -> None:
    """Write everything in the store to a versioned JSON document."""
    from runlift.app.backup import backup as dump

    doc = dump(options(ctx).store())
    write_whole(file, json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    summary = {"file": str(file), "athletes": len(doc["athletes"])}
    if json_:
        emit_json(summary)
    else:
        console().print(f"Backed up {summary['athletes']} athlete(s) to {file}.")


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup written by runlift backup.")],
    json_: JsonTextOpt = False,
) -> None:
    """Restore a backup into an empty database, all or nothing."""
    from runlift.app.backup import restore as restore_doc

    if not file.is_file():
        raise InputError(f"{file}: cannot read the backup (no such file)")
    athletes = restore_doc(options(ctx).store(), file)  # checked whole, then written, as a stream
    if json_:
        emit_json({"file": str(file), "athletes": athletes})
    else:
        console().print(f"Restored {athletes} athlete(s) from {file}.")
