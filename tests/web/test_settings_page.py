"""The Settings page (#13) and PATCH /athletes/{id}/units-and-weights, on SQLite and PostgreSQL: units
convert the runner's file, the weights owned reach the plan's loads (PRO-4), the page shows the feed,
the exports, the caller's tokens and coaches; another user's athlete is a 404, no one signed in → sign in."""

from __future__ import annotations

import datetime as dt
import html
import tomllib
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr

from runlift.app import accounts, coaching
from runlift.app.athletes import add_runner
from tests.conftest import MAYA, START
from tests.web.conftest import MakeClient
from tests.web.test_access import FAST, HASHER, PASSWORD, SECRET

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
PROBLEM = "application/problem+json"
# Maya in lb, with a known lift and a rack: every number the file holds in her units
RUNNER = (
    MAYA.replace("[running]", "[lifts]\ndb-romanian-deadlift = { weight = 40, reps = 10 }\n\n[running]")
    + "\n[weights]\ndumbbells = [10, 15, 20, 25, 30, 35, 40]\nbar = 45\nplates = [45, 25, 10, 2.5]\n"
)


def _maya(client: TestClient, text: str = RUNNER) -> int:
    _, saved = add_runner(client.app.state.store, text, "maya.toml", START, NOW)  # type: ignore[attr-defined]
    return saved.athlete_id


def _file(client: TestClient, athlete_id: int) -> dict[str, Any]:
    got = client.get(f"/api/v1/athletes/{athlete_id}/profile")
    assert got.status_code == 200, got.text
    return tomllib.loads(got.json()["toml"])


def _loads(client: TestClient, athlete_id: int) -> list[tuple[str, float, str]]:
    """(exercise, load, unit) of every loaded exercise of the first week's lift days."""
    found = []
    for d in range(7):
        day = (START + dt.timedelta(d)).isoformat()
        card = client.get(f"/api/v1/athletes/{athlete_id}/today", params={"date": day}).json()
        for session in card["sessions"]:
            for item in session["exercises"]:
                if item.get("load"):
                    found.append((item["id"], item["load"]["value"], item["load"]["unit"]))
    return found


def test_other_units_convert_every_number_of_the_file(api_client: TestClient):
    athlete_id = _maya(api_client)
    url = f"/api/v1/athletes/{athlete_id}/units-and-weights"
    before = api_client.get(url).json()
    assert before["units"] == "lb" and before["distance_unit"] == "mi" and before["weights"]["bar"] == 45
    changed = api_client.patch(url, json={"units": "kg"})
    assert changed.status_code == 200, changed.text
    now = changed.json()
    assert now["changed"] and now["units"] == "kg" and now["distance_unit"] == "km"
    assert now["version"] == before["version"] + 1
    assert now["weights"]["bar"] == 20.41 and now["weights"]["dumbbells"][:2] == [4.536, 6.804]  # the same weights
    doc = _file(api_client, athlete_id)
    assert doc["athlete"]["units"] == "kg" and doc["athlete"]["bodyweight"] == 61.23  # 135 lb, and back
    assert doc["running"]["weekly_distance"] == 56.3  # 35 mi
    assert doc["lifts"]["db-romanian-deadlift"] == {"weight": 18.14, "reps": 10}
    assert doc["race"][0]["date"] == dt.date(2027, 4, 18)  # the rest of the file is kept
    assert {unit for _, _, unit in _loads(api_client, athlete_id)} == {"kg"}
    again = api_client.patch(url, json={"units": "kg"}).json()
    assert again["changed"] is False and again["version"] == now["version"]
    back = api_client.patch(url, json={"units": "lb"}).json()
    assert _file(api_client, athlete_id)["athlete"]["bodyweight"] == 135  # what she wrote, exactly
    assert back["weights"]["bar"] == 45 and back["weights"]["plates"] == [45, 25, 10, 2.5]  # and back


