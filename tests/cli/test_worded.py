"""cli/errors.worded: the store's and the app's typed errors, in the CLI's words (flags, next steps)."""

from __future__ import annotations

import datetime as dt

from runlift.app.errors import NothingToUndo, NotOneOf, SameRunLogged, SessionAlreadyLogged, StrictImportRefused
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


def test_the_use_cases_errors_name_the_clis_flags_only_here():
    same = SameRunLogged("a 5.00 km run of 25:00 is already logged on 2026-11-30")
    assert "--again" not in str(same)
    assert worded(same) == (
        "run: a 5.00 km run of 25:00 is already logged on 2026-11-30; to log a second run like it, add --again"
    )
    assert worded(NothingToUndo(None, ())) == "swap --back: no exercise is swapped out; nothing to undo"
    assert worded(NothingToUndo("goblet-squat", ("db-rdl",))) == (
        "swap --back: goblet-squat was never swapped out (nothing to undo); swapped out now: db-rdl"
    )
    assert worded(StrictImportRefused("a.csv: bad")) == "a.csv: bad (--strict: nothing was imported)"
    refused = NotOneOf("pattern", "sqat", ("squat", "hinge"), "squat")
    assert str(refused) == "pattern: expected one of squat, hinge, got 'sqat'; did you mean squat?"
    assert worded(refused) == "--" + str(refused)
