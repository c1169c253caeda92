"""Browser tests (issue #13): the real server (the app `runlift serve` runs, under uvicorn) on loopback,
driven by Playwright in Debian's Chromium (never a downloaded browser), on SQLite and on PostgreSQL.

    live(kind, multi_user=False)  a running server on a fresh, migrated database; one per worker and kind,
                                  shared by every module: each test adds its own runner under its own name
                                  (and its users under their own emails): a name is one runner on a server
    browser                       Chromium, one per test session (per xdist worker)
    phone / laptop                a new page at 390×844 (touch) or 1280×800, its console watched
    check(page, name)             screenshot into artifacts/screenshots/, axe-core (no serious or critical
                                  violation), no console error (a CSP violation is one)

A test run on both kinds shows the same pages, built from the same rows: each run takes its screenshots,
and axe (~0.4 s a page, the slowest part of a check) looks at them on the SQLite run (`axe=kind == AXE_ON`).

A server starts in ~0.3 s (in a thread: the app is imported already), Chromium in ~0.5 s; a new browser
context (a page's cookies, storage and service worker) per test costs ~0.05 s."""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from runlift.settings import Settings
from runlift.store.repo import Store
from tests.conftest import START
from tests.dbs import PG_URL, create_pg_database, drop_pg_database, fast_commits

CHROMIUM = os.environ.get("RUNLIFT_CHROMIUM", "/usr/bin/chromium")
# the flags this machine's closed network needs (no background connections, no first-run work)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
SECRET = "browser-tests-secret-key-0123456789abcdef"
SERIOUS = {"serious", "critical"}
AXE_ON = "sqlite"  # the kind whose run of a test on both kinds has its pages checked by axe


@dataclass
class Live:
    """A running server: its base URL, its database (a Store on it for seeding), its kind."""

    url: str
    db_url: str
    kind: str
    multi_user: bool
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.store = Store.open(self.db_url, migrate=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Live]]:
    """`live(kind, multi_user=False)`: this worker's server for that kind, started on first use and shared
    by every test of every module (a server per module cost ~1.5 s to start on a quiet machine, 5-8 s on
    a busy one: a new Python process importing the app). Tests stay independent as each adds its own
    runner, under a name (and an email) no other test uses; none looks at the server's other runners."""
    started: dict[tuple[str, bool], Live] = {}
    with ExitStack() as stack:

        def get(kind: str, multi_user: bool = False) -> Live:
            if (kind, multi_user) not in started:
                started[kind, multi_user] = stack.enter_context(_serve(request, tmp_path_factory, kind, multi_user))
            return started[kind, multi_user]

        yield get


@contextmanager
def _serve(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kind: str, multi_user: bool
) -> Iterator[Live]:
    """The app (`runlift serve`'s: the same factory, uvicorn and its TCP_NODELAY protocol; tests/web/test_serve
    runs the script itself) on a fresh, migrated database of `kind`, in a thread of this process."""
    folder = tmp_path_factory.mktemp("live")
    if kind == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), folder / "runlift.db")
        database = nullcontext(f"sqlite:///{folder / 'runlift.db'}")
    else:
        database = module_database(request, kind, folder)
    with database as db_url:
        settings = Settings(
            database_url=db_url,
            today=START,
            data_dir=folder / "data",
            multi_user=multi_user,
            secret_key=SECRET,
            argon2_time_cost=1,  # cheap hashes: tests only
            argon2_memory_kib=64,
            argon2_parallelism=1,
        )
        with in_thread(settings) as url:
            server = Live(url, db_url, kind, multi_user)
            try:
                yield server
            finally:
                server.store.engine.dispose()


@contextmanager
def in_thread(settings: Any) -> Iterator[str]:
    """The app for `settings` served by uvicorn in a thread of this process, on a free loopback port:
    for modules whose data a test's own settings (another today) must shape; yields the base URL."""
    import threading

    import uvicorn

    from runlift.web import create_app
    from runlift.web.tcp import NoDelayHTTP

    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", http=NoDelayHTTP)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port} (its log above says why)")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


class Watched:
    """A page whose console errors and failed requests are kept, to assert there are none."""

    def __init__(self, page: Any, viewport: str) -> None:
        self.page = page
        self.viewport = viewport
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        # a page's own 4xx (the error page, a refused form) is an answer, not a fault: see _response
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        """A script, style or image that failed to load is a fault; a page's or an API call's 4xx is not."""
        if response.status >= 400 and response.request.resource_type in ("script", "stylesheet", "image", "font"):
            self.errors.append(f"{response.status} {response.url}")


def _page(browser: Any, viewport: dict[str, int], name: str, **options: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.watched = Watched(page, name)  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


# The service worker is blocked on these pages (test_offline, which is about it, opens its phone with it): on
# a runner's page it fetches the keep list (~16 pages and cards) 2 s in, load no other test needs; and a
# navigation slower than its 4 s wait gets the copy it kept, so a reload after a write could show the page
# from before it on a busy machine (test_season_library's undo failed so).
NO_WORKER = {"service_workers": "block"}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from _page(browser, PHONE, "phone", is_mobile=True, has_touch=True, device_scale_factor=2, **NO_WORKER)


@pytest.fixture
def laptop(browser: Any) -> Iterator[Any]:
    yield from _page(browser, LAPTOP, "laptop", **NO_WORKER)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.x A/AA rules)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    results = Axe().run(page, options=options)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def check(page: Any, name: str, kind: str = "", axe: bool = True) -> Path:
    """Screenshot the page (artifacts/screenshots/KIND/NAME-VIEWPORT.png), then fail on an accessibility
    violation (serious or critical) or on any console error so far (CSP violations are console errors)."""
    viewport = page.watched.viewport
    out = ARTIFACTS / (kind or "any") / f"{name}-{viewport}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    # CSS pixels, not the phone's 2 device pixels each: a tall page's PNG at 2× took ~3 s to encode
    page.screenshot(path=str(out), full_page=True, scale="css")
    if axe:
        found = axe_violations(page)
        summary = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in found]
        assert not summary, f"{name}: accessibility violations: {summary}"
    assert not page.watched.errors, f"{name}: {page.watched.errors}"
    return out


@contextmanager
def module_database(request: pytest.FixtureRequest, kind: str, folder: Path) -> Iterator[str]:
    """A fresh database of `kind` at the newest migration for a module's own server (in_thread): a SQLite
    file in `folder`, or a PostgreSQL copy of the template (skipped when PostgreSQL is not reachable)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder}/t.db"
        return
    if not request.getfixturevalue("pg_ready"):
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    name = create_pg_database(template=request.getfixturevalue("pg_template"))
    fast_commits(name)
    try:
        yield PG_URL.format(name)
    finally:
        drop_pg_database(name)
