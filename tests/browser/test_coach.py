"""The coach's roster (#13) in Chromium on PostgreSQL, multi-user: the coach invites a runner, the runner
opens the link on her phone and accepts, the coach sees her week in the roster (a table on a laptop,
cards on a phone) and opens her pages; a second invitation is withdrawn; she stops it, and the coach sees
her no more. Screenshots, axe."""

from __future__ import annotations

import datetime as dt
from typing import Any

from runlift.app import accounts
from runlift.app.athletes import add_runner
from tests.browser.conftest import PHONE, Live, check
from tests.conftest import MAYA, START

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
PASSWORD = "long enough password"
KIND = "postgresql"


def _sign_in(page: Any, server: Live, email: str, next_path: str) -> None:
    page.goto(f"{server.url}/login?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_path}")


def test_invite_accept_roster_revoke(live: Any, laptop: Any, phone: Any):
    server: Live = live(KIND, multi_user=True)
    hasher = accounts.password_hasher(1, 64, 1)
    _, saved = add_runner(server.store, MAYA.replace('"Maya"', '"Rosa"'), "rosa.toml", START, NOW)
    accounts.add_user(server.store, "rosa@example.org", PASSWORD, NOW, hasher, athlete="Rosa")
    accounts.add_user(server.store, "cora@example.org", PASSWORD, NOW, hasher)

    # the coach: no one yet, so no Coach item; an invitation and its link
    _sign_in(laptop, server, "cora@example.org", "/coach")
    assert laptop.get_by_test_id("empty").is_visible()
    assert laptop.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").count() == 0
    laptop.get_by_label("Their email").fill("rosa@example.org")
    laptop.get_by_role("button", name="Invite").click()
    link = laptop.get_by_test_id("waiting").get_by_role("textbox").input_value()
    assert link.startswith(f"{server.url}/invitations/")
    assert laptop.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").count() == 1
    check(laptop, "coach-invited", KIND)

    # Rosa opens the link on her phone, signs in, accepts
    phone.goto(link)
    phone.wait_for_url("**/login?next=*")
    _sign_in(phone, server, "rosa@example.org", link.removeprefix(server.url))
    check(phone, "invitation", KIND)
    phone.get_by_role("button", name="Accept").click()
    phone.get_by_role("button", name="Stop coaching").wait_for()
    assert "cora@example.org coaches Rosa" in phone.get_by_test_id("received").inner_text()

    # the coach's roster: Rosa's week, who needs a look; her pages open as hers
    laptop.reload()
    row = laptop.locator(f'tr[data-athlete="{saved.athlete_id}"]')
    assert (
        "knee pain 3/10" in row.inner_text()
        and "0 / 1 (2 this week)" in row.inner_text()
        and "0.0 / 35 mi" in row.inner_text()
    )
    assert laptop.get_by_test_id("waiting").count() == 0
    check(laptop, "coach-roster", KIND)
    laptop.get_by_label("Their email").fill("dora@example.org")  # another invitation, then withdrawn
    laptop.get_by_role("button", name="Invite").click()
    assert "dora@example.org" in laptop.get_by_test_id("waiting").inner_text()
    laptop.once("dialog", lambda dialog: dialog.accept())
    laptop.get_by_role("button", name="Withdraw the invitation to dora@example.org").click()
    laptop.get_by_test_id("waiting").wait_for(state="detached")
    laptop.set_viewport_size(PHONE)  # the same roster as cards on a phone's width
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    laptop.watched.viewport = "phone"
    check(laptop, "coach-roster", KIND, axe=False)  # the same document as the laptop's, checked above
    laptop.watched.viewport = "laptop"
    row.get_by_role("link", name="Rosa").click()
    laptop.wait_for_url(f"**/a/{saved.athlete_id}/today")
    assert laptop.get_by_test_id("athlete-name").inner_text() == "Rosa"

    # Rosa stops it: the coach no longer sees her
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Stop coaching").click()
    phone.get_by_text("has ended").wait_for()
    laptop.goto(f"{server.url}/coach")
    assert laptop.get_by_test_id("empty").is_visible() and laptop.locator("tr[data-athlete]").count() == 0
    gone = laptop.goto(f"{server.url}/a/{saved.athlete_id}/today")
    assert gone is not None and gone.status == 404
