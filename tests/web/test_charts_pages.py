"""The Progress, Log and Import pages rendered by the server (SQLite and PostgreSQL): the tables that
stand beside the charts hold the series' numbers; the log lists every item with its edit and delete
routes; the import page shows the name review. The browser tests (tests/browser) draw and click them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from runlift.app.imports import import_files
from runlift.core.profile import Units
from tests.hostile.test_import_bounds import gpx
from tests.web.conftest import MakeClient
from tests.web.test_progress_series import NOW, TODAY, fill


@pytest.fixture
def site(make_client: MakeClient) -> tuple[TestClient, int]:
    client = make_client(today=TODAY)
    return client, fill(client.app.state.store)  # type: ignore[attr-defined]


def _rows(html: str, testid: str) -> list[list[str]]:
    """The body rows of the table marked data-testid=…, each cell's text."""
    table = re.search(rf'<table data-testid="{testid}"[^>]*>(.*?)</table>', html, re.S)
    assert table, testid
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S)
    assert body
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    ]


def test_the_progress_page_tables_hold_the_series(site: tuple[TestClient, int]):
    client, athlete = site
    got = client.get(f"/a/{athlete}/progress", params={"from": "2026-12-14"})
    assert got.status_code == 200, got.text
    html = got.text
    assert "/static/vendor/uplot/uPlot.iife.min.js?v=" in html and "cdn" not in html.lower()
    # the same numbers as tests/web/test_progress_series.py worked out: miles for a runner in lb
    assert _rows(html, "table-running") == [
        ["2026-12-14", "6.2", "1", "300", "1.0", "4", "1910"],
        ["2026-12-21", "6.2", "1", "300", "1.0", "1", "331"],
        ["2026-12-28", "6.2", "1", "300", "1.0", "0", "0"],
        ["2027-01-04", "13.7", "2", "780", "1.86", "5", "1040"],
    ]
    assert _rows(html, "table-pain") == [
        ["2026-12-14", "—", "5"],
        ["2026-12-21", "2", "—"],
        ["2026-12-28", "—", "—"],
        ["2027-01-04", "—", "1"],
    ]
    assert _rows(html, "table-adherence")[0] == ["2026-12-14", "2", "1", "50 %"]
    goblet = re.search(r'<table data-testid="table-e1rm" data-exercise="goblet-squat">.*?</table>', html, re.S)
    assert goblet and "best before 2026-12-14: 66.7 lb" in goblet.group(0)
    assert _rows(goblet.group(0), "table-e1rm") == [
        ["2026-12-14", "60.0", "45 × 10", ""],
        ["2026-12-15", "69.7", "55 × 8", "PR"],
        ["2026-12-21", "77.2", "66.1 × 5", "PR"],
        ["2027-01-07", "76.0", "60 × 8", ""],
    ]
    assert ["2026-12-14", "Dumbbell Bulgarian split squat", "38.0", "44.3", "86 % (flagged)"] in _rows(
        html, "table-sides"
    )
    bad = client.get(f"/a/{athlete}/progress", params={"from": "2027-02-01"})
    assert bad.status_code == 422 and "from: expected a day on or before to" in bad.text
    assert bad.headers["content-type"].startswith("text/html")


def test_the_log_page_lists_items_with_their_routes(site: tuple[TestClient, int], tmp_path: Path):
    client, athlete = site
    run = tmp_path / "run.gpx"  # an imported run shows on its day beside what was logged by hand
    run.write_bytes(gpx(dt.datetime(2026, 12, 20, 7, 0, tzinfo=dt.UTC), points=60))
    store = client.app.state.store  # type: ignore[attr-defined]
    assert import_files(store, athlete, [run], Units.LB, NOW, jobs=1).imported
    html = client.get(f"/a/{athlete}/log", params={"from": "2026-12-14", "to": "2026-12-21"}).text
    days = re.findall(r'data-testid="day" data-date="([^"]+)"', html)
    assert days == ["2026-12-21", "2026-12-20", "2026-12-17", "2026-12-16", "2026-12-15", "2026-12-14"]
    items = client.get(f"/api/v1/athletes/{athlete}/log/items", params={"from": "2026-12-14", "to": "2026-12-21"})
    listed = items.json()
    for session in listed["sessions"]:
        assert f'data-delete="/api/v1/athletes/{athlete}/log/sessions/{session["id"]}"' in html
        for s in session["sets"]:
            assert f'data-patch="/api/v1/athletes/{athlete}/log/sets/{s["id"]}"' in html
    for run in listed["runs"]:
        assert f'data-patch="/api/v1/athletes/{athlete}/log/runs/{run["id"]}"' in html
    assert re.search(
        r'data-date="2026-12-20".*?data-testid="activity".*?Running</strong> · imported \(gpx\)', html, re.S
    )
    assert "Goblet squat: 8 × 55 lb" in html and "knee 5/10" in html and "6.21 mi in 1:00:00" in html
    empty = client.get(f"/a/{athlete}/log", params={"from": "2020-01-01", "to": "2020-01-31"}).text
    assert 'data-testid="empty"' in empty


def test_the_import_page_and_an_escaped_name(make_client: MakeClient):
    client = make_client(today=TODAY)
    from tests.web.test_imports import add_athlete

    athlete = add_athlete(client, "<script>alert(1)</script>")
    html = client.get(f"/a/{athlete}/import").text
    assert "No imported exercise names yet." in html and f'data-upload="/api/v1/athletes/{athlete}/imports"' in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.get("/a/999999/import").status_code == 404
