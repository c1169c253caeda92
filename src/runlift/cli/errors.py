"""Map errors to exit codes once, for the whole CLI (STYLE §8)."""

from __future__ import annotations

import os
import sys

import typer

from runlift.core.errors import RunliftError

EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 1, 2, 3


def run(app: typer.Typer) -> int:
    try:
        result = app(standalone_mode=False)
    except RunliftError as exc:
        print(f"Error: {exc}", file=sys.stderr)
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
        print(f"Error: unexpected {type(exc).__name__}: {exc} (set RUNLIFT_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERROR

    return result if isinstance(result, int) else 0
