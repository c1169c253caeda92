"""Map errors to exit codes once, for the whole CLI (STYLE §8)."""

from __future__ import annotations

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
    return result if isinstance(result, int) else 0