def test_the_weights_owned_are_what_the_plan_loads(api_client: TestClient):
    athlete_id = _maya(api_client)
    url = f"/api/v1/athletes/{athlete_id}/units-and-weights"
    assert max(load for _, load, _ in _loads(api_client, athlete_id)) > 20
    rack = {"dumbbells": [20, 10, 15, 15], "kettlebells": [], "bar": None, "plates": []}
    changed = api_client.patch(url, json={"weights": rack})
    assert changed.status_code == 200, changed.text
    assert changed.json()["weights"] == {"dumbbells": [10, 15, 20], "kettlebells": [], "bar": None, "plates": []}
    assert _file(api_client, athlete_id)["weights"] == {"dumbbells": [10, 15, 20]}
    loads = _loads(api_client, athlete_id)
    assert loads and {load for _, load, _ in loads} <= {10, 15, 20}  # PRO-4: never above the heaviest owned
    api_client.patch(url, json={"weights": {"dumbbells": [10, 15, 20], "bar": 45, "plates": [25]}})
    page = api_client.get(f"/a/{athlete_id}/settings").text
    assert "equipment has no barbell" in page and 'value="band" checked' in page
    kit = api_client.patch(url, json={"equipment": ["band", "barbell", "dumbbells"]}).json()
    assert kit["equipment"] == ["barbell", "dumbbells", "band"]  # the library's order
    assert _file(api_client, athlete_id)["athlete"]["equipment"] == ["barbell", "dumbbells", "band"]
    assert "equipment has no barbell" not in api_client.get(f"/a/{athlete_id}/settings").text
    none = api_client.patch(url, json={"weights": {}}).json()
    assert none["weights"]["dumbbells"] == [] and "weights" not in _file(api_client, athlete_id)


def test_a_change_that_is_wrong_is_refused_with_the_field(api_client: TestClient):
    athlete_id = _maya(api_client)
    url = f"/api/v1/athletes/{athlete_id}/units-and-weights"
    version = api_client.get(url).json()["version"]
    for body, words in (
        ({}, "expected units, weights or equipment, got none of them"),
        ({"equipment": ["treadmill"]}, "equipment"),
        ({"units": "stone"}, "units"),
        ({"weights": {"dumbbells": [10, -5]}}, "dumbbells"),
        ({"weights": {"bar": "heavy"}}, "bar"),
    ):
        got = api_client.patch(url, json=body)
        assert got.status_code == 422 and got.headers["content-type"] == PROBLEM, got.text
        assert words in got.text, got.text
    assert api_client.get(url).json()["version"] == version  # nothing was stored
    assert api_client.patch("/api/v1/athletes/999/units-and-weights", json={"units": "kg"}).status_code == 404


def test_the_page_in_single_user_mode(api_client: TestClient):
    athlete_id = _maya(api_client)
    got = api_client.get(f"/a/{athlete_id}/settings")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/html")
    text = html.unescape(got.text)
    assert 'value="lb" checked' in text and 'value="10, 15, 20, 25, 30, 35, 40"' in text
    assert 'value="45, 25, 10, 2.5"' in text and "No feed yet." in text
    notes = [line for line in text.splitlines() if 'data-testid="unused"' in line]  # equipment: dumbbells, band
    assert len(notes) == 1 and "equipment has no barbell" in notes[0]
    assert "Not needed here" in text and "Coaching needs a runlift with accounts" in text
    assert f'<a href="/a/{athlete_id}/settings" aria-current="page">Settings</a>' in text  # in the menu
    # one runner: `/` goes straight to Today, so Settings is the way to add a second
    assert api_client.get("/", follow_redirects=False).headers["location"] == f"/a/{athlete_id}/today"
    add = [line for line in text.splitlines() if 'data-testid="add-runner"' in line]
    assert len(add) == 1 and 'href="/onboarding"' in add[0] and ">Add a runner</a>" in add[0]
    assert "athlete.name" in api_client.get("/onboarding").text  # the form it leads to
    hrefs = [line.split('href="')[1].split('"')[0] for line in text.splitlines() if "/exports/" in line]
    assert len(hrefs) == 6
    for href in hrefs:  # every export link downloads
        assert api_client.get(href).status_code == 200, href
    made = api_client.post(f"/api/v1/athletes/{athlete_id}/calendar-feed").json()
    again = api_client.get(f"/a/{athlete_id}/settings").text
    assert "A feed is live since 30 Nov 2026" in again or "A feed is live since" in again
    assert made["token"] not in again  # the secret is never on the page
    assert api_client.get("/a/999/settings").status_code == 404


