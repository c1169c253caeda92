"""The web app when things are not as planned (#13), in Chromium, multi-user (on PostgreSQL, which it
needs; the database does not matter here): with script off, a set is checked off on Today through its
plain form (the page comes back with the set ticked); at 200 % zoom on a laptop (WCAG 1.4.10 reflow:
1280×800 at 200 % is a 640×400 CSS px viewport at 2 device pixels each) Today, Season, Progress and
Coach scroll only up and down and no control is cut off, and the coach moves the runner's session on her
Season page as she would; a runner restored from her backup on the Settings page (a plain form). One
server, one browser context per test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from runlift.app import accounts, coaching
from runlift.app.athletes import add_runner
from runlift.store.moves import moves
from tests.browser.conftest import PHONE, Live, _page, check
from tests.conftest import MAYA, START

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
PASSWORD = "long enough password"
KIND = "postgresql"  # multi-user mode needs it
ZOOMED = {"width": 640, "height": 400}  # a 1280×800 laptop at 200 %


@pytest.fixture(scope="module")
def world(live: Any) -> tuple[Live, int]:
    """Maya (her own user) and a coach who coaches her, on the module's multi-user server."""
    server: Live = live(KIND, multi_user=True)
    hasher = accounts.password_hasher(1, 64, 1)
    _, saved = add_runner(server.store, MAYA, "maya.toml", START, NOW)
    maya = accounts.add_user(server.store, "maya@example.org", PASSWORD, NOW, hasher, athlete="Maya")
    coach = accounts.add_user(server.store, "coach@example.org", PASSWORD, NOW, hasher)
    invited = coaching.invite(server.store, coach.id, coach.email, "maya@example.org", NOW)
    coaching.accept(server.store, invited.id, maya.id, "maya@example.org", NOW)
    return server, saved.athlete_id


def _signed_in(
    browser: Any, server: Live, email: str, name: str, size: dict[str, int], **options: Any
) -> Iterator[Any]:
    """conftest's page, its browser context signed in (the session and CSRF cookies) before it opens."""
    with closing(_page(browser, size, name, **options)) as pages:
        page = next(pages)
        signed = page.context.request.post(
            f"{server.url}/api/v1/auth/login", data={"email": email, "password": PASSWORD}
        )
        assert signed.ok, signed.text()
        yield page


@pytest.fixture
def no_script(browser: Any, world: tuple[Live, int]) -> Iterator[Any]:
    yield from _signed_in(browser, world[0], "maya@example.org", "phone-no-script", PHONE, java_script_enabled=False)


@pytest.fixture
def zoomed(browser: Any, world: tuple[Live, int]) -> Iterator[Any]:
    yield from _signed_in(browser, world[0], "coach@example.org", "zoom-200", ZOOMED, device_scale_factor=2)


def test_a_set_is_checked_off_without_script(world: tuple[Live, int], no_script: Any):
    server, athlete = world
    no_script.goto(f"{server.url}/a/{athlete}/today")
    first = no_script.locator("button.check").first
    assert first.get_attribute("aria-pressed") == "false"
    with no_script.expect_navigation():
        first.click()
    assert no_script.url.endswith(f"/a/{athlete}/today#ex-bodyweight-squat")
    assert no_script.locator("button.check").first.get_attribute("aria-pressed") == "true"
    assert no_script.locator('button.check[aria-pressed="true"]').count() == 1
    log = server.store.training_log(athlete, since=START, until=START)
    assert [(s.exercise, s.reps) for session in log.lifts for s in session.sets] == [("bodyweight-squat", 8)]
    check(no_script, "today", KIND, axe=False)  # axe runs as a script: the pages' axe is elsewhere


def test_a_removed_runner_comes_back_from_her_backup_on_settings(
    world: tuple[Live, int], no_script: Any, tmp_path: Path
):
    """The Settings page's restore, a plain form too: Rhea's backup, taken before she was removed,
    uploaded by Maya (her user owns Rhea now), then Rhea's Today."""
    from runlift.app.backup import backup

    server, athlete = world
    _, saved = add_runner(server.store, MAYA.replace('"Maya"', '"Rhea"'), "rhea.toml", START, NOW)
    file = tmp_path / "runlift-backup.json"
    file.write_text(json.dumps(backup(server.store, saved.athlete_id)))
    server.store.remove_athlete(saved.athlete_id)
    no_script.goto(f"{server.url}/a/{athlete}/settings")
    restore = no_script.get_by_test_id("restore")
    restore.get_by_label("Restore a runner from their backup").set_input_files(file)
    with no_script.expect_navigation():
        restore.get_by_role("button", name="Restore", exact=True).click()
    rhea = server.store.athlete_id("Rhea")
    assert no_script.url.endswith(f"/a/{rhea}/today") and rhea != saved.athlete_id
    assert no_script.get_by_test_id("athlete-name").inner_text() == "Rhea"
    check(no_script, "restored-today", KIND, axe=False)


# Controls out of the viewport's width, or whose text overflows their own box, outside a box that scrolls
# on purpose (a wide table keeps its columns: WCAG 1.4.10's exception for data tables) or kept off screen until
# focused (the skip link)
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.textContent || el.value || "").trim().slice(0, 30)}"`;
  const cut = [];
  for (const el of document.querySelectorAll("button, a, input, select, textarea, summary, label")) {
    if (!shown(el) || el.closest(".table-wrap, .visually-hidden, .skip")) continue;  // .skip: shown on focus
    const r = el.getBoundingClientRect();
    const [left, right] = [Math.round(r.left), Math.round(r.right)];
    if (left < -1 || right > width + 1) cut.push(`${name(el)}: ${left}..${right} of ${width}`);
    else if (el.clientWidth && el.scrollWidth > el.clientWidth + 1) cut.push(`${name(el)}: text overflows`);
  }
  return {page: document.documentElement.scrollWidth, width, cut};
}"""


def test_the_pages_reflow_at_200_percent_zoom_and_the_coach_moves_a_session(world: tuple[Live, int], zoomed: Any):
    server, athlete = world
    for name, path in (
        ("today", f"/a/{athlete}/today"),
        ("season", f"/a/{athlete}/season"),
        ("progress", f"/a/{athlete}/progress"),
        ("coach", "/coach"),
    ):
        zoomed.goto(f"{server.url}{path}")
        if name == "progress":
            expect(zoomed.locator(".uplot").first).to_be_visible()  # the charts drawn
        found = zoomed.evaluate(CUT_OFF)
        assert found["page"] <= found["width"], f"{name}: the page scrolls sideways ({found})"
        assert not found["cut"], f"{name}: controls cut off: {found['cut']}"
        check(zoomed, name, KIND, axe=False)  # the pages' axe runs at phone and laptop sizes
    # the coach changes Maya's season as she would, at this zoom: her Thursday session moved to Wednesday
    zoomed.goto(f"{server.url}/a/{athlete}/season")
    thursday = zoomed.locator('[data-testid="lift"][data-date="2026-12-03"]')
    thursday.get_by_label("Move to").select_option("2026-12-02")
    thursday.get_by_role("button", name="Move").click()
    expect(zoomed.locator('[data-testid="lift"][data-date="2026-12-02"]')).to_contain_text("Moved here from Thu 3 Dec")
    assert [m.to.isoformat() for m in moves(server.store, athlete)] == ["2026-12-02"]
