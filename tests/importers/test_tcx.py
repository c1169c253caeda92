"""runlift.importers.tcx: every real TCX file against its MANIFEST facts and tcxreader, then small
hand-written files for the cases no real file shows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from tcxreader.tcxreader import TCXReader

from runlift.core.activity import Activity
from runlift.core.errors import ImportFileError
from runlift.importers import tcx
from tests.importers.realdata import ABSENT, RealFile, manifest, real_files

FILES = Path(__file__).parent / "files"
SPORTS = {"Running": "running", "Biking": "cycling", "Other": "other"}


def rejection(real: RealFile) -> str | None:
    """The line a malformed file must be rejected at, from its MANIFEST row; None when it must import."""
    found = re.search(r"line (\d+)", real.facts) if real.broken else None
    return found.group(1) if found else None


def test_every_real_tcx_file_has_a_manifest_row() -> None:
    found = [param.values[0] for param in real_files("tcx")]
    if found == [None]:
        pytest.skip(ABSENT)
    assert [real.name for real in found if real.name not in manifest("tcx")] == []


@pytest.mark.parametrize("real", real_files("tcx", lambda real: rejection(real) is None))
def test_real_file_imports_as_the_manifest_and_tcxreader_say(real: RealFile) -> None:
    assert real.facts, f"{real.name} has no row in MANIFEST.md"
    (activity,) = tcx.read(real.path.read_bytes(), real.name)
    assert activity.source_format == "tcx"
    assert activity.sport == SPORTS[real.fact("sport") or ""]
    assert activity.distance_m == pytest.approx(real.number("sum Lap DistanceMeters"), rel=1e-3, abs=0.01)
    assert activity.moving_s == pytest.approx(real.number("sum Lap TotalTimeSeconds"), abs=1)
    assert activity.start == dt.datetime.fromisoformat(real.fact("Id") or "").replace(microsecond=0)

    # tcxreader (all trackpoints, not only those with a position) measures the same things, except
    # heart rate: it averages trackpoint samples where runlift weights the laps' own averages by
    # their time, and its maximum is the highest sample where runlift takes the watch's lap maximum.
    reference = TCXReader().read(str(real.path), only_gps=False)
    assert activity.sport == SPORTS[reference.activity_type]
    assert activity.distance_m == pytest.approx(reference.distance)
    assert activity.elapsed_s == pytest.approx(reference.duration)
    assert activity.ascent_m == (None if activity.ascent_m is None else pytest.approx(reference.ascent))
    assert (activity.max_hr is None) == (reference.hr_max is None)
    if activity.max_hr is not None and activity.avg_hr is not None:
        assert 0 <= activity.max_hr - reference.hr_max <= 2
        assert activity.avg_hr == pytest.approx(reference.hr_avg, abs=4)


@pytest.mark.parametrize("real", real_files("tcx", lambda real: rejection(real) is not None))
def test_real_file_is_rejected_at_its_line(real: RealFile) -> None:
    with pytest.raises(ImportFileError) as caught:
        tcx.read(real.path.read_bytes(), real.name)
    error = caught.value
    assert (error.path, error.where) == (real.name, rejection(real))
    assert str(error).startswith(f"{real.name}:{error.where}: not well-formed XML (")


# --- hand-written files ----------------------------------------------------------------------


def document(*activities: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">\n'
        f"<Activities>{''.join(activities)}</Activities>\n</TrainingCenterDatabase>\n"
    ).encode()


def activity(sport: str | None, id_: str | None, *laps: str) -> str:
    sport_attribute = f' Sport="{sport}"' if sport is not None else ""
    id_element = f"<Id>{id_}</Id>" if id_ is not None else ""
    return f"<Activity{sport_attribute}>{id_element}{''.join(laps)}</Activity>"


def lap(
    start: str,
    seconds: object,
    meters: object,
    hr: tuple[int, int] | None = None,
    points: Sequence[tuple[str, float | None]] = (),
) -> str:
    rates = (
        f"<AverageHeartRateBpm><Value>{hr[0]}</Value></AverageHeartRateBpm>"
        f"<MaximumHeartRateBpm><Value>{hr[1]}</Value></MaximumHeartRateBpm>"
        if hr
        else ""
    )
    track = "".join(
        f"<Trackpoint><Time>{time}</Time>"
        + (f"<AltitudeMeters>{altitude}</AltitudeMeters>" if altitude is not None else "")
        + "</Trackpoint>"
        for time, altitude in points
    )
    return (
        f'<Lap StartTime="{start}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{meters}</DistanceMeters>{rates}<Track>{track}</Track></Lap>"
    )


def test_empty_file_is_named() -> None:
    with pytest.raises(ImportFileError, match=r"^empty\.tcx: empty file$"):
        tcx.read((FILES / "empty.tcx").read_bytes(), "empty.tcx")


def test_malformed_xml_names_the_line_and_the_parser_message() -> None:
    with pytest.raises(ImportFileError) as caught:
        tcx.read((FILES / "malformed.tcx").read_bytes(), "malformed.tcx")
    assert caught.value.where == "8"
    assert str(caught.value) == "malformed.tcx:8: not well-formed XML (mismatched tag: line 8, column 30)"


def test_a_file_without_activity_says_so() -> None:
    with pytest.raises(ImportFileError, match=r"^course\.tcx: no activity"):
        tcx.read(document().replace(b"<Activities></Activities>", b"<Courses/>"), "course.tcx")


def test_laps_add_up_and_heart_rate_is_weighted_by_lap_time() -> None:
    run = activity(
        "Running",
        "2026-03-01T08:30:00+01:00",
        lap(
            "2026-03-01T07:30:00Z",
            600,
            2000,
            (140, 150),
            [("2026-03-01T07:30:00Z", 300.0), ("2026-03-01T07:40:00Z", 304.5)],
        ),
        lap(
            "2026-03-01T07:40:00Z",
            200,
            800.5,
            (170, 181),
            [("2026-03-01T07:41:00Z", None), ("2026-03-01T07:43:30Z", 302.0)],
        ),
    )
    ride = activity("Biking", None, lap("2026-03-02T17:00:00Z", 3600, 30000))
    assert tcx.read(document(run, ride), "two.tcx") == [
        Activity(
            start=dt.datetime(2026, 3, 1, 7, 30, tzinfo=dt.UTC),
            sport="running",
            source_format="tcx",
            utc_offset_s=3600,
            distance_m=2800.5,
            moving_s=800.0,
            elapsed_s=810.0,
            avg_hr=147.5,
            max_hr=181.0,
            ascent_m=4.5,
        ),
        Activity(
            start=dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC),
            sport="cycling",
            source_format="tcx",
            distance_m=30000.0,
            moving_s=3600.0,
            elapsed_s=3600.0,
            index=1,
        ),
    ]


@pytest.mark.parametrize(("sport", "expected"), [("Other", "other"), ("Swimming", "swimming"), (None, "unknown")])
def test_sport_is_the_lower_cased_attribute(sport: str | None, expected: str) -> None:
    (only,) = tcx.read(document(activity(sport, "2026-03-01T07:30:00Z", lap("x", 60, 0))), "s.tcx")
    assert only.sport == expected


def test_a_bad_number_is_located_in_the_document() -> None:
    data = document(activity("Running", "2026-03-01T07:30:00Z", lap("x", 60, 100), lap("x", 60, "1,5 km")))
    with pytest.raises(ImportFileError) as caught:
        tcx.read(data, "bad.tcx")
    assert str(caught.value) == "bad.tcx:Activity[1]/Lap[2]/DistanceMeters: expected a number, got '1,5 km'"


def test_a_bad_time_is_located_in_the_document() -> None:
    points = [("2026-03-01T07:30:00Z", None), ("yesterday", None)]
    data = document(activity("Running", "2026-03-01T07:30:00Z", lap("x", 60, 100, points=points)))
    with pytest.raises(ImportFileError) as caught:
        tcx.read(data, "bad.tcx")
    assert str(caught.value) == "bad.tcx:Activity[1]/Trackpoint[2]/Time: expected an ISO 8601 time, got 'yesterday'"


def test_an_activity_without_id_or_lap_start_cannot_be_placed() -> None:
    data = document(activity("Running", None, lap("", 60, 100)))
    with pytest.raises(ImportFileError, match=r"^n\.tcx:Activity\[1\]: no <Id> and no Lap StartTime"):
        tcx.read(data, "n.tcx")
