"""Printing: exactly one JSON document on stdout with --json, Rich otherwise."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

# --json on every command; which one says what the document replaces: tables, or a line of text
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of tables.")]
JsonTextOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of text.")]


def emit_json(document: object) -> None:
    """Pretty on a terminal; compact (and C-encoded, ~10× faster) when piped."""
    if sys.stdout.isatty():
        text = json.dumps(document, indent=2, ensure_ascii=False)
    else:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write(text + "\n")


def write_whole(path: Path, content: bytes) -> None:
    """Write to `path.partial`, then rename: never a half-written file under the real name."""
    tmp = path.with_name(path.name + ".partial")
    tmp.write_bytes(content)
    tmp.replace(path)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def distance(meters: float, units: object) -> str:
    """A distance in the runner's units: miles for lb runners, km for kg runners."""
    if getattr(units, "value", units) == "lb":
        return f"{meters / 1609.344:.1f} mi"
    return f"{meters / 1000:.1f} km"
