"""Date parsing for options; 'today' is decided here, at the edge, never in the core or the app."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from runlift.core.errors import InputError

TODAY_ENV = "RUNLIFT_TODAY"  # pins "today" for tests and demos; unset in normal use
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)  # a training log's dates; beyond, date arithmetic fails
SinceOpt = Annotated[str | None, typer.Option("--since", help="Only from this date.")]


_pinned: str | None = None  # RUNLIFT_TODAY as the root callback read it, once per command (cli/__init__.py)


def pin_today(text: str | None) -> None:
    """What RUNLIFT_TODAY says (the root callback reads the variable once; parsed when a command needs today)."""
    global _pinned
    _pinned = text


def today() -> dt.date:
    """The pinned day (RUNLIFT_TODAY), else the clock's."""
    return parse_date(_pinned, TODAY_ENV) if _pinned and _pinned != "today" else dt.date.today()


def parse_date(value: str | None, field: str) -> dt.date:
    if value is None or value == "today":
        return today()
    if value in ("yesterday", "tomorrow"):  # the days a runner logs late or looks ahead to
        return today() + dt.timedelta(days=-1 if value == "yesterday" else 1)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field}: expected a date like 2027-04-18, got {value!r}") from None
    if not EARLIEST <= day <= LATEST:
        raise InputError(f"{field}: expected a date from {EARLIEST} to {LATEST}, got {value!r}")
    return day


def plan_day(value: str | None, field: str) -> dt.date:
    """A day the plan is asked about: at most 104 weeks past today (core.adapt.check_within_reach;
    every week up to it is planned, so a day decades ahead would take minutes)."""
    from runlift.core.adapt import check_within_reach

    day = parse_date(value, field)
    check_within_reach(day, today(), field)
    return day
