"""What makes the web app installable and usable offline (#13), over HTTP on SQLite and PostgreSQL: the
manifest and its icons, the service worker served from the root, and the list of what a phone keeps
(every asset it names is served, every page and JSON it names answers 200)."""

from __future__ import annotations

import datetime as dt
import re
import struct

from fastapi.testclient import TestClient

from runlift.app.athletes import add_runner
from tests.conftest import MAYA, START

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_manifest_names_the_app_and_its_icons(api_client: TestClient):
    page = api_client.get("/library")
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page.text
    got = api_client.get("/manifest.webmanifest")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/manifest+json")
    manifest = got.json()
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        image = api_client.get(icon["src"])
        assert image.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            width, height = png_size(image.content)
            assert f"{width}x{height}" == icon["sizes"]
            sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes  # what installing needs


def test_the_service_worker_is_served_from_the_root(api_client: TestClient):
    got = api_client.get("/sw.js")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/javascript")
    assert got.headers["cache-control"] == "no-cache"  # a changed worker is fetched again, never a stale one
    assert got.headers["service-worker-allowed"] == "/"
    assert "worker-src 'self'" in got.headers["content-security-policy"]
    assert 'request.method !== "GET"' in got.text  # writes are never cached (the worker's first check)


def test_the_keep_list_names_today_the_coming_days_and_the_shell(api_client: TestClient):
    _, saved = add_runner(api_client.app.state.store, MAYA, "maya.toml", START, NOW)  # type: ignore[attr-defined]
    got = api_client.get(f"/a/{saved.athlete_id}/offline")
    assert got.status_code == 200 and got.headers["cache-control"] == "no-store"
    kept = got.json()
    days = [(START + dt.timedelta(n)).isoformat() for n in range(7)]
    today = f"/a/{saved.athlete_id}/today"
    assert kept["today"] == START.isoformat()
    assert kept["pages"][:8] == [today, *(f"{today}?date={d}" for d in days)]
    assert kept["data"] == [f"/api/v1/athletes/{saved.athlete_id}/today?date={d}" for d in days]
    for path in kept["pages"] + kept["data"]:
        assert api_client.get(path).status_code == 200, path
    assets = kept["assets"]
    assert len(assets) == len(set(assets))
    page = api_client.get(today).text
    linked = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page))
    assert linked and linked <= set(assets)  # the shell a page links to is kept at its hashed URL
    assert "/static/js/api.js" in assets  # and the modules a script imports, at their plain URL
    for path in assets:
        assert api_client.get(path).status_code == 200, path
    assert not any(a.startswith("/static/sw.js") or a.endswith((".md", "LICENSE")) for a in assets)


def test_an_unknown_athletes_keep_list_is_not_found(api_client: TestClient):
    assert api_client.get("/a/999/offline").status_code == 404
