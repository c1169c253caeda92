"""The Season and Library pages in headless Chromium, on a phone (390×844) and a laptop (1280×800): the
season's phases and weeks with today marked; a move refused with its reason (SCH-3), one made and
undone; the Library's filters, chains and cues; no console error, no axe violation; screenshots.
The Season on SQLite and PostgreSQL; the Library reads no database (the exercises are the package's):
on SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from runlift.app.athletes import add_runner
from tests.browser.conftest import AXE_ON, NO_WORKER, Live
from tests.conftest import START
from tests.dbs import KINDS
from tests.web.test_log import RUNNER

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module", params=KINDS)
def site(request: pytest.FixtureRequest, live: Callable[..., Live]) -> tuple[str, int, str]:
    """Sasha (the seed runner's file) on the worker's server of each kind, today Monday 30 Nov 2026:
    (base URL, athlete id, kind)."""
    server = live(request.param)
    text = (RUNNER.decode() if isinstance(RUNNER, bytes) else RUNNER).replace('"Maya"', '"Sasha"')
    _, version = add_runner(server.store, text, "sasha.toml", START, dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC))
    return server.url, version.athlete_id, server.kind


def _open(browser: Browser, viewport: dict[str, int], errors: list[str]) -> Page:
    page = browser.new_page(viewport=viewport, **NO_WORKER)  # a reload shows the server's page (see conftest)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a refused move answers 409, which Chromium logs as a failed resource: that one is expected
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "409" not in m.text else None)
    return page


def _axe(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_season_on_a_phone_refuses_a_move_with_its_reason_then_moves_and_undoes(
    site: tuple[str, int, str], browser: Browser
):
    base, athlete, kind = site
    errors: list[str] = []
    page = _open(browser, PHONE, errors)
    page.goto(f"{base}/a/{athlete}/season")
    expect(page.get_by_test_id("phase-strip")).to_be_visible()
    today = page.locator('li.day[aria-current="date"]')
    expect(today).to_have_attribute("data-date", "2026-11-30")
    if kind == AXE_ON:  # the same page on either database: see conftest
        _axe(page)
    _shot(page, "season-phone")

    thursday = page.locator('[data-testid="lift"][data-date="2026-12-03"]')
    thursday.get_by_label("Move to").select_option("2026-12-04")
    thursday.get_by_role("button", name="Move").click()
    refusal = thursday.get_by_role("alert")
    expect(refusal).to_have_text(
        "Thu 3 Dec to Fri 4 Dec: heavy lower-body lifting on Fri 4 Dec is the day before your long run (SCH-3)"
    )
    refusal.scroll_into_view_if_needed()
    _shot(page, "season-phone-refused")

    thursday.get_by_label("Move to").select_option("2026-12-02")
    thursday.get_by_role("button", name="Move").click()
    moved = page.locator('[data-testid="lift"][data-date="2026-12-02"]')
    expect(moved).to_contain_text("Moved here from Thu 3 Dec")
    expect(page.locator('[data-testid="lift"][data-date="2026-12-03"]')).to_have_count(0)
    moved.get_by_role("button", name="Undo move").click()
    expect(page.locator('[data-testid="lift"][data-date="2026-12-03"]')).to_have_count(1)
    expect(page.locator('[data-testid="lift"][data-date="2026-12-02"]')).to_have_count(0)
    assert errors == []
    page.close()


def test_season_on_a_laptop_shows_the_week_in_seven_columns(site: tuple[str, int, str], browser: Browser):
    base, athlete, kind = site
    errors: list[str] = []
    page = _open(browser, LAPTOP, errors)
    page.goto(f"{base}/a/{athlete}/season")
    days = page.locator('section[data-week="2026-11-30"] li.day')
    expect(days).to_have_count(7)
    first, last = days.nth(0).bounding_box(), days.nth(6).bounding_box()
    assert first and last and abs(first["y"] - last["y"]) < 1 and last["x"] > first["x"]  # one row
    if kind == AXE_ON:
        _axe(page)
    _shot(page, "season-laptop")
    assert errors == []
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_library_filters_and_shows_chains_and_cues(
    live: Callable[..., Live], browser: Browser, viewport: dict[str, int]
):
    base = live("sqlite").url
    errors: list[str] = []
    page = _open(browser, viewport, errors)
    page.goto(f"{base}/library")
    page.get_by_label("Pattern").select_option("hinge")
    page.get_by_label("Equipment you have").fill("dumbbells")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#p-hinge")).to_be_visible()
    expect(page.locator("#p-squat")).to_have_count(0)
    first = page.get_by_test_id("exercise").first
    first.locator("summary").click()
    expect(first.locator(".chain li.this")).to_have_count(1)
    expect(first.locator(".cues li").first).to_be_visible()
    _axe(page)
    _shot(page, f"library-{'phone' if viewport is PHONE else 'laptop'}")
    page.goto(f"{base}/library?pattern=hinj")
    expect(page.get_by_test_id("filter-error")).to_contain_text("did you mean hinge?")
    assert errors == [] or all("422" in e for e in errors)
    page.close()
