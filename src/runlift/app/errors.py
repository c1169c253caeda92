"""What the use cases refuse, as typed errors with their data (light: the CLI's error handler imports
it): each face words them its own way; `str(exc)` names no flag and no command.

InputError (core.errors)
├── SessionAlreadyLogged  (day): the day's planned session is logged already
├── SameRunLogged         (same): the same run is logged that day already (TRK-1)
├── NothingToUndo         (named, swapped_out): no swap of that exercise (or none at all) to undo
├── StrictImportRefused   (problem): an all-or-nothing import met a bad file and wrote nothing
└── NotOneOf              (field, given, known, close): a filter word the library does not know

The store's refusals (AthleteNotChosen, AthleteNotFound, DatabaseUnusable, NoAthletes: store/errors.py)
are named here too, so the CLI words them without importing runlift.store.
"""

from __future__ import annotations

import datetime as dt

from runlift.core.errors import InputError
from runlift.store.errors import AthleteNotChosen as AthleteNotChosen
from runlift.store.errors import AthleteNotFound as AthleteNotFound
from runlift.store.errors import DatabaseUnusable as DatabaseUnusable
from runlift.store.errors import NoAthletes as NoAthletes


class SessionAlreadyLogged(InputError):
    """The day's planned session is logged already: more sets go in one exercise at a time."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"date: {day.isoformat()}'s session is already logged")
        self.day = day


class SameRunLogged(InputError):
    """`same` says which run: 'a 10.00 km run of 52:30 is already logged on 2026-11-30'."""

    def __init__(self, same: str) -> None:
        super().__init__(f"run: {same}")
        self.same = same


class NothingToUndo(InputError):
    """`named` is the exercise asked about (None: the latest swap); `swapped_out` what is swapped out now."""

    def __init__(self, named: str | None, swapped_out: tuple[str, ...]) -> None:
        if named is None:
            message = "swap: no exercise is swapped out; nothing to undo"
        else:
            message = (
                f"swap: {named} was never swapped out (nothing to undo); swapped out now: {', '.join(swapped_out)}"
            )
        super().__init__(message)
        self.named, self.swapped_out = named, swapped_out


class StrictImportRefused(InputError):
    """`problem` is the first bad file's: '<path>: <reason>'."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem} (nothing was imported)")
        self.problem = problem


class NotOneOf(InputError):
    def __init__(self, field: str, given: str, known: tuple[str, ...], close: str | None) -> None:
        hint = f"; did you mean {close}?" if close else ""
        super().__init__(f"{field}: expected one of {', '.join(known)}, got {given!r}{hint}")
        self.field, self.given, self.known, self.close = field, given, known, close
