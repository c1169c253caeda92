"""Date parsing for options; 'today' is read here, at the edge, never in the core."""

from __future__ import annotations

import datetime as dt

from runlift.core.errors import InputError


def parse_date(value: str | None, field: str) -> dt.date:
    if value is None or value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field}: expected a date like 2027-04-18, got {value!r}") from None
