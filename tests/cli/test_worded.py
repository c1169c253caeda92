"""cli/errors.worded: the store's and the app's typed errors, in the CLI's words (flags, next steps)."""

from __future__ import annotations

import datetime as dt

from runlift.app.errors import SessionAlreadyLogged
from runlift.cli.errors import worded
from runlift.core.errors import NotFound
from runlift.store.errors import AthleteNotChosen, AthleteNotFound, DatabaseUnusable, NoAthletes


def test_each_typed_error_gets_the_clis_words():
    assert worded(NoAthletes()) == "no athlete '(none)'; add one first: runlift athlete add me.toml"
    assert worded(AthleteNotChosen(("Maya", "Sam"))) == "--athlete: expected one of Maya, Sam, got nothing"
    assert worded(AthleteNotFound("Bob", ("Maya",))) == "no athlete 'Bob'; known: Maya"
    assert worded(DatabaseUnusable("the folder '/x' does not exist")) == "--db: the folder '/x' does not exist"
    assert worded(NotFound("activity", "7")) == "no activity '7'; see `runlift activities`"
    assert worded(SessionAlreadyLogged(dt.date(2026, 11, 30))) == (
        "--date: 2026-11-30's session is already logged; add sets with `runlift log set`"
    )
