"""The web app's frame (#13): the layout, sign-in, errors, CSP and escaping, in a real Chromium."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from runlift.app import accounts
from runlift.app.athletes import add_runner
from tests.browser.conftest import AXE_ON, Live, check
from tests.conftest import MAYA, START
from tests.dbs import KINDS

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
HOSTILE = '<script>alert("x")</script>'


def _runner(live: Live, name: str) -> int:
    text = MAYA.replace('name = "Maya"', f"name = '{name}'")  # a TOML literal string: taken as written
    _, saved = add_runner(live.store, text, "browser", START, NOW)
    return saved.athlete_id


@pytest.mark.parametrize("kind", KINDS)
def test_an_athlete_named_like_a_script_shows_as_text(live: Any, phone: Any, kind: str):
    server: Live = live(kind)
    athlete_id = _runner(server, HOSTILE)
    phone.goto(f"{server.url}/")  # the choice of runners (the worker's server has other tests' runners too)
    phone.get_by_test_id("athletes").get_by_role("link", name=HOSTILE, exact=True).click()
    phone.wait_for_url(f"**/a/{athlete_id}/today")
    assert phone.get_by_test_id("athlete-name").inner_text() == HOSTILE  # text, never markup
    assert phone.evaluate("document.querySelectorAll('main script, header script').length") == 0
    csp = phone.request.get(f"{server.url}/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    check(phone, "athlete-home", kind, axe=kind == AXE_ON)
    phone.goto(f"{server.url}/no/such/page")
    assert phone.get_by_test_id("error-detail").inner_text() == "there is no page at this address"
    check(phone, "not-found", kind, axe=kind == AXE_ON)


def test_sign_in_with_a_wrong_then_the_right_password(live: Any, laptop: Any):
    server: Live = live("postgresql", multi_user=True)
    athlete_id = _runner(server, "Sam")
    hasher = accounts.password_hasher(1, 64, 1)
    accounts.add_user(server.store, "sam@example.org", "long enough password", NOW, hasher, athlete="Sam")
    laptop.goto(f"{server.url}/a/{athlete_id}")
    laptop.wait_for_url("**/login?next=*")
    check(laptop, "sign-in", "postgresql")
    laptop.get_by_label("Email").fill("sam@example.org")
    laptop.get_by_label("Password").fill("wrong")
    laptop.get_by_role("button", name="Sign in").click()
    assert laptop.get_by_role("alert").inner_text() == "email or password is wrong"
    laptop.get_by_label("Password").fill("long enough password")
    laptop.get_by_role("button", name="Sign in").click()
    laptop.wait_for_url(f"**/a/{athlete_id}/today")  # /a/{id} opens the runner's Today
    cookies = {c["name"]: c for c in laptop.context.cookies()}
    assert cookies["runlift_session"]["httpOnly"] and cookies["runlift_session"]["sameSite"] == "Lax"
    check(laptop, "signed-in", "postgresql")
    laptop.get_by_role("button", name="Sign out").click()
    laptop.wait_for_url("**/login")
    laptop.goto(f"{server.url}/a/{athlete_id}")
    laptop.wait_for_url("**/login?next=*")
