"""GPX tracks (Garmin Connect, Strava, GPSBabel, phone apps), read with gpxpy.

One Activity per file, from all tracks and segments together: distance is gpxpy's `length_2d()`,
elapsed time spans the time bounds, moving time is gpxpy's moving data, ascent its smoothed
uphill, heart rate the mean and max of the Garmin TrackPointExtension `hr` values.

GPX times are UTC by the schema: a time without an offset is read as UTC. A time written with a
non-zero offset (`+01:00`) tells the local time, and sets `utc_offset_s`. GPSBabel writes
1901-12-13T20:45:52Z (the smallest 32-bit Unix time) for "no time", so a track that starts before
1980 counts as having no timestamps.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable
from xml.etree.ElementTree import Element

import gpxpy
import gpxpy.gpx

from runlift.core.activity import Activity
from runlift.core.errors import ImportFileError

SOURCE = "gpx"
EARLIEST = dt.datetime(1980, 1, 6, tzinfo=dt.UTC)  # GPS time starts here
_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Track <type> values: the words apps write, plus Strava's numeric codes (1 Ride, 9 Run).
_SPORTS = {"running": "running", "run": "running", "9": "running"} | dict.fromkeys(
    ("cycling", "biking", "ride", "1"), "cycling"
)


def read(data: bytes, name: str) -> list[Activity]:
    """The whole file as one Activity."""
    gpx = _parse(text(data, name), name)
    tracks = [track for track in gpx.tracks if any(segment.points for segment in track.segments)]
    if not tracks:
        raise ImportFileError(name, "", "no track (routes and waypoints are plans, not activities)")
    points = [point for track in tracks for segment in track.segments for point in segment.points]
    first = next((point.time for point in points if point.time is not None), None)
    if first is None:
        raise ImportFileError(name, "", "no timestamps: cannot place the activity in time")
    at: dt.datetime | None = first
    try:  # an offset of 24 h or more, year 1 with a positive offset, 9999 with a negative one: not a time
        offset = first.utcoffset()
        for point in points:  # gpxpy cannot subtract a naive time from an aware one
            at = point.time
            point.time = None if point.time is None else utc(point.time)
    except (OverflowError, ValueError):
        assert at is not None
        raise ImportFileError(
            name,
            "",
            f"time: expected a UTC offset under 24 h and a time within years 1 to 9999 in UTC, "
            f"got {at.replace(tzinfo=None).isoformat()} with {getattr(at.tzinfo, 'name', None) or at.tzinfo!r}",
        ) from None
    bounds = gpx.get_time_bounds()
    assert bounds.start_time is not None and bounds.end_time is not None
    start, end = bounds.start_time, bounds.end_time
    if start < EARLIEST:
        raise ImportFileError(
            name, "", f"no timestamps: the first time, {start:%Y-%m-%dT%H:%M:%SZ}, is a placeholder from before GPS"
        )
    if end < start:
        raise ImportFileError(
            name, "", f"times run backwards: the track ends at {end:%Y-%m-%dT%H:%M:%SZ}, before its start"
        )
    try:  # gpxpy's geometry fails on coordinates outside the globe (a math domain error)
        moving = gpx.get_moving_data()
        distance = float(gpx.length_2d())
        uphill = float(gpx.get_uphill_downhill().uphill)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise ImportFileError(name, "", f"cannot measure the track: {exc} (a coordinate out of range?)") from exc
    heart_rates = [hr for hr in (heart_rate(point.extensions) for point in points) if hr is not None]
    return [
        Activity(
            start=start,
            sport=sport(next((track.type for track in tracks if track.type), None)),
            source_format=SOURCE,
            utc_offset_s=int(offset.total_seconds()) if offset else None,
            distance_m=distance,
            moving_s=moving.moving_time if moving else None,
            elapsed_s=(end - start).total_seconds(),
            avg_hr=sum(heart_rates) / len(heart_rates) if heart_rates else None,
            max_hr=max(heart_rates) if heart_rates else None,
            ascent_m=uphill if any(point.elevation is not None for point in points) else None,
            name=(next((track.name for track in tracks if track.name), None) or gpx.name or "").strip(),
        )
    ]


def text(data: bytes, name: str) -> str:
    """The XML as text: a byte-order mark wins, then the declared encoding, then UTF-8."""
    if not data.strip():
        raise ImportFileError(name, "", "empty file")
    encoding, skip = next(((enc, len(bom)) for bom, enc in _BOMS if data.startswith(bom)), (None, 0))
    if encoding is None:
        declared = _DECLARED.match(data)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data[skip:].decode(encoding)
    except LookupError as exc:
        raise ImportFileError(name, "1", f"unknown encoding {encoding!r} in the XML declaration") from exc
    except UnicodeDecodeError as exc:
        line = data[: skip + exc.start].count(b"\n") + 1
        raise ImportFileError(name, str(line), f"bytes that are not {encoding}: {exc.reason}") from exc


def _parse(text: str, name: str) -> gpxpy.gpx.GPX:
    try:
        return gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as exc:
        cause = exc.__cause__
        position = getattr(cause, "position", None)  # ElementTree's (line, column)
        line = position[0] if position else getattr(cause, "lineno", None)  # or lxml's
        raise ImportFileError(name, "" if line is None else str(line), f"not well-formed XML ({cause})") from exc
    except (gpxpy.gpx.GPXException, ValueError, TypeError) as exc:
        raise ImportFileError(name, "", f"not valid GPX: {exc}") from exc


def utc(time: dt.datetime) -> dt.datetime:
    return time.replace(tzinfo=dt.UTC) if time.tzinfo is None else time.astimezone(dt.UTC)


def sport(kind: str | None) -> str:
    if kind is None or not kind.strip():
        return "unknown"
    word = kind.strip().lower()
    return _SPORTS.get(word, word)


def heart_rate(extensions: Iterable[Element]) -> float | None:
    """`gpxtpx:hr` inside a Garmin TrackPointExtension (v1 or v2), if a point's extensions have one."""
    for extension in extensions:
        if "TrackPointExtension" not in extension.tag:
            continue
        for element in extension.iter():
            if element.tag.endswith("}hr") and element.text:
                try:
                    value = float(element.text)
                except ValueError:
                    return None
                return value if value > 0 else None
    return None
