"""Map errors to exit codes once, for the whole CLI (STYLE §8)."""

from __future__ import annotations

import os
import sys

import typer

from runlift.core.errors import RunliftError

EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 1, 2, 3


def one_line(message: object) -> str:
    """An error as one line a terminal shows as it is: no newline, no escape sequence from a file name."""
    from runlift.core.limits import plain_name

    return plain_name(" ".join(str(message).split()))


# what to do next, after a thing the store or a use case did not find (its kind): the CLI's words
NEXT_STEP = {
    "imported exercise name": "see `runlift import --review`",
    "activity": "see `runlift activities`",
    "lift session planned on": "log sets with `runlift log set`",
}


def worded(exc: RunliftError) -> str:
    """The CLI's message for an error: the typed errors of the store and of the use cases get the
    flag or the command to use here (the web words the same errors its own way)."""
    from runlift.app.errors import (
        AthleteNotChosen,
        DatabaseUnusable,
        NoAthletes,
        NothingToUndo,
        NotOneOf,
        SameRunLogged,
        SessionAlreadyLogged,
        StrictImportRefused,
    )
    from runlift.core.errors import NotFound

    if isinstance(exc, DatabaseUnusable):
        return f"--db: {exc.problem}"
    if isinstance(exc, AthleteNotChosen):
        return "--athlete: expected one of " + ", ".join(exc.known) + ", got nothing"
    if isinstance(exc, NoAthletes):
        return "no athlete '(none)'; add one first: runlift athlete add me.toml"
    if isinstance(exc, SessionAlreadyLogged):
        return f"--date: {exc.day.isoformat()}'s session is already logged; add sets with `runlift log set`"
    if isinstance(exc, SameRunLogged):
        return f"run: {exc.same}; to log a second run like it, add --again"
    if isinstance(exc, NothingToUndo):
        return f"swap --back{str(exc).removeprefix('swap')}"
    if isinstance(exc, StrictImportRefused):
        return f"{exc.problem} (--strict: nothing was imported)"
    if isinstance(exc, NotOneOf) and exc.field in ("pattern", "equipment"):
        return f"--{exc}"
    if isinstance(exc, NotFound) and not exc.hint and exc.kind in NEXT_STEP:
        return f"{exc}; {NEXT_STEP[exc.kind]}"
    return str(exc)


def said(exc: RunliftError) -> list[str]:
    """The lines the CLI prints for an error: one, or a runner's file's every problem on a line each."""
    from runlift.profile_problems import ProfileProblems

    if isinstance(exc, ProfileProblems) and len(exc.problems) > 1:
        head = f"Error: {one_line(exc.source)}: {len(exc.problems)} problems in the runner's file:"
        return [head] + [f"  {one_line(p)}" for p in exc.problems]
    return [f"Error: {one_line(worded(exc))}"]


def run(app: typer.Typer) -> int:
    try:
        result = app(standalone_mode=False)
    except RunliftError as exc:
        for line in said(exc):
            print(line, file=sys.stderr)
        return EXIT_ERROR
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        return EXIT_ERROR
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # usage errors: bad option, missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"Error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the outermost handler: a bug, said in one line (RUNLIFT_DEBUG=1 shows it whole)
        if os.environ.get("RUNLIFT_DEBUG"):
            raise
        database = _database_error(exc)
        if database:
            print(f"Error: database: {database}", file=sys.stderr)
            return EXIT_ERROR
        if isinstance(exc, OSError) and exc.filename:  # a file the command writes or reads
            print(f"Error: {one_line(exc.filename)}: {exc.strerror}", file=sys.stderr)
            return EXIT_ERROR
        print(
            f"Error: unexpected {type(exc).__name__}: {one_line(exc)} (set RUNLIFT_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_ERROR

    return result if isinstance(result, int) else 0


def _database_error(exc: BaseException) -> str:
    """The driver's message for a database error (locked, connection lost), without SQLAlchemy's link."""
    if "sqlalchemy" not in sys.modules:
        return ""
    from sqlalchemy.exc import SQLAlchemyError

    if not isinstance(exc, SQLAlchemyError):
        return ""
    from runlift.app.database import described

    return one_line(described(exc))
