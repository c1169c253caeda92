"""Date parsing for options; 'today' is read here, at the edge, never in the core."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated

import typer

from runlift.core.errors import InputError

TODAY_ENV = "RUNLIFT_TODAY"  # pins "today" for tests and demos; unset in normal use
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)  # a training log's dates; beyond, date arithmetic fails
SinceOpt = Annotated[str | None, typer.Option("--since", help="Only from this date.")]


def parse_date(value: str | None, field: str) -> dt.date:
    if value is None or value == "today":
        pinned = os.environ.get(TODAY_ENV)
        return parse_date(pinned, TODAY_ENV) if pinned and pinned != "today" else dt.date.today()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field}: expected a date like 2027-04-18, got {value!r}") from None
    if not EARLIEST <= day <= LATEST:
        raise InputError(f"{field}: expected a date from {EARLIEST} to {LATEST}, got {value!r}")
    return day
