"""GPX summaries at import speed: the track points read straight from ElementTree, the summary worked
out with gpxpy's own geometry (distance, moving time, smoothed climb), without building gpxpy's
object model for every field of every point.

gpxpy stays the reference and the fallback (runlift.importers.gpx):
- For every file this reader accepts, its Activity equals gpxpy's, value for value: the same parser
  on the same text (default namespace removed as gpxpy removes it), the same time parser, the same
  geometry functions summed in the same order (tests: every real GPX file, mutated files).
- Anything it does not follow goes to gpxpy whole: a GPX version other than 1.1, waypoints or
  routes, a field gpxpy would type-check that this reader does not (hdop, sat, course, bounds…),
  XML that does not parse, a file with no track, no times, placeholder or backward times.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from gpxpy import geo, gpxfield  # gpxpy's own time parser and geometry
from gpxpy import gpx as gpxpy_model
from gpxpy.utils import total_seconds

from runlift.core.activity import Activity
from runlift.importers import gpx as reference

DEFAULT_NAMESPACE = re.compile(r"""\sxmlns=(['"])[^'"]+\1""")  # as gpxpy's parser removes it
ROOT_CHILDREN = frozenset({"metadata", "trk", "extensions"})
METADATA_CHILDREN = frozenset({"name", "desc", "author", "copyright", "link", "time", "keywords", "extensions"})
TRACK_CHILDREN = frozenset({"name", "cmt", "desc", "src", "link", "type", "extensions", "trkseg"})
POINT_CHILDREN = frozenset({"ele", "time", "extensions", "name", "cmt", "desc", "src", "sym", "type", "link"})
STOPPED_KMH = gpxpy_model.DEFAULT_STOPPED_SPEED_THRESHOLD
TOP_SPEED_PERCENTILES = gpxpy_model.IGNORE_TOP_SPEED_PERCENTILES


class Fallback(Exception):
    """Something this reader leaves to gpxpy; the message says what."""


@dataclass(slots=True)
class _Point:
    latitude: float
    longitude: float
    elevation: float | None
    time: dt.datetime | None
    extensions: list[ET.Element]


def read(data: bytes, name: str) -> list[Activity]:
    """The file as one Activity: by this reader, or by gpxpy when it must."""
    try:
        return summarize(data, name)
    except Fallback:
        return reference.read(data, name)


def summarize(data: bytes, name: str) -> list[Activity]:
    """The Activity by this reader alone; Fallback (with the reason) where gpxpy must read the file."""
    text = reference.text(data, name)  # its errors are the reference's own, raised before parsing there too
    try:
        root = ET.fromstring(DEFAULT_NAMESPACE.sub("", text, count=1))
    except ET.ParseError as exc:
        raise Fallback(f"XML: {exc}") from exc
    if root.tag != "gpx" or root.get("version") != "1.1":
        raise Fallback(f"root {root.tag} version {root.get('version')}")
    _only(root, ROOT_CHILDREN)
    gpx_name = _metadata_name(root.find("metadata"))
    elements = _tracks(root)
    tracks = [[_segment(seg) for seg in trk.findall("trkseg")] for trk in elements]
    with_points = [i for i, track in enumerate(tracks) if any(track)]
    if not with_points:
        raise Fallback("no track")
    points = [p for i in with_points for segment in tracks[i] for p in segment]
    first = next((p.time for p in points if p.time is not None), None)
    if first is None:
        raise Fallback("no timestamps")
    offset = first.utcoffset()
    for p in points:
        p.time = None if p.time is None else reference.utc(p.time)
    timed = [p.time for p in points if p.time]
    start, end = timed[0], timed[-1]
    if start < reference.EARLIEST or end < start:
        raise Fallback("placeholder or backward times")
    try:
        moving = sum(_track_sum(track, _moving_time) for track in tracks)
        distance = float(_gpx_length(tracks))
        uphill = float(sum(_track_sum(track, _uphill) for track in tracks))
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise Fallback(f"geometry: {exc}") from exc
    heart_rates = [hr for hr in (reference.heart_rate(p.extensions) for p in points) if hr is not None]
    kinds = (_text(elements[i], "type") for i in with_points)
    names = (_text(elements[i], "name") for i in with_points)
    return [
        Activity(
            start=start,
            sport=reference.sport(next((kind for kind in kinds if kind), None)),
            source_format=reference.SOURCE,
            utc_offset_s=int(offset.total_seconds()) if offset else None,
            distance_m=distance,
            moving_s=moving,
            elapsed_s=(end - start).total_seconds(),
            avg_hr=sum(heart_rates) / len(heart_rates) if heart_rates else None,
            max_hr=max(heart_rates) if heart_rates else None,
            ascent_m=uphill if any(p.elevation is not None for p in points) else None,
            name=(next((n for n in names if n), None) or gpx_name or "").strip(),
        )
    ]


def _only(node: ET.Element, allowed: frozenset[str]) -> None:
    for child in node:
        if child.tag not in allowed:
            raise Fallback(f"<{child.tag}> in <{node.tag}>")


def _text(node: ET.Element, tag: str) -> str | None:
    found = node.find(tag)
    return None if found is None else found.text


def _metadata_name(metadata: ET.Element | None) -> str | None:
    if metadata is None:
        return None
    _only(metadata, METADATA_CHILDREN)
    _time(_text(metadata, "time"))  # gpxpy parses it, and fails on a bad one
    return _text(metadata, "name")


def _tracks(root: ET.Element) -> list[ET.Element]:
    tracks = root.findall("trk")
    for track in tracks:
        _only(track, TRACK_CHILDREN)
    return tracks


def _segment(segment: ET.Element) -> list[_Point]:
    _only(segment, frozenset({"trkpt", "extensions"}))
    return [_point(p) for p in segment.findall("trkpt")]


def _point(node: ET.Element) -> _Point:
    _only(node, POINT_CHILDREN)
    extensions = node.find("extensions")
    return _Point(
        _float(node.get("lat"), mandatory=True),  # type: ignore[arg-type]
        _float(node.get("lon"), mandatory=True),  # type: ignore[arg-type]
        _float(_text(node, "ele")),
        _time(_text(node, "time")),
        [] if extensions is None else list(extensions),
    )


def _float(text: str | None, mandatory: bool = False) -> float | None:
    """gpxpy's FLOAT_TYPE: float(text.strip()); anything it would reject goes to it."""
    if text is None:
        if mandatory:
            raise Fallback("a point without lat or lon")
        return None
    try:
        return float(text.strip())
    except ValueError as exc:
        raise Fallback(f"not a number: {text!r}") from exc


def _time(text: str | None) -> dt.datetime | None:
    try:
        return gpxfield.parse_time(text)  # type: ignore[arg-type]  # it returns None for None, as gpxpy calls it
    except (gpxpy_model.GPXException, ValueError, OverflowError) as exc:
        raise Fallback(f"time {text!r}") from exc


def _track_sum(segments: list[list[_Point]], measure: object) -> float:
    """A track's total of a per-segment measure, summed as gpxpy's track methods sum it."""
    total = 0.0
    for points in segments:
        total += measure(points) or 0.0  # type: ignore[operator]
    return total


def _gpx_length(tracks: list[list[list[_Point]]]) -> float:
    """GPX.length_2d: segments' lengths summed per track, tracks' summed, zeros skipped, as gpxpy does."""
    result = 0.0
    for segments in tracks:
        length = 0.0
        for points in segments:
            d = _length_2d(points)
            if d:
                length += d
        if length:
            result += length
    return result


def _length_2d(points: list[_Point]) -> float:
    length = 0.0
    for previous, point in itertools.pairwise(points):
        d = _flat(point, previous)
        if d:
            length += d
    return length


def _flat(point: _Point, previous: _Point) -> float:
    """point.distance_2d(previous), as gpxpy computes it."""
    return geo.distance(point.latitude, point.longitude, None, previous.latitude, previous.longitude, None)


def _moving_time(points: list[_Point]) -> float:
    """GPXTrackSegment.get_moving_data(...).moving_time, step for step (max speed included: it can fail)."""
    moving_time = 0.0
    speeds_and_distances = []
    for previous, point in itertools.pairwise(points):
        if point.time and previous.time:
            if point.elevation and previous.elevation:
                distance = geo.distance(
                    point.latitude,
                    point.longitude,
                    point.elevation,
                    previous.latitude,
                    previous.longitude,
                    previous.elevation,
                )
            else:
                distance = geo.distance(
                    point.latitude, point.longitude, None, previous.latitude, previous.longitude, None
                )
            seconds = total_seconds(point.time - previous.time)
            if seconds > 0 and distance is not None:
                speed_kmh = (distance / 1000) / (seconds / 60**2)
                if distance:
                    if not speed_kmh <= STOPPED_KMH:  # as gpxpy's if/else: NaN counts as moving
                        moving_time += seconds
                    if moving_time:
                        speeds_and_distances.append((distance / seconds, distance))
    if speeds_and_distances:
        geo.calculate_max_speed(speeds_and_distances, TOP_SPEED_PERCENTILES, True)
    return moving_time


def _uphill(points: list[_Point]) -> float:
    if not points:
        return 0.0
    uphill, _downhill = geo.calculate_uphill_downhill([p.elevation for p in points])
    return float(uphill)
