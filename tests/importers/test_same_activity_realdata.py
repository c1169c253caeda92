"""MANIFEST.md's cross-format groups: every pair within a group is one activity, no pair across groups is."""

from __future__ import annotations

import itertools

import pytest

from runlift.core.activity import Activity, same_activity
from runlift.core.profile import Units
from runlift.data import library
from runlift.importers.driver import discover, read_source
from tests.importers.realdata import REALDATA

GROUPS = {
    "edge1000 ride": (
        "fit/sweat__2020-06-01-16-52-40.fit",
        "gpx/sweat__activity_5039744860.gpx",
        "tcx/sweat__activity_5039744860.tcx",
    ),
    "fr935 ride": ("fit/sweat__4801048867.fit", "gpx/sweat__4801048867_strava.gpx"),
    "tomtom run": ("gpx/runpandas__run.gpx", "tcx/runpandas__run.tcx"),
    "run with stops": ("gpx/runpandas__strava_export.gpx", "tcx/runpandas__stopped_example.tcx"),
    "forerunner 410 run": ("tcx/tcxparser__test.tcx", "tcx/tcxparser__no_hr.tcx"),
}
pytestmark = pytest.mark.skipif(not REALDATA.exists(), reason=f"no real data at {REALDATA}")


def _read(relative: str) -> Activity:
    [source] = discover([REALDATA / relative])
    [activity] = read_source(source, library(), Units.KG).activities  # type: ignore[arg-type]
    return activity


@pytest.fixture(scope="module")
def read() -> dict[str, list[Activity]]:
    return {group: [_read(f) for f in files] for group, files in GROUPS.items()}


@pytest.mark.parametrize("group", GROUPS)
def test_every_format_of_one_recording_is_one_activity(read: dict[str, list[Activity]], group: str):
    for a, b in itertools.permutations(read[group], 2):
        assert same_activity(a, b), (a, b)


def test_recordings_of_different_activities_never_match(read: dict[str, list[Activity]]):
    for (g1, acts1), (g2, acts2) in itertools.combinations(read.items(), 2):
        for a, b in itertools.product(acts1, acts2):
            assert not same_activity(a, b), (g1, g2)
