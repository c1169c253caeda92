"""The hot path of logging a set (issue #12): what was made cheaper still does what it did."""

from __future__ import annotations

import datetime as dt
import inspect

from sqlalchemy import select

from runlift.core.log import LoggedSet
from runlift.core.profile import Units
from runlift.store.changes import plan_key
from runlift.store.repo import Store
from runlift.store.tables import LiftSetRow
from runlift.web import deps
from tests.conftest import MAYA, START

NOW = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)


def test_the_dependencies_every_route_shares_run_on_the_event_loop():
    """A plain function as a dependency runs in the thread pool: a hop there and back per request each."""
    for dependency in (deps.get_store, deps.today, deps.public):
        assert inspect.iscoroutinefunction(dependency), dependency.__name__


def test_sets_are_appended_in_order_with_their_ids_and_the_plan_key_moves(store: Store):
    athlete = store.save_profile("Maya", MAYA, START, NOW).athlete_id
    today, tomorrow = _key(store, athlete, START), _key(store, athlete, START + dt.timedelta(days=1))
    one = store.log_sets(athlete, START, [LoggedSet("goblet-squat", 8, 20.0, Units.KG)], NOW)
    three = store.log_sets(athlete, START, [LoggedSet("goblet-squat", r, 20.0, Units.KG) for r in (7, 6, 5)], NOW)
    assert three.session_id == one.session_id  # the day's one hand-logged session
    ids = one.set_ids + three.set_ids
    assert len(ids) == 4 and list(ids) == sorted(ids)
    with store.reading() as db:
        rows = db.execute(
            select(LiftSetRow.id, LiftSetRow.position, LiftSetRow.reps)
            .where(LiftSetRow.session_id == one.session_id)
            .order_by(LiftSetRow.position)
        ).all()
    assert [tuple(r) for r in rows] == list(zip(ids, range(4), (8, 7, 6, 5), strict=True))
    assert [s.reps for s in store.training_log(athlete).lifts[0].sets] == [8, 7, 6, 5]
    # a set on D changes the plans from D + 1 on (store/changes.py): today's stays cached
    assert _key(store, athlete, START + dt.timedelta(days=1)) != tomorrow
    assert _key(store, athlete, START) == today


def test_no_sets_add_no_row(store: Store):
    athlete = store.save_profile("Maya", MAYA, START, NOW).athlete_id
    assert store.log_sets(athlete, START, [], NOW).set_ids == ()


def _key(store: Store, athlete: int, day: dt.date) -> int | None:
    with store.reading() as db:
        return plan_key(db, athlete, day)


def test_the_links_of_a_logged_item_name_operations_of_the_document():
    """POST a session or a set: its 201 links to reading, correcting and deleting the item (web/api/log.py)."""
    from runlift.settings import Settings
    from runlift.web import create_app

    doc = create_app(Settings()).openapi()
    operations = {op["operationId"]: path for path, item in doc["paths"].items() for op in item.values()}
    for kind, field in (("sessions", "session_id"), ("sets", "set_ids")):
        answer = doc["paths"][f"/api/v1/athletes/{{athlete_id}}/log/{kind}"]["post"]["responses"]["201"]
        links = answer["links"]
        assert len(links) == 3
        for link in links.values():
            assert operations[link["operationId"]] == f"/api/v1/athletes/{{athlete_id}}/log/{kind}/{{item_id}}"
            assert link["parameters"]["item_id"].startswith(f"$response.body#/{field}")
