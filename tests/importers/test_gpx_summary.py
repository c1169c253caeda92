"""runlift.importers.gpx_summary against its reference, gpxpy (runlift.importers.gpx): the same
Activity or the same error for every real GPX file and for mutated ones; the fast path really taken
for the exports runners have (Garmin Connect, Strava, Nike)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from runlift.core.errors import ImportFileError
from runlift.importers import gpx, gpx_summary
from tests.budget import examples
from tests.importers.realdata import REALDATA, RealFile, real_files
from tests.importers.test_fuzz import mutations

FAST = {  # the activity exports among the real files: read without gpxpy
    "runpandas__garmin_connect.gpx",
    "runpandas__strava_export.gpx",
    "runpandas__nike_run.gpx",
    "runpandas__run.gpx",
    "sweat__4801048867_strava.gpx",
    "sweat__activity_5039744860.gpx",
}


def outcome(read: object, data: bytes, name: str) -> tuple[str, object]:
    try:
        return ("ok", gpx_summary.read(data, name) if read is gpx_summary.read else gpx.read(data, name))
    except ImportFileError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("real", real_files("gpx"))
def test_every_real_file_reads_as_gpxpy_reads_it(real: RealFile) -> None:
    data = real.path.read_bytes()
    reference = outcome(gpx.read, data, real.name)  # gpxpy's reading, once: ~1 s for a long track
    assert outcome(gpx_summary.read, data, real.name) == reference
    if real.name in FAST:
        assert reference[0] == "ok" and gpx_summary.summarize(data, real.name) == reference[1]


@pytest.mark.parametrize("seed", ["runpandas__garmin_connect.gpx", "sweat__4801048867_strava.gpx"])
def test_mutated_files_read_as_gpxpy_reads_them(seed: str) -> None:
    path = REALDATA / "gpx" / seed
    if not path.exists():
        pytest.skip(f"{path} not here (shared/ is laid beside the repo)")
    original = path.read_bytes()

    @settings(max_examples=examples(120), suppress_health_check=list(HealthCheck))
    @given(mutations(original))
    def run(data: bytes) -> None:
        assert outcome(gpx_summary.read, data, "m.gpx") == outcome(gpx.read, data, "m.gpx")

    run()


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('<gpx version="1.0"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>', "version 1.0"),
        ('<gpx version="1.1"><wpt lat="1" lon="2"/></gpx>', "<wpt> in <gpx>"),
        (
            '<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"><hdop>x</hdop></trkpt></trkseg></trk></gpx>',
            "<hdop> in <trkpt>",
        ),
        ('<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>', "no timestamps"),
        ('<gpx version="1.1"><trk><trkseg><trkpt lat="1"', "XML"),
    ],
    ids=["gpx-1.0", "waypoints", "typed-field", "no-times", "not-xml"],
)
def test_what_the_summary_leaves_to_gpxpy(text: str, why: str) -> None:
    data = text.encode()
    with pytest.raises(gpx_summary.Fallback, match=why):
        gpx_summary.summarize(data, "x.gpx")
    assert outcome(gpx_summary.read, data, "x.gpx") == outcome(gpx.read, data, "x.gpx")
