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


def run(app: typer.Typer) -> int:
    try:
        result = app(standalone_mode=False)
    except RunliftError as exc:
        print(f"Error: {one_line(exc)}", file=sys.stderr)
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
    from runlift.store.db import describe

    return one_line(describe(exc))
