"""The Coach page (#13): the roster, who needs a look first, in multi-user mode on SQLite and
PostgreSQL; the menu's Coach item only for someone who coaches; the invitation's page; a revoked
coach sees nothing more; single-user mode says coaching needs accounts."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runlift.app import accounts
from runlift.store.repo import Store
from runlift.web import create_app
from tests.conftest import START
from tests.web.test_access import NOW, multi_user_settings, runner

SATURDAY = START + dt.timedelta(days=5)  # the week's lift sessions are behind: done or missed


@pytest.fixture
def multi(db_url: str, tmp_path: Any) -> Any:
    settings = multi_user_settings(db_url, tmp_path).model_copy(update={"today": SATURDAY})
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


def _token(store: Store, user_id: int) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.add_token(store, user_id, 't', 'write', NOW)[1]}"}


def _painless(store: Store, email: str, name: str) -> int:
    """A runner whose file names no pain (Maya's file names the knee: 3/10 from the start)."""
    from runlift.app.athletes import add_runner
    from tests.conftest import MAYA

    text = MAYA.replace('name = "Maya"', f'name = "{name}"').replace('pain = ["knee"]', "pain = []")
    add_runner(store, text, "t.toml", START, NOW)
    return accounts.add_user(
        store, email, "correct horse battery", NOW, accounts.password_hasher(1, 8, 1), athlete=name
    ).id


def _menu(page: str) -> list[str]:
    menu = re.search(r'<nav class="menu".*?</nav>', page, re.S)
    return re.findall(r">([^<]+)</a>", menu.group(0)) if menu else []


def _main(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    assert found is not None
    return found.group(0)


def _invite_and_accept(client: TestClient, coach: dict[str, str], email: str, runner_auth: dict[str, str]) -> int:
    sent = client.post("/api/v1/invitations", json={"email": email}, headers=coach)
    assert sent.status_code == 201, sent.text
    accepted = client.post(f"/api/v1/invitations/{sent.json()['id']}/accept", json={}, headers=runner_auth)
    assert accepted.status_code == 200, accepted.text
    return int(sent.json()["id"])


def test_the_roster_shows_who_needs_a_look_first_and_a_revoked_coach_sees_nothing(multi: TestClient):
    store: Store = multi.app.state.store  # type: ignore[attr-defined]
    coach = _token(store, runner(store, "coach@example.org", None))
    maya_id = 1
    maya = _token(store, runner(store, "maya@example.org", "Maya"))  # knee 3/10 in her file, lifts nothing
    ben = _token(store, _painless(store, "ben@example.org", "Ben"))  # lifts both sessions, runs 10 km
    cleo = _token(store, _painless(store, "cleo@example.org", "Cleo"))  # lifts nothing
    ids = {
        name: _invite_and_accept(multi, coach, f"{name.lower()}@example.org", auth)
        for name, auth in (("Maya", maya), ("Ben", ben), ("Cleo", cleo))
    }
    ben_id = 2
    lifted = [
        multi.post(f"/api/v1/athletes/{ben_id}/log/sessions", json={"date": str(START + dt.timedelta(d))}, headers=ben)
        for d in range(6)
    ]
    assert [r.status_code for r in lifted].count(201) == 2  # Maya's plan: two sessions a week
    run = {"date": str(START + dt.timedelta(days=1)), "distance_m": 10_000, "duration_s": 3000}
    assert multi.post(f"/api/v1/athletes/{ben_id}/log/runs", json=run, headers=ben).status_code == 201
    waiting = multi.post("/api/v1/invitations", json={"email": "dora@example.org"}, headers=coach).json()

    api = multi.get("/api/v1/roster", headers=coach).json()["athletes"]
    assert [(a["name"], a["attention"]) for a in api] == [
        ("Maya", ["knee pain 3/10", "2 lift sessions missed"]),
        ("Cleo", ["2 lift sessions missed"]),
        ("Ben", []),
    ]
    assert api[2]["adherence"] == {"planned": 2, "done": 2, "planned_week": 2} and api[2]["missed"] == 0
    assert api[2]["running"] == {"distance": 6.2, "planned": 35.0, "unit": "mi"}  # 10 km in Ben's miles

    got = multi.get("/coach", headers=coach)
    assert got.status_code == 200 and "Coach" in _menu(got.text)
    page = html.unescape(got.text)
    rows = re.findall(r'<tr data-athlete="(\d+)"', page)
    assert [int(r) for r in rows] == [a["athlete_id"] for a in api]  # the API's order: who needs a look first
    assert '<a href="/a/1">Maya</a>' in page and "knee 3/10" in page and "on track" in page
    assert "1 of 3</strong> trained so far" in page and "2</strong> need a look" in page
    assert "6.2 / 35 mi" in page and f"http://127.0.0.1/invitations/{waiting['id']}" in page
    assert "dora@example.org" in page

    # the coach sees and changes Maya's things as she would
    assert multi.get(f"/a/{maya_id}/today", headers=coach).status_code == 200
    logged = multi.post(f"/api/v1/athletes/{maya_id}/log/runs", json=run, headers=coach)
    assert logged.status_code == 201

    # Maya stops it: the coach sees her no more
    assert multi.post(f"/api/v1/invitations/{ids['Maya']}/revoke", headers=maya).json()["status"] == "revoked"
    after = multi.get("/coach", headers=coach)
    assert re.findall(r'<tr data-athlete="(\d+)"', after.text) == [str(a["athlete_id"]) for a in api[1:]]
    gone = multi.get(f"/a/{maya_id}/today", headers=coach)
    assert gone.status_code == 404 and "text/html" in gone.headers["content-type"]
    assert multi.post(f"/api/v1/athletes/{maya_id}/log/runs", json=run, headers=coach).status_code == 404


def test_someone_who_coaches_no_one_has_no_coach_item_and_an_invitation_to_start(multi: TestClient):
    store: Store = multi.app.state.store  # type: ignore[attr-defined]
    maya_user = runner(store, "maya@example.org", "Maya")
    maya = _token(store, maya_user)
    stranger = _token(store, runner(store, "stranger@example.org", "Sam"))
    coach = _token(store, runner(store, "coach@example.org", None))

    today = multi.get("/a/1/today", headers=maya)
    assert today.status_code == 200 and "Coach" not in _menu(today.text) and "Today" in _menu(today.text)
    empty = multi.get("/coach", headers=maya)
    assert empty.status_code == 200 and 'data-testid="empty"' in empty.text and 'data-testid="invite"' in empty.text
    assert "Coach" not in _menu(empty.text) and 'data-testid="roster"' not in empty.text
    assert multi.get("/a/1/today", headers=stranger).status_code == 404

    sent = multi.post("/api/v1/invitations", json={"email": "maya@example.org"}, headers=coach).json()
    assert "Coach" in _menu(multi.get("/coach", headers=coach).text)  # an invitation sent: a coach now
    mine = multi.get(f"/invitations/{sent['id']}", headers=maya)
    assert 'data-testid="accept"' in mine.text and "coach@example.org" in mine.text and "Maya" in mine.text
    assert "<select" not in mine.text  # one runner: nothing to choose
    from runlift.store.accounts import set_owner

    _painless(store, "maya.b@example.org", "Maya B")
    set_owner(store, store.athlete_id("Maya B"), maya_user)  # Maya looks after a second runner
    both = multi.get(f"/invitations/{sent['id']}", headers=maya).text
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', both)
    assert options == [("1", "Maya"), (str(store.athlete_id("Maya B")), "Maya B")]
    theirs = multi.get(f"/invitations/{sent['id']}", headers=stranger)
    missing = multi.get("/invitations/999999", headers=stranger)
    for other in (theirs, missing):  # the same words whether it exists or not
        assert 'data-testid="not-yours"' in other.text and "maya@" not in other.text and "coach@" not in other.text
    assert _main(theirs.text) == _main(missing.text)
    sender = multi.get(f"/invitations/{sent['id']}", headers=coach)
    assert f"http://127.0.0.1/invitations/{sent['id']}" in sender.text and "Accept" not in sender.text


def test_single_user_mode_says_coaching_needs_accounts(api_client: TestClient):
    got = api_client.get("/coach")
    assert got.status_code == 200 and "runlift serve --multi-user" in got.text
    assert "Coach" not in _menu(got.text) and 'data-testid="invite"' not in got.text


def test_a_file_that_no_longer_reads_comes_first_and_the_rest_still_shows(multi: TestClient):
    from sqlalchemy import update

    from runlift.store.changes import changed
    from runlift.store.tables import ProfileVersionRow

    store: Store = multi.app.state.store  # type: ignore[attr-defined]
    coach = _token(store, runner(store, "coach@example.org", None))
    home = multi.get("/", headers=coach)
    assert home.status_code == 200 and 'href="/coach"' in home.text  # a coach with no runner starts there
    _invite_and_accept(multi, coach, "ben@example.org", _token(store, _painless(store, "ben@example.org", "Ben")))
    _invite_and_accept(multi, coach, "zoe@example.org", _token(store, _painless(store, "zoe@example.org", "Zoe")))
    with store.transaction() as db:  # a file stored by an older runlift that this one no longer reads
        changed(db, 2, None)
        db.execute(
            update(ProfileVersionRow).where(ProfileVersionRow.athlete_id == 2).values(toml="[athlete]\nunits = 'st'")
        )
    page = html.unescape(multi.get("/coach", headers=coach).text)
    assert re.findall(r'<tr data-athlete="(\d+)"', page) == ["2", "1"]
    assert "their file no longer reads: stored file v1: " in page and "2 lift sessions missed" in page
