"""A coach opens a runner's pages and changes them as the runner would (#13), signed in with a browser's
session (its cookie and CSRF token), multi-user, on SQLite and PostgreSQL: the runner's Today, Season and Log;
a session moved (as static/js/season.js sends it) and a set checked off (Today's form); once the runner
revokes the coaching, the same pages and writes are a 404 and nothing changes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runlift.app import accounts, coaching
from runlift.web import create_app
from tests.conftest import START
from tests.web.test_access import HASHER, NOW, PASSWORD, multi_user_settings, runner
from tests.web.test_today_forms import _forms, _logged

THURSDAY = (START + dt.timedelta(days=3)).isoformat()
WEDNESDAY = (START + dt.timedelta(days=2)).isoformat()


@pytest.fixture
def app(db_url: str, tmp_path: Any) -> Iterator[Any]:
    with TestClient(create_app(multi_user_settings(db_url, tmp_path))) as client:
        yield client.app


def _browser(app: Any, email: str) -> TestClient:
    """A browser signed in: the session cookie, and the CSRF cookie its pages carry (loopback: no Secure)."""
    client = TestClient(app, base_url="http://127.0.0.1")
    signed = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    return client


def _csrf(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies["runlift_csrf"]}


def test_a_coach_sees_and_changes_the_runners_pages_until_revoked(app: Any):
    store = app.state.store
    maya_user = runner(store, "maya@example.org", "Maya")
    maya = 1
    coach_user = accounts.add_user(store, "coach@example.org", PASSWORD, NOW, HASHER)
    invited = coaching.invite(store, coach_user.id, coach_user.email, "maya@example.org", NOW)
    coaching.accept(store, invited.id, maya_user, "maya@example.org", NOW)
    coach = _browser(app, "coach@example.org")

    # her pages, as she sees them: her name, her menu, the coach's CSRF token for the writes
    for page in ("today", "season", "log"):
        got = coach.get(f"/a/{maya}/{page}")
        assert got.status_code == 200, (page, got.text[:300])
        assert 'data-testid="athlete-name">Maya<' in got.text
        assert {f"/a/{maya}/{p}" for p in ("today", "season", "log")} <= set(re.findall(r'href="([^"]+)"', got.text))
        assert f'data-csrf="{coach.cookies["runlift_csrf"]}"' in got.text

    # a session moved, as season.js sends it: refused without the token, done with it
    move = {"day": THURSDAY, "to": WEDNESDAY}
    url = f"/api/v1/athletes/{maya}/plan/moves"
    assert coach.post(url, json=move).status_code == 403
    assert coach.post(url, json=move, headers=_csrf(coach)).status_code == 201
    assert "Moved here from Thu 3 Dec" in coach.get(f"/a/{maya}/season").text
    # a set checked off on her Today (its form, the coach's token), in her log and on her Log page
    assert "Bodyweight squat" not in coach.get(f"/a/{maya}/log").text
    action, first = _forms(coach.get(f"/a/{maya}/today").text, "check-form")[0]
    assert coach.post(action, data=first, follow_redirects=False).status_code == 303
    assert len(_logged(coach, maya)) == 1
    assert coach.get(f"/a/{maya}/today").text.count('aria-pressed="true"') == 1
    assert _logged(coach, maya)[0][0] == "bodyweight-squat" and "Bodyweight squat" in coach.get(f"/a/{maya}/log").text

    # Maya stops it: the coach's pages and writes are gone, and nothing more is written
    coaching.revoke(store, invited.id, maya_user, "maya@example.org", NOW)
    for page in ("today", "season", "log"):
        gone = coach.get(f"/a/{maya}/{page}")
        assert gone.status_code == 404 and "text/html" in gone.headers["content-type"]
    again = coach.post(action, data={**first, "key": "another"}, follow_redirects=False)
    assert again.status_code == 404 and len(_logged(coach, maya)) == 1
    undo = coach.delete(f"{url}/{WEDNESDAY}", headers=_csrf(coach))
    assert undo.status_code == 404
    mine = _browser(app, "maya@example.org").get(f"/a/{maya}/season").text
    assert "Moved here from Thu 3 Dec" in mine  # still moved: the revoked coach's undo did nothing
