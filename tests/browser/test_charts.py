"""The Log and Import pages in Chromium at a phone's width (390×844), on a runner with a history: a Strong
export dropped on the Import page runs as a job to the end, its names are reviewed and one corrected,
and it shows in the Log; a set corrected and a pain note deleted from the Log. Screenshots under
artifacts/screenshots. (A session checked off showing as the new point on the Progress page's chart is
the end of test_checkoff's journey.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from runlift.settings import Settings
from runlift.store.repo import Store
from tests.browser.conftest import AXE_ON, NO_WORKER, axe_violations, in_thread, module_database
from tests.dbs import KINDS
from tests.web.test_import_names import STRONG
from tests.web.test_progress_series import TODAY, fill

PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@dataclass
class Site:
    base: str
    athlete: int
    kind: str

    def url(self, path: str) -> str:
        return self.base + path

    def shot(self, page: Page, name: str) -> None:
        """A screenshot, then the axe-core check (no serious or critical violation) on the SQLite run."""
        folder = SHOTS / self.kind
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True, scale="css")
        if self.kind != AXE_ON:
            return
        found = axe_violations(page)
        assert not found, [f"{v['id']}: {v['help']}" for v in found]


@pytest.fixture(scope="module", params=KINDS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One server per database kind for the module: the same flows on SQLite and PostgreSQL."""
    tmp = tmp_path_factory.mktemp("site")
    with module_database(request, request.param, tmp) as url:
        settings = Settings(database_url=url, today=TODAY, data_dir=tmp / "data")
        store = Store.open(settings.database())
        athlete = fill(store)
        store.engine.dispose()
        with in_thread(settings) as base:
            yield Site(base, athlete, request.param)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, **NO_WORKER)  # see conftest
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
    assert errors == []


def test_an_import_is_reviewed_and_shows_in_the_log(page: Page, site: Site, tmp_path: Path):
    export = tmp_path / "strong.csv"
    export.write_text(STRONG, encoding="utf-8")
    page.goto(site.url(f"/a/{site.athlete}/import"))
    page.set_input_files("#files", str(export))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("job-status")).to_contain_text("Done: 1 imported", timeout=15_000)
    page.fill('input[data-source="Front Pulldown"]', "lat pulldown")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator("#names-status")).to_have_text("Front Pulldown → lat-pulldown: 1 sets moved")
    site.shot(page, "import")
    page.get_by_test_id("to-log").click()
    page.goto(site.url(f"/a/{site.athlete}/log?from=2026-11-01&to=2026-11-30"))
    day = page.locator('[data-testid=day][data-date="2026-11-02"]')
    expect(day).to_contain_text("Lat pulldown: 10 × 30")
    expect(day).to_contain_text("Goblet squat: 8 × 20")


def test_a_set_corrected_and_a_note_deleted_from_the_log(page: Page, site: Site):
    page.goto(site.url(f"/a/{site.athlete}/log?from=2026-12-14&to=2026-12-21"))
    first = page.locator('[data-date="2026-12-21"] [data-testid=set]').first
    expect(first).to_contain_text("Goblet squat: 5 × 30 kg")
    first.get_by_role("button", name="Edit").click()
    first.locator("input[name=reps]").fill("4")
    first.get_by_role("button", name="Save").click()
    expect(page.locator('[data-date="2026-12-21"] [data-testid=set]').first).to_contain_text("4 × 30 kg")
    notes = page.get_by_test_id("pain")
    expect(notes).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    notes.first.get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("pain")).to_have_count(1)
    site.shot(page, "log")
