"""Printing: exactly one JSON document on stdout with --json, Rich otherwise."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

# --json on every command; which one says what the document replaces: tables, or a line of text
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of tables.")]
JsonTextOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of text.")]


def emit_json(document: object) -> None:
    """Pretty on a terminal; compact (and C-encoded, ~10× faster) when piped.

    Never NaN or Infinity (not JSON): the data is clean, and a non-finite number that slips
    through fails here (allow_nan=False) rather than printing a document no parser reads."""
    if sys.stdout.isatty():
        text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    else:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    sys.stdout.write(text + "\n")


@contextlib.contextmanager
def questions_on_stderr() -> Iterator[None]:
    """Ask here: every byte of a question goes to stderr, stdout stays the answer's (a JSON document).

    typer/click print the question on stderr with `err=True` but then read the answer with
    `input(" ")`, whose prompt (a blank) goes to stdout; this sends that to stderr too."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def write_whole(path: Path, content: bytes) -> None:
    """Write `content` to `path` whole or not at all (runlift.exporters.safe_write)."""
    from runlift.exporters.safe_write import write_whole as write

    write(path, content)


def console() -> Console:
    """Rich for stdout. Markup and emoji codes are off: names come from runners and files, and
    `Bob [/]` or `junk[/].fit` is text to show, not markup (styles are set with Text and style=)."""
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def plain(text: object) -> str:
    """A name from a runner or a file as it may reach a terminal: no escape sequences, no bell."""
    from runlift.core.limits import plain_name

    return plain_name(str(text))


def distance(meters: float, units: object) -> str:
    """A distance in the runner's units: miles for lb runners, km for kg runners."""
    if getattr(units, "value", units) == "lb":
        return f"{meters / 1609.344:.1f} mi"
    return f"{meters / 1000:.1f} km"


def pace(meters: float | None, seconds: float | None, units: object) -> str:
    """Minutes per mile for lb runners, per km for kg runners: '5:15 /km'; '' without distance or time."""
    if not meters or not seconds:
        return ""
    per = 1609.344 if getattr(units, "value", units) == "lb" else 1000.0
    total = round(seconds / (meters / per))
    return f"{total // 60}:{total % 60:02d} /{'mi' if per > 1000 else 'km'}"
