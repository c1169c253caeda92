"""backup → restore into an empty database reproduces everything exactly (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from runlift.core.activity import Activity, FileImport
from runlift.core.errors import InputError
from runlift.core.log import BodyWeight, Swap, SwapReason
from runlift.core.moves import Move
from runlift.core.profile import Units
from runlift.store.backup import dump, restore
from runlift.store.history import generate
from runlift.store.imports import write_files
from runlift.store.moves import moves, save_move
from runlift.store.repo import Store
from tests.conftest import MAYA
from tests.dbs import Databases, Prepared, kind_of

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)


def fill(store: Store, runs: int = 700, sessions: int = 200) -> None:
    """Two athletes with every kind of row: Maya `sessions` lift sessions of 10 sets, Sam half as many."""
    a = store.save_profile("Maya", MAYA, dt.date(2025, 1, 6), NOW).athlete_id
    store.save_profile("Maya", MAYA.replace("2027-04-18", "2027-05-02"), dt.date(2025, 6, 1), NOW)
    b = store.save_profile("Sam", MAYA.replace("Maya", "Sam"), dt.date(2025, 1, 6), NOW).athlete_id
    lifts, ran, pain = generate(dt.date(2023, 1, 2), runs=runs, sessions=sessions, sets_per_session=10)
    with store.transaction():  # the store's own writes, joined in one transaction: rows as the CLI makes them
        for athlete in (a, b):
            for s in lifts[: sessions // 2] if athlete == b else lifts:
                store.log_session(athlete, s, NOW)
            for r in ran:
                store.log_run(athlete, r, NOW)
            for p in pain:
                store.log_pain(athlete, p, NOW)
    store.log_weight(a, BodyWeight(dt.date(2025, 3, 1), 61.25, Units.KG), NOW)
    store.log_swap(a, Swap(dt.date(2025, 3, 2), "db-bulgarian-split-squat", SwapReason.CLUNKY), NOW)
    store.save_plan(a, 2, dt.date(2025, 6, 2), '{"weeks": []}', NOW)
    # two moves of sessions (#13), the later-dated one made first: their order is kept (core/moves.py)
    save_move(store, a, Move(dt.date(2025, 3, 6), dt.date(2025, 3, 5)), NOW)
    save_move(store, a, Move(dt.date(2025, 3, 3), dt.date(2025, 3, 4)), NOW)
    run = Activity(
        dt.datetime(2025, 3, 3, 6, 30, tzinfo=dt.UTC),
        "running",
        "fit",
        distance_m=10012.5,
        moving_s=3000,
        elapsed_s=3100,
        avg_hr=151,
        max_hr=172,
        ascent_m=88,
        utc_offset_s=3600,
    )
    f = FileImport("watch/run.fit", "ab" * 32, "fit", [run], [], {"Squat (Barbell)": ("back-squat", "table", 100.0)})
    write_files(store, a, [f], NOW)


@pytest.fixture
def filled(db_url: str, databases: Databases, prepared: Prepared) -> Iterator[Store]:
    """A store holding `fill`'s history: a copy of a database filled once per session (filling
    writes ~2,000 rows through the store's writes, as the CLI logs them: seconds, not milliseconds)."""
    yield from _copy(databases, prepared(kind_of(db_url), fill))


def fill_a_little(store: Store) -> None:
    fill(store, runs=7, sessions=4)


@pytest.fixture
def filled_a_little(db_url: str, databases: Databases, prepared: Prepared) -> Iterator[Store]:
    """A store holding every kind of row `fill` writes, a few of each: where the size plays no part (a
    worker that runs no round trip does not pay for the large history)."""
    yield from _copy(databases, prepared(kind_of(db_url), fill_a_little))


def _copy(databases: Databases, url: str) -> Iterator[Store]:
    store = Store.open(databases.copy(url))
    try:
        yield store
    finally:
        store.engine.dispose()


def test_round_trip_reproduces_a_large_history(filled: Store, db_url: str, databases: Databases):
    store = filled
    original = dump(store)
    assert sum(len(s["sets"]) for s in original["athletes"][0]["lift_sessions"]) == 2000
    text = json.dumps(original)
    target = Store.open(databases.like(db_url))
    try:
        assert restore(target, json.loads(text)) == 2
        assert dump(target) == original
        # and the log reads back the same through the store
        a = target.athlete_id("Maya")
        assert target.training_log(a) == store.training_log(store.athlete_id("Maya"))
        assert [m.planned for m in moves(target, a)] == [dt.date(2025, 3, 6), dt.date(2025, 3, 3)]
    finally:
        target.engine.dispose()


def test_restore_refuses_a_non_empty_database_and_changes_nothing(filled_a_little: Store):
    store = filled_a_little
    doc = dump(store)
    with pytest.raises(InputError, match="expected an empty database"):
        restore(store, doc)
    assert dump(store) == doc


def test_restore_rejects_other_documents(store: Store):
    with pytest.raises(InputError, match="expected format 'runlift-backup'"):
        restore(store, {"format": "something-else"})
    with pytest.raises(InputError, match=r"athletes\[0\]: expected field .created_at."):
        restore(store, {"format": "runlift-backup", "version": 1, "athletes": [{"name": "x"}]})
    assert store.athletes() == []


