"""The Settings page (#13) in Chromium: other units reach Today (lb), a revoked calendar address answers
404; on PostgreSQL with accounts, a token made on the page works on the API and is refused once revoked.
No accessibility violation, no console error, nothing wider than a 320 px screen."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
from playwright.sync_api import expect

from runlift.app import accounts, coaching
from runlift.app.athletes import add_runner
from tests.browser.conftest import Live, check
from tests.conftest import MAYA, START

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
HASHER = accounts.password_hasher(1, 64, 1)  # cheap: tests only
PASSWORD = "long enough password"
# Maya in kg with a known lift, so Today shows loads in her units
KG = (
    MAYA.replace('units = "lb"', 'units = "kg"')
    .replace("bodyweight = 135", "bodyweight = 61")
    .replace("weekly_distance = 35", "weekly_distance = 56")
    .replace("[running]", "[lifts]\ndb-romanian-deadlift = { weight = 18, reps = 10 }\n\n[running]")
)


def _lift_day(server: Live, athlete_id: int, headers: dict[str, str] | None = None) -> str:
    """A day of the first week whose card has a load."""
    for d in range(7):
        day = (START + dt.timedelta(d)).isoformat()
        got = httpx.get(f"{server.url}/api/v1/athletes/{athlete_id}/today", params={"date": day}, headers=headers)
        if any(e.get("load") for s in got.json()["sessions"] for e in s["exercises"]):
            return day
    raise AssertionError("no loaded exercise in the first week")


def _fits_320(page: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)"
        ".map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide


def test_units_reach_today_and_a_revoked_feed_is_gone(live: Any, laptop: Any):
    server: Live = live("sqlite")
    _, saved = add_runner(server.store, KG.replace('"Maya"', '"Kim"'), "kim.toml", START, NOW)
    athlete_id = saved.athlete_id
    laptop.on("dialog", lambda dialog: dialog.accept())
    laptop.goto(f"{server.url}/a/{athlete_id}/settings")
    assert laptop.get_by_label("kilograms and kilometres (kg, km)").is_checked()
    laptop.get_by_label("pounds and miles (lb, mi)").check()
    laptop.route("**/units-and-weights", lambda route: route.abort())  # no signal
    laptop.get_by_role("button", name="Save units").click()
    expect(laptop.locator("#units-error")).to_have_text(
        "no connection to runlift: nothing was changed; try again with signal"
    )
    laptop.unroute("**/units-and-weights")
    with laptop.expect_navigation():  # saved, the page shows the file's new version
        laptop.get_by_role("button", name="Save units").click()
    assert laptop.get_by_label("pounds and miles (lb, mi)").is_checked()
    assert "In lb." in laptop.locator("#weights-hint").inner_text()
    rack = laptop.get_by_label("Dumbbells on your rack")
    rack.fill("10, 15, heavy")
    laptop.get_by_role("button", name="Save weights and equipment").click()
    expect(laptop.locator("#weights-error")).to_have_text('Dumbbells: expected positive numbers, got "heavy"')
    rack.fill("10, 15, 20")
    laptop.get_by_role("button", name="Save weights and equipment").click()
    expect(laptop.locator("#status")).to_have_text("Weights saved: loads round to them from today.")
    day = _lift_day(server, athlete_id)
    laptop.goto(f"{server.url}/a/{athlete_id}/today?date={day}")
    card = laptop.locator("main").inner_text()
    loads = {float(n) for n in re.findall(r"([\d.]+) lb\b", card)}
    assert loads and loads <= {10, 15, 20} and not re.search(r"\d kg\b", card), card  # PRO-4: the rack, in lb

    laptop.goto(f"{server.url}/a/{athlete_id}/settings")
    laptop.get_by_role("button", name="Make a calendar address").click()
    address = laptop.get_by_test_id("feed-url")
    address.wait_for(state="visible")
    url = address.input_value()
    assert url.startswith(f"{server.url}/api/v1/calendar/rlcal_") and url not in laptop.url
    assert httpx.get(url).text.startswith("BEGIN:VCALENDAR")
    laptop.get_by_role("button", name="Copy").first.click()
    expect(laptop.locator("#status")).not_to_be_empty()  # "Copied." or, without a clipboard, "Selected: …"
    check(laptop, "settings-feed", "sqlite")
    laptop.get_by_role("button", name="Revoke the feed").click()
    expect(laptop.get_by_test_id("feed-status")).to_have_text(re.compile("^No feed"))
    assert httpx.get(url).status_code == 404
    _fits_320(laptop)


def _signed_in(server: Live, page: Any, name: str) -> tuple[int, int]:
    """`name`'s runner and user (name@example.org), signed in on `page` at their Settings; (athlete, user)."""
    _, saved = add_runner(server.store, MAYA.replace('"Maya"', f'"{name}"'), "runner.toml", START, NOW)
    email = f"{name.lower()}@example.org"
    user = accounts.add_user(server.store, email, PASSWORD, NOW, HASHER, athlete=name)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{server.url}/a/{saved.athlete_id}/settings")
    page.wait_for_url("**/login?next=*")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/a/{saved.athlete_id}/settings")
    return saved.athlete_id, user.id


