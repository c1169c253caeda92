"""runlift.importers.gpx: every real GPX file against its MANIFEST facts and gpxpy, then small
hand-written tracks for the cases no real file shows."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

import gpxpy
import pytest

from runlift.core.errors import ImportFileError
from runlift.importers import gpx
from tests.importers.realdata import ABSENT, RealFile, manifest, real_files

FILES = Path(__file__).parent / "files"
GPS_EPOCH = dt.datetime(1980, 1, 6, tzinfo=dt.UTC)
# The real files whose tracks have a <type>, and the sport it means; the others have none: "unknown".
SPORTS = {
    "runpandas__garmin_connect.gpx": "running",  # <type>running</type>
    "gpxpy__track-with-less-sec-time.gpx": "running",  # run
    "runpandas__strava_export.gpx": "running",  # 9, Strava's code for Run
    "sweat__4801048867_strava.gpx": "cycling",  # 1, Strava's code for Ride
    "sweat__activity_5039744860.gpx": "cycling",  # cycling
    "gpxpy__gpx1.1_with_all_fields.gpx": "t",  # a schema test file; its type is "t"
}


def rejection(real: RealFile) -> str | None:
    """The problem reading this file must raise, from its MANIFEST row; None when it must import."""
    if not real.facts:
        return None
    if real.fact("tracks") == "0":
        return "no track"
    start = real.time("start")
    if start is None or start < GPS_EPOCH:  # no time at all, or GPSBabel's 1901 "no time" placeholder
        return "no timestamps"
    return None


def test_every_real_gpx_file_has_a_manifest_row() -> None:
    found = [param.values[0] for param in real_files("gpx")]
    if found == [None]:
        pytest.skip(ABSENT)
    assert [real.name for real in found if real.name not in manifest("gpx")] == []


@pytest.mark.parametrize("real", real_files("gpx", lambda real: rejection(real) is None))
def test_real_file_imports_as_the_manifest_and_gpxpy_say(real: RealFile) -> None:
    assert real.facts, f"{real.name} has no row in MANIFEST.md"
    data = real.path.read_bytes()
    (activity,) = gpx.read(data, real.name)
    assert activity.source_format == "gpx"
    assert activity.distance_m == pytest.approx(real.number("length_2d"), rel=1e-3, abs=0.05)
    start = real.time("start")
    assert start is not None
    assert activity.start.replace(microsecond=0) == start.replace(microsecond=0)
    assert activity.start.tzinfo is dt.UTC
    assert activity.sport == SPORTS.get(real.name, "unknown")

    reference = gpxpy.parse(data)
    bounds = reference.get_time_bounds()
    assert bounds.start_time is not None and bounds.end_time is not None
    assert activity.distance_m == reference.length_2d()
    assert activity.start == utc(bounds.start_time)
    assert activity.elapsed_s == (utc(bounds.end_time) - utc(bounds.start_time)).total_seconds()
    moving = reference.get_moving_data()
    assert activity.moving_s == (moving.moving_time if moving else None)
    assert activity.ascent_m in (reference.get_uphill_downhill().uphill, None)
    if real.name not in SPORTS:  # gpxpy agrees there is no track type
        assert not any(track.type for track in reference.tracks)

    # Heart rate, found here by pattern in the raw text rather than through gpxpy.
    rates = [float(hr) for hr in re.findall(rb"<(?:\w+:)?hr>\s*([\d.]+)\s*</", data) if float(hr) > 0]
    assert (activity.avg_hr is not None) == (real.fact("hr_ext") == "yes") == bool(rates)
    if rates:
        assert activity.avg_hr == pytest.approx(sum(rates) / len(rates))
        assert activity.max_hr == max(rates)


@pytest.mark.parametrize("real", real_files("gpx", lambda real: rejection(real) is not None))
def test_real_file_is_rejected_saying_why(real: RealFile) -> None:
    with pytest.raises(ImportFileError) as caught:
        gpx.read(real.path.read_bytes(), real.name)
    error = caught.value
    assert (error.path, error.where) == (real.name, "")
    assert error.problem.startswith(str(rejection(real)))
    assert str(error).startswith(f"{real.name}: ")


def utc(time: dt.datetime) -> dt.datetime:
    return time.replace(tzinfo=dt.UTC) if time.tzinfo is None else time.astimezone(dt.UTC)


# --- hand-written files ----------------------------------------------------------------------

TPX = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


def track(points: list[tuple[str, int | None]], kind: str | None = "running", prolog: str = "") -> bytes:
    """A GPX 1.1 track along a meridian, one point per (time, heart rate), 50 m apart."""
    rows = []
    for i, (time, hr) in enumerate(points):
        extension = f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr>" + (
            "</gpxtpx:TrackPointExtension></extensions>"
        )
        rows.append(
            f'<trkpt lat="{46 + i * 0.00045:.5f}" lon="14.5"><ele>{300 + i}</ele><time>{time}</time>'
            f"{extension if hr is not None else ''}</trkpt>"
        )
    kind_element = f"<type>{kind}</type>" if kind is not None else ""
    text = (
        f'{prolog}<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="{TPX}">\n'
        f"<trk><name>Tempo</name>{kind_element}<trkseg>\n" + "\n".join(rows) + "\n</trkseg></trk>\n</gpx>\n"
    )
    return text.encode("utf-8")


def test_empty_file_is_named() -> None:
    with pytest.raises(ImportFileError, match=r"^empty\.gpx: empty file$"):
        gpx.read((FILES / "empty.gpx").read_bytes(), "empty.gpx")


def test_track_without_times_cannot_be_placed() -> None:
    with pytest.raises(ImportFileError, match=r"^no_times\.gpx: no timestamps: cannot place the activity in time$"):
        gpx.read((FILES / "no_times.gpx").read_bytes(), "no_times.gpx")


def test_cut_xml_names_the_line() -> None:
    data = b"\n".join((FILES / "no_times.gpx").read_bytes().splitlines()[:8])
    with pytest.raises(ImportFileError) as caught:
        gpx.read(data, "cut.gpx")
    assert caught.value.where == "8"
    assert str(caught.value).startswith("cut.gpx:8: not well-formed XML (")


def test_heart_rate_offset_bom_and_sport() -> None:
    data = codecs.BOM_UTF8 + track(
        [("2026-03-01T08:30:00+01:00", 140), ("2026-03-01T08:31:00+01:00", None), ("2026-03-01T08:32:00+01:00", 160)],
        kind="Run",
        prolog='<?xml version="1.0" encoding="UTF-8"?>\n',
    )
    (activity,) = gpx.read(data, "tempo.gpx")
    assert activity.start == dt.datetime(2026, 3, 1, 7, 30, tzinfo=dt.UTC)
    assert (activity.utc_offset_s, activity.elapsed_s) == (3600, 120.0)
    assert (activity.sport, activity.name) == ("running", "Tempo")
    assert (activity.avg_hr, activity.max_hr) == (150.0, 160.0)
    assert activity.distance_m == pytest.approx(100.0, rel=0.01)


@pytest.mark.parametrize(
    ("kind", "sport"),
    [
        ("biking", "cycling"),
        ("Ride", "cycling"),
        ("1", "cycling"),
        ("9", "running"),
        ("Hiking", "hiking"),
        (None, "unknown"),
    ],
)
def test_sport_comes_from_the_track_type(kind: str | None, sport: str) -> None:
    (activity,) = gpx.read(track([("2026-03-01T07:30:00Z", None), ("2026-03-01T07:31:00Z", None)], kind), "t.gpx")
    assert activity.sport == sport


def test_times_without_offset_are_utc_and_set_no_offset() -> None:
    (activity,) = gpx.read(track([("2026-03-01T07:30:00", None), ("2026-03-01T07:31:00Z", None)]), "naive.gpx")
    assert (activity.start, activity.utc_offset_s) == (dt.datetime(2026, 3, 1, 7, 30, tzinfo=dt.UTC), None)


def test_times_running_backwards_are_rejected() -> None:
    data = track([("2026-03-01T07:30:00Z", None), ("2026-03-01T07:20:00Z", None)])
    with pytest.raises(ImportFileError, match=r"^back\.gpx: times run backwards"):
        gpx.read(data, "back.gpx")


def test_undeclared_latin1_is_located() -> None:
    data = track([("2026-03-01T07:30:00Z", None)]).replace(b"Tempo", "Café".encode("latin-1"))
    with pytest.raises(ImportFileError, match=r"^cafe\.gpx:2: bytes that are not utf-8"):
        gpx.read(data, "cafe.gpx")