def test_a_whole_store_backup_keeps_who_may_use_which_athlete(db_url: str, databases: Databases):
    """Accounts (#12): a restore on a new server keeps owners, coaches, API tokens, password hashes and
    calendar feeds, referenced by email and name (the new ids differ); a one-athlete backup holds none."""
    from runlift.store import accounts as acc
    from runlift.store.feeds import feed_athlete, new_feed, revoke_feeds

    store = Store.open(databases.like(db_url))
    target = Store.open(databases.like(db_url))
    try:
        # ids that will not match the target's: an athlete and a user made and deleted first
        gone = store.save_profile("Gone", MAYA.replace("Maya", "Gone"), dt.date(2025, 1, 6), NOW).athlete_id
        store.remove_athlete(gone)
        acc.add_user(store, "early@example.org", "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA", NOW)
        maya = store.save_profile("Maya", MAYA, dt.date(2025, 1, 6), NOW).athlete_id
        sam = store.save_profile("Sam", MAYA.replace("Maya", "Sam"), dt.date(2025, 1, 6), NOW).athlete_id
        owner = acc.add_user(store, "maya@example.org", "$argon2id$v=19$m=8,t=1,p=1$c2FsdDE$aGFzaDE", NOW).id
        coach = acc.add_user(store, "coach@example.org", "$argon2id$v=19$m=8,t=1,p=1$c2FsdDI$aGFzaDI", NOW).id
        acc.set_owner(store, maya, owner)
        acc.set_owner(store, sam, coach)
        invited = acc.invite(store, coach, "maya@example.org", NOW)
        assert acc.accept(store, invited, maya, NOW)
        acc.invite(store, coach, "someone@example.org", NOW)  # still open, no athlete yet
        write_hash, read_hash = "a" * 64, "b" * 64
        acc.add_token(store, owner, "phone", "rl_aaaa", write_hash, "write", NOW)
        revoked = acc.add_token(store, coach, "old", "rl_bbbb", read_hash, "read", NOW)
        acc.revoke_token(store, revoked.id, NOW + dt.timedelta(days=1))
        old_feed = new_feed(store, maya, NOW)
        revoke_feeds(store, maya, NOW + dt.timedelta(hours=1))
        feed = new_feed(store, maya, NOW + dt.timedelta(hours=2))

        whole = dump(store)
        assert [u["email"] for u in whole["accounts"]["users"]] == [
            "early@example.org",
            "maya@example.org",
            "coach@example.org",
        ]
        assert "accounts" not in dump(store, maya)  # one athlete's backup: their data, not the server's people
        assert len(dump(store, maya)["athletes"][0]["calendar_feeds"]) == 2

        assert restore(target, json.loads(json.dumps(whole))) == 2
        assert dump(target) == whole
        t_maya, t_sam = target.athlete_id("Maya"), target.athlete_id("Sam")
        found = acc.user_by_email(target, "maya@example.org")
        assert found is not None and found[1] == "$argon2id$v=19$m=8,t=1,p=1$c2FsdDE$aGFzaDE"  # signs in as before
        t_owner = found[0].id
        t_coach = acc.user_by_email(target, "coach@example.org")[0].id  # type: ignore[index]
        assert acc.access(target, t_owner, t_maya) and not acc.access(target, t_owner, t_sam)
        assert acc.access(target, t_coach, t_maya) and acc.access(target, t_coach, t_sam)  # coaches Maya
        principal = acc.token_principal(target, write_hash)
        assert principal is not None and principal.user_id == t_owner and principal.scope == "write"
        assert acc.token_principal(target, read_hash) is None  # revoked stays revoked
        assert feed_athlete(target, feed) == t_maya and feed_athlete(target, old_feed) is None
    finally:
        store.engine.dispose()
        target.engine.dispose()


def test_accounts_that_name_no_user_or_athlete_of_the_backup_are_refused(db_url: str, databases: Databases):
    store = Store.open(databases.like(db_url))
    target = Store.open(databases.like(db_url))
    try:
        store.save_profile("Maya", MAYA, dt.date(2025, 1, 6), NOW)
        doc = dump(store)
        doc["accounts"]["users"] = [{"email": "a@example.org", "password_hash": "h", "created_at": NOW.isoformat()}]
        bad_owner = {**doc["accounts"], "owners": [{"athlete": "Nobody", "user": "a@example.org"}]}
        with pytest.raises(InputError, match=r"accounts\.owners\[0\]\.athlete: expected an athlete of this backup"):
            restore(target, {**doc, "accounts": bad_owner})
        bad_token = {**doc["accounts"], "api_tokens": [{"user": "b@example.org"}]}
        with pytest.raises(InputError, match=r"accounts\.api_tokens\[0\]: expected field 'name'"):
            restore(target, {**doc, "accounts": bad_token})
        assert dump(target)["athletes"] == [] and dump(target)["accounts"]["users"] == []  # nothing written
    finally:
        store.engine.dispose()
        target.engine.dispose()
