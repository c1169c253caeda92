"""What the use cases refuse, as typed errors with their data (light: the CLI's error handler imports
it): each face words them its own way; `str(exc)` names no flag and no command.

InputError (core.errors)
└── SessionAlreadyLogged  (day): the day's planned session is logged already
"""

from __future__ import annotations

import datetime as dt

from runlift.core.errors import InputError


class SessionAlreadyLogged(InputError):
    """The day's planned session is logged already: more sets go in one exercise at a time."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"date: {day.isoformat()}'s session is already logged")
        self.day = day