def _signed_in(make_client: MakeClient, email: str) -> TestClient:
    client = make_client(multi_user=True, secret_key=SecretStr(SECRET), jobs_in_app=False, **FAST)
    client.base_url = "http://127.0.0.1"  # type: ignore[assignment]  # loopback: cookies without Secure
    got = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert got.status_code == 200, got.text
    return client


def test_the_page_signed_in_shows_tokens_coaches_and_invitations(make_client: MakeClient):
    anonymous = make_client(multi_user=True, secret_key=SecretStr(SECRET), jobs_in_app=False, **FAST)
    store = anonymous.app.state.store  # type: ignore[attr-defined]
    maya_id = _maya(anonymous)
    _, sam = add_runner(store, MAYA.replace('"Maya"', '"Sam"'), "sam.toml", START, NOW)
    maya_user = accounts.add_user(store, "maya@example.org", PASSWORD, NOW, HASHER, athlete="Maya")
    accounts.add_user(store, "sam@example.org", PASSWORD, NOW, HASHER, athlete="Sam")
    coach = accounts.add_user(store, "coach@example.org", PASSWORD, NOW, HASHER)
    other = accounts.add_user(store, "other@example.org", PASSWORD, NOW, HASHER)
    accepted = coaching.invite(store, coach.id, coach.email, "maya@example.org", NOW)
    coaching.accept(store, accepted.id, maya_user.id, "maya@example.org", NOW)
    waiting = coaching.invite(store, other.id, other.email, "maya@example.org", NOW)
    watch, _ = accounts.add_token(store, maya_user.id, "watch", "read", NOW)

    gone = anonymous.get(f"/a/{maya_id}/settings", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login?next=")

    maya = _signed_in(make_client, "maya@example.org")
    text = html.unescape(maya.get(f"/a/{maya_id}/settings").text)
    assert "watch" in text and f'data-revoke-token="{watch.id}"' in text and "Not needed here" not in text
    assert f'data-revoke-invitation="{accepted.id}"' in text and "coach@example.org" in text
    assert f'data-accept-invitation="{waiting.id}"' in text and "other@example.org" in text
    assert "Your roster, as a coach" not in text  # Maya coaches no one
    as_coach = html.unescape(_signed_in(make_client, "coach@example.org").get(f"/a/{maya_id}/settings").text)
    assert (
        "Your roster, as a coach" in as_coach
        and "You coach Maya" in as_coach
        and "data-revoke-invitation" not in as_coach
    )
    theirs = maya.get(f"/a/{sam.athlete_id}/settings")
    assert theirs.status_code == 404 and "text/html" in theirs.headers["content-type"]
    assert "Sam" not in theirs.text

    sam_client = _signed_in(make_client, "sam@example.org")
    assert sam_client.get(f"/a/{maya_id}/settings").status_code == 404
    refused = sam_client.patch(
        f"/api/v1/athletes/{maya_id}/units-and-weights",
        json={"units": "kg"},
        headers={"X-CSRF-Token": sam_client.cookies["runlift_csrf"]},
    )
    assert refused.status_code == 404


def test_the_access_log_never_holds_a_feed_token(api_client: TestClient):
    """uvicorn logs every request's path; a feed's path is its credential (the app hides it)."""
    import logging

    from uvicorn.logging import AccessFormatter

    athlete_id = _maya(api_client)
    feed = api_client.post(f"/api/v1/athletes/{athlete_id}/calendar-feed").json()
    path = feed["url"].removeprefix("http://testserver") + "?x=1"
    access = logging.getLogger("uvicorn.access")  # as uvicorn's protocols write it
    record = access.makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", path, "1.1", 200),
        None,
    )
    assert access.filter(record)
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False).format(record)
    assert feed["token"] not in line and "/api/v1/calendar/(hidden).ics?x=1" in line, line
