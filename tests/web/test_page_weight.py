"""The Today page's weight on the wire (#13): its HTML and every stylesheet and script it loads, as
served (gzip, as a phone asks for them), under 150 kB; the charts' assets (uPlot, Progress only) are
not Today's. Scripts are followed through their static imports (`import … from "./x.js"`) and the
service worker they register, so a module added to Today's graph counts."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from fastapi.testclient import TestClient

from runlift.app.athletes import add_runner
from runlift.settings import Settings
from runlift.web import create_app
from tests.conftest import MAYA, START
from tests.dbs import Databases

BUDGET = 150_000  # bytes, compressed as served
NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
CHARTS = ("/vendor/uplot/",)  # Progress's chart assets, never Today's
IMPORTS = re.compile(r"""(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,]+from\s*)?["']([^"']+\.js)["']""", re.M)
REGISTERED = re.compile(r"""serviceWorker\s*\.register\(\s*["']([^"']+)["']""")


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.styles.append(a["href"] or "")
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"] or "")


def on_the_wire(client: TestClient, url: str) -> tuple[int, bytes]:
    """(bytes as served with Accept-Encoding: gzip, the decoded body)."""
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as got:
        assert got.status_code == 200, (url, got.status_code)
        raw = b"".join(got.iter_raw())
        encoded = got.headers.get("content-encoding")
    if encoded == "gzip":
        import gzip

        return len(raw), gzip.decompress(raw)
    return len(raw), raw


def page_weight(client: TestClient, page: str) -> dict[str, tuple[int, int]]:
    """Every file the page loads: path → (bytes as served, bytes decoded)."""
    sizes: dict[str, tuple[int, int]] = {}
    wire, html = on_the_wire(client, page)
    sizes[urlsplit(page).path] = (wire, len(html))
    found = Assets()
    found.feed(html.decode())
    todo = [(u, "css") for u in found.styles] + [(u, "js") for u in found.scripts]
    while todo:
        url, kind = todo.pop()
        path = urlsplit(url).path
        if path in sizes or any(c in path for c in CHARTS):
            continue
        wire, body = on_the_wire(client, url)
        sizes[path] = (wire, len(body))
        if kind == "js":
            text = body.decode()
            todo += [(urljoin(url, m), "js") for m in IMPORTS.findall(text)]
            todo += [(urljoin(url, m), "js") for m in REGISTERED.findall(text)]
    return sizes


def test_todays_page_and_what_it_loads_weigh_under_150_kb(databases: Databases, tmp_path: Path):
    settings = Settings(database_url=databases.new("sqlite"), today=START, data_dir=tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        _, saved = add_runner(client.app.state.store, MAYA, "maya.toml", START, NOW)  # type: ignore[attr-defined]
        day = next(
            d
            for d in (START + dt.timedelta(days=i) for i in range(7))
            if client.get(f"/api/v1/athletes/{saved.athlete_id}/today", params={"date": d.isoformat()}).json()[
                "sessions"
            ]
        )  # a lift day: the page loads its scripts for checking sets off
        sizes = page_weight(client, f"/a/{saved.athlete_id}/today?date={day.isoformat()}")
    total = sum(wire for wire, _ in sizes.values())
    listing = "\n".join(f"{wire:8} {decoded:8}  {path}" for path, (wire, decoded) in sorted(sizes.items()))
    print(f"Today's page: {total} bytes as served ({sum(d for _, d in sizes.values())} decoded)\n{listing}")
    assert any(p.endswith(".css") for p in sizes) and any(p.endswith(".js") for p in sizes), listing  # it found them
    assert any(p.endswith("/api.js") for p in sizes), listing  # and followed the scripts' imports
    assert any(wire < decoded for wire, decoded in sizes.values()), listing  # served compressed
    assert total < BUDGET, f"{total} bytes as served, over {BUDGET}:\n{listing}"