def test_a_token_made_on_the_page_works_until_revoked(live: Any, phone: Any):
    server: Live = live("postgresql", multi_user=True)
    _signed_in(server, phone, "Tomas")
    phone.get_by_label("Name (what uses it").fill("phone script")
    phone.get_by_label("Scope").select_option("write")
    phone.get_by_role("button", name="Make the token").click()
    secret_field = phone.get_by_test_id("token-secret")
    secret_field.wait_for(state="visible")
    secret = secret_field.input_value()
    assert secret.startswith("rl_") and secret not in phone.url
    bearer = {"Authorization": f"Bearer {secret}"}
    me = httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer)
    assert me.status_code == 200 and me.json()["scope"] == "write"
    expect(phone.get_by_role("button", name="Revoke phone script")).to_be_visible()  # listed, without its secret
    check(phone, "settings-token", "postgresql")
    phone.reload()
    assert secret not in phone.content()  # shown that once
    phone.get_by_role("button", name="Revoke phone script").click()
    phone.locator("[data-revoke-token]").wait_for(state="detached")
    assert httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer).status_code == 401
    _fits_320(phone)


def test_accept_a_coach_then_revoke_them(live: Any, laptop: Any):
    server: Live = live("postgresql", multi_user=True)
    coach = accounts.add_user(server.store, "ana.coach@example.org", PASSWORD, NOW, HASHER)
    invitation = coaching.invite(server.store, coach.id, coach.email, "ana@example.org", NOW)
    as_coach = {"Authorization": f"Bearer {accounts.add_token(server.store, coach.id, 'roster', 'read', NOW)[1]}"}
    athlete_id, _ = _signed_in(server, laptop, "Ana")
    card = f"{server.url}/api/v1/athletes/{athlete_id}/today"
    assert httpx.get(card, headers=as_coach).status_code == 404  # invited is not accepted
    code = laptop.get_by_label("An invitation link from your coach")
    code.fill("from coach")
    laptop.get_by_role("button", name="Open the invitation").click()
    expect(laptop.locator("#coach-error")).to_contain_text('got "from coach"')
    code.fill(f"{server.url}/invitations/{invitation.id}")
    with laptop.expect_navigation(url=f"**/invitations/{invitation.id}"):
        laptop.get_by_role("button", name="Open the invitation").click()
    laptop.go_back()
    with laptop.expect_navigation():
        laptop.get_by_role("button", name="Accept for Ana").click()
    assert laptop.get_by_test_id("coaches").inner_text().startswith("ana.coach@example.org")
    assert httpx.get(card, headers=as_coach).status_code == 200
    check(laptop, "settings-coach", "postgresql")
    with laptop.expect_navigation():
        laptop.get_by_role("button", name="Revoke ana.coach@example.org").click()
    expect(laptop.get_by_text("No coach sees Ana's training.")).to_be_visible()
    assert httpx.get(card, headers=as_coach).status_code == 404
