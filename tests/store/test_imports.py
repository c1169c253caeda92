"""Imports in the store: idempotent by file hash, one activity from two sources, runs feed the load."""

from __future__ import annotations

import datetime as dt

import pytest

from runlift.core.activity import Activity, FileImport
from runlift.store.imports import ActivityStarts, activities, imported_digests, write_files
from runlift.store.repo import Store
from tests.conftest import MAYA

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)
START = dt.datetime(2026, 11, 20, 6, 30, 5, tzinfo=dt.UTC)


def fit_run() -> Activity:
    return Activity(
        START,
        "running",
        "fit",
        distance_m=10000,
        moving_s=3000,
        elapsed_s=3060,
        avg_hr=150,
        max_hr=170,
        ascent_m=50,
        utc_offset_s=3600,
    )


def strava_run() -> Activity:
    return Activity(
        START + dt.timedelta(seconds=30),
        "running",
        "strava",
        distance_m=10100,
        moving_s=2990,
        elapsed_s=3060,
        name="Tempo Tuesday",
        rpe=7,
    )


@pytest.mark.parametrize("indexed", [False, True], ids=["query", "start-index"])
def test_the_same_run_from_two_sources_is_one_activity_and_keeps_the_richer(store: Store, indexed: bool):
    a = store.save_profile("Maya", MAYA, dt.date(2026, 11, 1), NOW).athlete_id
    starts = ActivityStarts(store, a) if indexed else None
    first = write_files(store, a, [FileImport("activities.csv", "1" * 64, "strava", [strava_run()])], NOW, starts)
    second = write_files(store, a, [FileImport("run.fit", "2" * 64, "fit", [fit_run()])], NOW, starts)
    assert second.merged == 1 and first.activity_ids == second.activity_ids
    (only,) = activities(store, a)
    _, kept, sha = only
    assert kept.source_format == "fit" and kept.ascent_m == 50 and sha == "2" * 64
    assert kept.name == "Tempo Tuesday" and kept.rpe == 7  # what only Strava knew is kept
    assert {"1" * 64, "2" * 64} <= imported_digests(store, a)


def test_imported_runs_feed_the_running_log(store: Store):
    a = store.save_profile("Maya", MAYA, dt.date(2026, 11, 1), NOW).athlete_id
    ride = Activity(START + dt.timedelta(days=1), "cycling", "fit", distance_m=40000, moving_s=5400)
    write_files(store, a, [FileImport("run.fit", "3" * 64, "fit", [fit_run(), ride])], NOW)
    runs = store.training_log(a).runs
    assert len(runs) == 1 and runs[0].distance_m == 10000 and runs[0].source == "fit"
    assert runs[0].rpe == 8.0  # 150 of 170 bpm is 88 % of the highest HR: a stated estimate
    assert runs[0].date == dt.date(2026, 11, 20)
    assert len(activities(store, a)) == 2  # the ride is kept as cross-training, never dropped


def test_the_start_index_finds_what_the_query_finds(store: Store):
    """Stored before the index was read, written through it, or two minutes apart at the edge."""
    a = store.save_profile("Maya", MAYA, dt.date(2026, 11, 1), NOW).athlete_id
    write_files(store, a, [FileImport("old.fit", "4" * 64, "fit", [fit_run()])], NOW)
    starts = ActivityStarts(store, a)
    edge = Activity(START + dt.timedelta(minutes=2), "running", "strava", distance_m=10000, moving_s=3000)
    beyond = Activity(START + dt.timedelta(minutes=2, seconds=1), "running", "strava", distance_m=10000)
    assert starts.near(START + dt.timedelta(minutes=2)) == starts.near(START - dt.timedelta(minutes=2))
    assert len(starts.near(edge.start)) == 1 and starts.near(beyond.start) == []
    later = write_files(store, a, [FileImport("new.fit", "5" * 64, "fit", [beyond])], NOW, starts)
    assert later.merged == 0 and starts.near(beyond.start) == later.activity_ids  # written through the index
    assert len(starts.near(START + dt.timedelta(minutes=1))) == 2
