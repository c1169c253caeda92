"""app.week, app.history, app.progress, app.plan and their documents: what `week`, `history` and
`progress` show, from the store, for an athlete and a day given explicitly."""

from __future__ import annotations

import datetime as dt

import pytest

from runlift.app.athletes import add_runner, find_athlete
from runlift.app.documents import history_document, week_document
from runlift.app.history import history
from runlift.app.plan import shown_plan
from runlift.app.progress import progress
from runlift.app.week import week
from runlift.core.log import RunEntry
from runlift.core.profile import RunType
from runlift.store.errors import AthleteNotChosen, AthleteNotFound, NoAthletes
from runlift.store.repo import Store
from tests.app.conftest import MONDAY, NOW
from tests.conftest import MAYA


def test_week_lays_the_plan_beside_the_log(sqlite_store: Store, maya_id: int):
    sqlite_store.log_run(maya_id, RunEntry(MONDAY, RunType.EASY, 8000, 2700, 4.0), NOW)
    view = week(sqlite_store, maya_id, MONDAY + dt.timedelta(days=2))
    assert view.start == MONDAY and len(view.days) == 7
    assert view.days[0].runs[0].distance_m == 8000
    assert any(d.planned for d in view.days)  # Maya lifts twice a week
    doc = week_document(view)
    assert doc["start"] == MONDAY.isoformat()
    assert doc["days"][0]["runs"][0]["pace_s_per_km"] == 337.5  # type: ignore[index]


def test_history_since_a_day(sqlite_store: Store, maya_id: int):
    for day in (MONDAY, MONDAY + dt.timedelta(days=3)):
        sqlite_store.log_run(maya_id, RunEntry(day, RunType.EASY, 5000, 1800, 4.0), NOW)
    shown = history(sqlite_store, maya_id, since=MONDAY + dt.timedelta(days=1))
    assert [r.date for r in shown.log.runs] == [MONDAY + dt.timedelta(days=3)]
    assert shown.units.value == "lb"
    assert history_document(shown.log)["runs"][0]["source"] == "manual"  # type: ignore[index]


def test_progress_is_as_of_the_day_given(sqlite_store: Store, maya_id: int):
    sqlite_store.log_run(maya_id, RunEntry(MONDAY, RunType.EASY, 5000, 1800, 4.0), NOW)
    before = progress(sqlite_store, maya_id, MONDAY - dt.timedelta(days=1))
    after = progress(sqlite_store, maya_id, MONDAY + dt.timedelta(days=1))
    assert before.document["acwr"] is None and "acwr" in after.document


def test_the_shown_plan_starts_in_the_days_week(sqlite_store: Store, maya_id: int):
    plan = shown_plan(sqlite_store, maya_id, MONDAY + dt.timedelta(days=4))
    assert plan.weeks[0].start <= MONDAY + dt.timedelta(days=4)
    assert all(s.date >= MONDAY for s in plan.sessions())


def test_finding_an_athlete_raises_typed_errors_that_name_no_flag(sqlite_store: Store):
    with pytest.raises(NoAthletes) as none:
        find_athlete(sqlite_store, None)
    add_runner(sqlite_store, MAYA, "maya.toml", MONDAY, NOW)
    add_runner(sqlite_store, MAYA.replace('"Maya"', '"Sam"'), "sam.toml", MONDAY, NOW)
    assert find_athlete(sqlite_store, "SAM") != find_athlete(sqlite_store, "maya")
    with pytest.raises(AthleteNotFound) as unknown:
        find_athlete(sqlite_store, "Bob")
    assert unknown.value.known == ("Maya", "Sam")
    with pytest.raises(AthleteNotChosen) as several:
        find_athlete(sqlite_store, None)
    for error in (none.value, unknown.value, several.value):
        assert "--" not in str(error) and "runlift" not in str(error)
