"""Date parsing for options; 'today' is read here, at the edge, never in the core."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated

import typer

from runlift.core.errors import InputError

TODAY_ENV = "RUNLIFT_TODAY"  # pins "today" for tests and demos; unset in normal use
SinceOpt = Annotated[str | None, typer.Option("--since", help="Only from this date.")]


def parse_date(value: str | None, field: str) -> dt.date:
    if value is None or value == "today":
        pinned = os.environ.get(TODAY_ENV)
        return parse_date(pinned, TODAY_ENV) if pinned and pinned != "today" else dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field}: expected a date like 2027-04-18, got {value!r}") from None
