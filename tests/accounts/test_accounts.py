"""Accounts, tokens and coaches in the store and the services (app/accounts.py, app/coaching.py), on
SQLite and PostgreSQL; the operator's commands (`runlift user …`, `runlift token …`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, text

from runlift.app import accounts, coaching
from runlift.app.athletes import add_runner
from runlift.core.errors import InputError, NotFound
from runlift.core.library import BodyArea
from runlift.core.log import LiftSession, LoggedSet, PainNote, RunEntry
from runlift.core.profile import RunType
from runlift.store import accounts as rows
from runlift.store.repo import Store
from tests.cli.inproc import ok, runlift
from tests.conftest import MAYA
from tests.dbs import Databases

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
DAY = NOW.date()  # a Monday
FAST = accounts.password_hasher(time_cost=1, memory_kib=8, parallelism=1)  # tests only
PASSWORD = "correct horse battery"


def _user(store: Store, email: str, athlete: str | None = None) -> rows.UserInfo:
    if athlete is not None:
        add_runner(store, MAYA.replace('name = "Maya"', f'name = "{athlete}"'), "t.toml", DAY, NOW)
    return accounts.add_user(store, email, PASSWORD, NOW, FAST, athlete=athlete)


def test_one_account_per_address_in_any_case_and_a_hash_not_the_password(store: Store):
    maya = _user(store, "Maya@Example.org", athlete="Maya")
    assert (maya.email, maya.athletes) == ("maya@example.org", ("Maya",))
    with pytest.raises(InputError, match="already has an account"):
        accounts.add_user(store, " MAYA@example.ORG ", PASSWORD, NOW, FAST)
    with pytest.raises(InputError, match="email: expected an address"):
        accounts.add_user(store, "maya", PASSWORD, NOW, FAST)
    with pytest.raises(InputError, match="password: expected 8"):
        accounts.add_user(store, "sam@example.org", "short", NOW, FAST)
    with store.transaction() as db:
        stored = db.scalar(text("SELECT password_hash FROM users"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert [u.email for u in accounts.users(store)] == ["maya@example.org"]


def test_sign_in_sessions_expire_and_end(store: Store):
    _user(store, "maya@example.org")
    new = accounts.login(store, "MAYA@example.org", PASSWORD, "10.0.0.1", NOW, FAST, dt.timedelta(hours=1))
    assert new.csrf == accounts.csrf_token(new.secret) and accounts.csrf_ok(new.secret, new.csrf)
    assert not accounts.csrf_ok(new.secret, "x" * 64) and not accounts.csrf_ok(new.secret, None)
    seen = accounts.session_principal(store, new.secret, NOW + dt.timedelta(minutes=59))
    assert seen is not None and (seen.email, seen.scope) == ("maya@example.org", "write")
    assert accounts.session_principal(store, new.secret, NOW + dt.timedelta(hours=1)) is None  # expired
    assert accounts.session_principal(store, new.secret + "x", NOW) is None
    with store.transaction() as db:
        assert db.scalar(text("SELECT secret_hash FROM user_sessions")) == accounts.digest(new.secret)
    accounts.logout(store, new.secret)
    assert accounts.session_principal(store, new.secret, NOW) is None


def test_five_failures_per_address_and_ip_then_429_until_the_window_passes(store: Store):
    _user(store, "maya@example.org")
    for i in range(5):
        with pytest.raises(accounts.Unauthorized, match="email or password is wrong"):
            accounts.login(store, "maya@example.org", "wrong password", "10.0.0.1", NOW + dt.timedelta(minutes=i), FAST)
    later = NOW + dt.timedelta(minutes=5)
    with pytest.raises(accounts.RateLimited) as limited:  # the right password too: the limit comes first
        accounts.login(store, "maya@example.org", PASSWORD, "10.0.0.1", later, FAST)
    assert limited.value.retry_after == 10 * 60 + 1
    accounts.login(store, "maya@example.org", PASSWORD, "10.0.0.2", later, FAST)  # another IP
    with pytest.raises(accounts.Unauthorized):  # an unknown address counts and answers alike
        accounts.login(store, "nobody@example.org", PASSWORD, "10.0.0.1", later, FAST)
    accounts.login(store, "maya@example.org", PASSWORD, "10.0.0.1", NOW + dt.timedelta(minutes=15, seconds=1), FAST)


def test_tokens_are_scoped_hashed_and_revocable(store: Store):
    maya = _user(store, "maya@example.org")
    info, secret = accounts.add_token(store, maya.id, "watch", "read", NOW)
    assert secret.startswith("rl_") and info.prefix == secret[:10] and info.scope == "read"
    seen = accounts.token_principal(store, secret, NOW)
    assert seen is not None and (seen.user_id, seen.scope, seen.token_id) == (maya.id, "read", info.id)
    assert accounts.tokens(store, maya.id)[0].last_used_at == NOW
    with store.transaction() as db:
        assert secret not in json.dumps([list(r) for r in db.execute(text("SELECT * FROM api_tokens"))], default=str)
    with pytest.raises(InputError, match="scope: expected read or write"):
        accounts.add_token(store, maya.id, "x", "admin", NOW)
    other = _user(store, "sam@example.org")
    with pytest.raises(NotFound):  # a user revokes only their own
        accounts.revoke_token(store, info.id, NOW, user_id=other.id)
    assert accounts.revoke_token(store, info.id, NOW, user_id=maya.id).revoked_at == NOW
    assert accounts.token_principal(store, secret, NOW) is None


def test_a_reset_token_works_once_within_the_hour_and_ends_the_sessions(store: Store):
    _user(store, "maya@example.org")
    session = accounts.login(store, "maya@example.org", PASSWORD, "10.0.0.1", NOW, FAST)
    assert accounts.request_reset(store, "nobody@example.org", NOW) is None
    secret = accounts.reset_for(store, "Maya@example.org", NOW)
    accounts.confirm_reset(store, secret, "a new password", NOW + dt.timedelta(minutes=5), FAST)
    assert accounts.session_principal(store, session.secret, NOW) is None
    with pytest.raises(InputError, match="token: expected a reset token that is unused"):
        accounts.confirm_reset(store, secret, "another password", NOW + dt.timedelta(minutes=6), FAST)
    accounts.login(store, "maya@example.org", "a new password", "10.0.0.1", NOW, FAST)
    late = accounts.reset_for(store, "maya@example.org", NOW)
    with pytest.raises(InputError):
        accounts.confirm_reset(store, late, "a third password", NOW + dt.timedelta(hours=1, seconds=1), FAST)


def test_a_coach_sees_an_athlete_from_acceptance_until_revocation(store: Store):
    coach = _user(store, "coach@example.org")
    maya = _user(store, "maya@example.org", athlete="Maya")
    stranger = _user(store, "stranger@example.org", athlete="Sam")
    athlete = store.athlete_id("Maya")
    invited = coaching.invite(store, coach.id, coach.email, "MAYA@example.org", NOW)
    assert coaching.invite(store, coach.id, coach.email, "maya@example.org", NOW).id == invited.id  # one open
    assert invited.status == "invited" and not rows.access(store, coach.id, athlete)
    with pytest.raises(NotFound):  # not addressed to the stranger
        coaching.accept(store, invited.id, stranger.id, stranger.email, NOW)
    with pytest.raises(NotFound):  # the coach cannot accept their own invitation
        coaching.accept(store, invited.id, coach.id, coach.email, NOW)
    accepted = coaching.accept(store, invited.id, maya.id, maya.email, NOW)
    assert (accepted.status, accepted.athlete_id, accepted.athlete_name) == ("accepted", athlete, "Maya")
    assert rows.access(store, coach.id, athlete) and rows.access(store, maya.id, athlete)
    assert not rows.access(store, stranger.id, athlete)
    assert rows.visible_athletes(store, coach.id) == [(athlete, "Maya", "coach")]
    assert [i.id for i in coaching.received(store, maya.email)] == [invited.id]
    coaching.revoke(store, invited.id, maya.id, maya.email, NOW)
    assert not rows.access(store, coach.id, athlete)
    with pytest.raises(InputError, match="expected an open invitation"):
        coaching.accept(store, invited.id, maya.id, maya.email, NOW)
    with pytest.raises(InputError, match="your own"):
        coaching.invite(store, coach.id, coach.email, "Coach@example.org", NOW)


def _fill(store: Store, n: int, coach: rows.UserInfo) -> None:
    for k in range(n):
        name = f"Runner{k}"
        runner = _user(store, f"r{k}@example.org", athlete=name)
        athlete = store.athlete_id(name)
        for d in range(0, 35, 2):
            store.log_run(athlete, RunEntry(DAY - dt.timedelta(days=d), RunType.EASY, 8000.0, 2700.0 + 60 * k), NOW)
        store.log_session(athlete, LiftSession(DAY, (LoggedSet("goblet-squat", 6, 40.0),), planned=True), NOW)
        store.log_pain(athlete, PainNote(DAY - dt.timedelta(days=1), BodyArea.ACHILLES, 4 + k % 3), NOW)
        invitation = coaching.invite(store, coach.id, coach.email, runner.email, NOW)
        coaching.accept(store, invitation.id, runner.id, runner.email, NOW)


def _statements(store: Store, call: object) -> int:
    count = 0

    def seen(*_: object) -> None:
        nonlocal count
        count += 1

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        call()  # type: ignore[operator]
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    return count


def test_the_roster_takes_the_same_statements_for_two_athletes_as_for_six(store: Store):
    from runlift.app.moves import move_session
    from runlift.app.plan import planned_dates
    from runlift.app.season import load_state
    from runlift.core.running_load import acwr

    small, big = _user(store, "small@example.org"), _user(store, "big@example.org")
    _fill(store, 6, big)
    for k in range(2):
        runner = accounts.user(store, f"r{k}@example.org")
        invitation = coaching.invite(store, small.id, small.email, runner.email, NOW)
        coaching.accept(store, invitation.id, runner.id, runner.email, NOW)
    day = DAY + dt.timedelta(days=2)
    # Runner0 moved Thursday's session to Wednesday (#13): the roster counts it planned by Wednesday
    move_session(store, store.athlete_id("Runner0"), DAY + dt.timedelta(days=3), day, DAY, NOW)
    counts = [_statements(store, lambda c=c: coaching.roster(store, c.id, day)) for c in (small, big)]
    assert counts[0] == counts[1] <= 9
    roster = coaching.roster(store, big.id, day)
    assert sorted(r.name for r in roster) == [f"Runner{k}" for k in range(6)]
    scores = [(-r.attention.score, r.name) for r in roster]
    assert scores == sorted(scores)  # who needs a look first (core.attention), then by name
    assert coaching.roster(store, _user(store, "nobody@example.org").id, day) == []
    by_name = {r.name: r for r in roster}
    first = by_name["Runner0"]
    state = load_state(store, first.athlete_id)
    log = store.training_log(first.athlete_id)
    planned = [d for d in planned_dates(state, day, weeks=1) if d >= DAY]
    assert (first.planned, first.done) == (len(planned), len([d for d in planned if d == DAY])) == (2, 1)
    assert (by_name["Runner1"].planned, by_name["Runner1"].done) == (1, 1)  # no move: Thursday's is still to come
    assert first.acwr is not None and first.acwr == pytest.approx(acwr(log.runs, day).value)
    assert first.pain == (("achilles", 4), ("knee", 3))  # a note, and the runner's file


def test_the_operator_adds_users_resets_passwords_and_manages_tokens(
    databases: Databases, monkeypatch: pytest.MonkeyPatch
):
    """On SQLite only: the commands are thin, the services under them run on both databases above."""
    for name, value in (("TIME_COST", "1"), ("MEMORY_KIB", "8"), ("PARALLELISM", "1")):
        monkeypatch.setenv(f"RUNLIFT_ARGON2_{name}", value)  # cheap hashes: tests only
    db_url = databases.new("sqlite")
    profile = MAYA
    store = Store.open(db_url)
    try:
        add_runner(store, profile, "maya.toml", DAY, NOW)
    finally:
        store.engine.dispose()
    added = ok(runlift(db_url, "user", "add", "Maya@Example.org", "--owns", "maya"))
    assert (
        "Added maya@example.org (user 1, owns Maya)." in added.stdout
        and "First password (shown once): " in added.stdout
    )
    chosen = ok(
        runlift(db_url, "user", "add", "coach@example.org", "--password-stdin", "--json", stdin=PASSWORD + "\n")
    )
    assert json.loads(chosen.stdout)["password"] is None
    again = runlift(db_url, "user", "add", "MAYA@example.org")
    assert again.returncode == 1 and "already has an account" in again.stderr
    listed = json.loads(ok(runlift(db_url, "user", "list", "--json")).stdout)
    assert [(u["email"], u["athletes"]) for u in listed] == [("coach@example.org", []), ("maya@example.org", ["Maya"])]
    assert (
        ok(runlift(db_url, "user", "own", "COACH@example.org", "maya")).stdout == "Maya belongs to coach@example.org.\n"
    )
    ok(runlift(db_url, "user", "own", "maya@example.org", "Maya"))  # and back: one owner at a time
    listed = json.loads(ok(runlift(db_url, "user", "list", "--json")).stdout)
    assert [(u["email"], u["athletes"]) for u in listed] == [("coach@example.org", []), ("maya@example.org", ["Maya"])]
    reset = json.loads(ok(runlift(db_url, "user", "reset-password", "maya@example.org", "--json")).stdout)
    assert reset["confirm"].endswith("/api/v1/auth/password-reset/confirm") and len(reset["token"]) >= 40
    missing = runlift(db_url, "user", "reset-password", "nobody@example.org")
    assert missing.returncode == 1 and "no user 'nobody@example.org'" in missing.stderr
    token = json.loads(ok(runlift(db_url, "token", "add", "maya@example.org", "--name", "watch", "--json")).stdout)
    assert token["scope"] == "read" and token["token"].startswith("rl_")
    assert token["token"] not in ok(runlift(db_url, "token", "list")).stdout
    ok(runlift(db_url, "token", "revoke", str(token["id"])))
    store = Store.open(db_url)
    try:
        assert accounts.token_principal(store, token["token"], NOW) is None
        confirmed = accounts.confirm_reset(store, reset["token"], "brand new password", NOW, FAST)
        assert confirmed is None
    finally:
        store.engine.dispose()
    unknown = runlift(db_url, "token", "revoke", "99")
    assert unknown.returncode == 1 and "no token '99'" in unknown.stderr
