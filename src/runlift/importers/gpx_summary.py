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

import codecs
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, cast

from gpxpy import geo, gpxfield  # gpxpy's own time parser and geometry
from gpxpy import gpx as gpxpy_model
from gpxpy.utils import total_seconds

from runlift.core.activity import Activity
from runlift.core.errors import ImportFileError
from runlift.importers import gpx as reference

DEFAULT_NAMESPACE = re.compile(r"""\sxmlns=(['"])[^'"]+\1""")  # as gpxpy's parser removes it
ROOT_CHILDREN = frozenset({"metadata", "trk", "extensions"})
METADATA_CHILDREN = frozenset({"name", "desc", "author", "copyright", "link", "time", "keywords", "extensions"})
TRACK_CHILDREN = frozenset({"name", "cmt", "desc", "src", "link", "type", "extensions", "trkseg"})
POINT_CHILDREN = frozenset({"ele", "time", "extensions", "name", "cmt", "desc", "src", "sym", "type", "link"})
STOPPED_KMH = gpxpy_model.DEFAULT_STOPPED_SPEED_THRESHOLD
TOP_SPEED_PERCENTILES = gpxpy_model.IGNORE_TOP_SPEED_PERCENTILES


FALLBACK_LIMIT = 32 * 1024 * 1024  # the largest file gpxpy reads (it needs 10-19x the file's size in memory)
CHUNK = 1024 * 1024
SEGMENT_CHILDREN = frozenset({"trkpt", "extensions"})


class Fallback(Exception):
    """Something this reader leaves to gpxpy; the message says what."""


@dataclass(slots=True)
class _Point:
    latitude: float
    longitude: float
    elevation: float | None
    time: dt.datetime | None


def read(data: bytes | BinaryIO, name: str) -> list[Activity]:
    """The file as one Activity: by this reader, or by gpxpy when it must (files up to FALLBACK_LIMIT)."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        return summarize(stream, name)
    except Fallback as why:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        if size > FALLBACK_LIMIT:
            raise ImportFileError(
                name,
                "",
                f"unusual GPX ({why}) needs the full GPX reader, which reads files of at most "
                f"{FALLBACK_LIMIT // 1024**2} MB, got {size / 1024**2:.1f} MB",
            ) from None
        stream.seek(0)
        return reference.read(stream.read(), name)


def summarize(data: bytes | BinaryIO, name: str) -> list[Activity]:
    """The Activity by this reader alone; Fallback (with the reason) where gpxpy must read the file.

    The XML is read as a stream: each point is measured when it ends and then dropped, so memory does
    not grow with the track (8 bytes a point at most: heart rates and moving distances, kept as gpxpy
    sums them)."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    reader = _Reader()
    try:
        for text in _texts(stream, name):
            reader.parser.feed(text)
            reader.take(_events(reader.parser))
        reader.parser.close()
        reader.take(_events(reader.parser))
    except ET.ParseError as exc:
        raise Fallback(f"XML: {exc}") from exc
    return reader.activity()


def _texts(stream: BinaryIO, name: str) -> Iterator[str]:
    """The document as text chunks, decoded as the reference decodes it, its default namespace removed
    as gpxpy removes it (the first `xmlns="…"` of the text)."""
    head = stream.read(CHUNK)
    if not head.strip() and not stream.read(1):
        raise ImportFileError(name, "", "empty file")
    encoding, skip = next(((enc, len(bom)) for bom, enc in reference._BOMS if head.startswith(bom)), (None, 0))
    if encoding is None:
        declared = reference._DECLARED.match(head)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError as exc:
        raise ImportFileError(name, "1", f"unknown encoding {encoding!r} in the XML declaration") from exc
    chunk, first, previous = head[skip:], True, ""
    while True:
        last = not chunk
        try:
            text = decoder.decode(chunk, final=last)
        except UnicodeDecodeError as exc:
            raise Fallback(f"bytes that are not {encoding}") from exc
        if first:
            text, found = DEFAULT_NAMESPACE.subn("", text, count=1)
            first, removed = False, bool(found)
        elif not removed and "xmlns=" in previous[-6:] + text:
            raise Fallback("a default namespace after the first part of the file")
        if text:
            yield text
            previous = text
        if last:
            return
        chunk = stream.read(CHUNK)


class _Segment:
    """One <trkseg>'s measures, point by point, computed as gpxpy's segment methods compute them."""

    __slots__ = ("distances", "elevations", "length", "moving", "points", "previous", "smoothed", "uphill")

    def __init__(self) -> None:
        self.previous: _Point | None = None
        self.points = 0
        self.length = 0.0  # length_2d
        self.moving = 0.0  # get_moving_data().moving_time
        self.distances = array("d")  # what get_moving_data hands to calculate_max_speed (which can fail)
        self.elevations: list[float] = []  # the last two, for calculate_uphill_downhill's smoothing
        self.smoothed: float | None = None
        self.uphill = 0.0

    def add(self, point: _Point) -> None:
        previous = self.previous
        self.points += 1
        if previous is not None:
            d = _flat(point, previous)
            if d:
                self.length += d
            self._moving(point, previous)
        if point.elevation is not None:
            self._elevation(point.elevation)
        self.previous = point

    def _moving(self, point: _Point, previous: _Point) -> None:
        if not (point.time and previous.time):
            return
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
            distance = geo.distance(point.latitude, point.longitude, None, previous.latitude, previous.longitude, None)
        seconds = total_seconds(point.time - previous.time)
        if seconds > 0 and distance is not None:
            speed_kmh = (distance / 1000) / (seconds / 60**2)
            if distance:
                if not speed_kmh <= STOPPED_KMH:  # as gpxpy's if/else: NaN counts as moving
                    self.moving += seconds
                if self.moving:
                    self.distances.append(distance)

    def _elevation(self, elevation: float) -> None:
        """calculate_uphill_downhill as a stream: each elevation smoothed with its neighbours once the next
        one is known; the first and the last as they are."""
        kept = self.elevations
        if not kept:
            self._smoothed(elevation)
        elif len(kept) == 2:
            self._smoothed(kept[0] * 0.3 + kept[1] * 0.4 + elevation * 0.3)
        kept.append(elevation)
        if len(kept) > 2:
            del kept[0]

    def _smoothed(self, value: float) -> None:
        if self.smoothed is not None:
            d = value - self.smoothed
            if d > 0:
                self.uphill += d
        self.smoothed = value

    def close(self) -> tuple[float, float, float]:
        """(length_2d, moving time, uphill)"""
        if len(self.elevations) == 2:
            self._smoothed(self.elevations[1])  # the last elevation, unsmoothed
        distances = self.distances
        if len(distances) >= 2:  # calculate_max_speed: its one step that can fail
            average = sum(distances) / len(distances)
            sum((d - average) ** 2 for d in distances)
        return self.length, self.moving, self.uphill


class _Track:
    __slots__ = ("kind", "lengths", "moving", "name", "points", "uphill")

    def __init__(self) -> None:
        self.lengths: list[float] = []
        self.moving = 0.0
        self.uphill = 0.0
        self.points = 0
        self.kind: str | None = None
        self.name: str | None = None


class _Reader:
    """The parse's events, measured as they come, as `GPX` methods measure the whole document."""

    def __init__(self) -> None:
        self.parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        self.path: list[ET.Element] = []
        self.rules: list[frozenset[str] | None] = []  # per open element: the children it allows, if checked
        self.tracks: list[_Track] = []
        self.segment: _Segment | None = None
        self.metadata_seen = False
        self.gpx_name: str | None = None
        self.first: dt.datetime | None = None  # as written (its offset is the activity's)
        self.start: dt.datetime | None = None
        self.end: dt.datetime | None = None
        self.heart_rates = array("d")
        self.elevation = False

    def take(self, events: Iterable[tuple[str, ET.Element]]) -> None:
        """Each event at the least cost (a 500 MB file has 30 million): a stack of the children each
        open element allows (None below the checked ones), a measure at the end of a point."""
        path, rules = self.path, self.rules
        for event, element in events:
            if event == "start":
                if not path:
                    rules.append(self._root(element))
                else:
                    allowed = rules[-1]
                    if allowed is not None:
                        tag = element.tag
                        if tag not in allowed:
                            raise Fallback(f"<{tag}> in <{path[-1].tag}>")
                        rules.append(self._opened(allowed, tag))
                    else:
                        rules.append(None)
                path.append(element)
            else:
                path.pop()
                rules.pop()
                if len(path) <= 3:
                    self._end(element)

    @staticmethod
    def _root(element: ET.Element) -> frozenset[str]:
        if element.tag != "gpx" or element.get("version") != "1.1":
            raise Fallback(f"root {element.tag} version {element.get('version')}")
        return ROOT_CHILDREN

    def _opened(self, allowed: frozenset[str], tag: str) -> frozenset[str] | None:
        """The children a checked element allows (the reference checks the root, its first <metadata>,
        its <trk>s, their <trkseg>s and their <trkpt>s); None for the others."""
        if allowed is ROOT_CHILDREN:
            if tag == "trk":
                self.tracks.append(_Track())
                return TRACK_CHILDREN
            return METADATA_CHILDREN if tag == "metadata" and not self.metadata_seen else None
        if allowed is TRACK_CHILDREN and tag == "trkseg":
            self.segment = _Segment()
            return SEGMENT_CHILDREN
        if allowed is SEGMENT_CHILDREN and tag == "trkpt":
            return POINT_CHILDREN
        return None

    def _end(self, element: ET.Element) -> None:
        depth = len(self.path)  # of the parent
        if depth == 3 and element.tag == "trkpt" and self.segment is not None:
            self._point(element)
            del self.path[-1][-1]  # measured, then dropped
        elif depth == 2 and element.tag == "trkseg" and self.segment is not None and self.path[-1].tag == "trk":
            track = self.tracks[-1]
            length, moving, uphill = self.segment.close()
            track.lengths.append(length)
            track.moving += moving or 0.0
            track.uphill += uphill or 0.0
            track.points += self.segment.points
            self.segment = None
            del self.path[-1][-1]
        elif depth == 1:
            if element.tag == "trk":
                track = self.tracks[-1]
                track.kind, track.name = _text(element, "type"), _text(element, "name")
            elif element.tag == "metadata" and not self.metadata_seen:
                self.metadata_seen = True
                _time(_text(element, "time"))  # gpxpy parses it, and fails on a bad one
                self.gpx_name = _text(element, "name")
            del self.path[-1][-1]

    def _point(self, node: ET.Element) -> None:
        assert self.segment is not None
        extensions = node.find("extensions")
        point = _Point(
            _float(node.get("lat"), mandatory=True),  # type: ignore[arg-type]
            _float(node.get("lon"), mandatory=True),  # type: ignore[arg-type]
            _float(_text(node, "ele")),
            _time(_text(node, "time")),
        )
        if point.time is not None:
            if self.first is None:
                self.first = point.time
            try:
                point.time = reference.utc(point.time)
            except (OverflowError, ValueError) as exc:  # an offset of 24 h or more, year 1 at +01:00: gpxpy's error
                raise Fallback("a time out of range in UTC") from exc
            self.start = self.start or point.time
            self.end = point.time
        if point.elevation is not None:
            self.elevation = True
        if extensions is not None:
            hr = reference.heart_rate(list(extensions))
            if hr is not None:
                self.heart_rates.append(hr)
        try:
            self.segment.add(point)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise Fallback(f"geometry: {exc}") from exc

    def activity(self) -> list[Activity]:
        tracks = [track for track in self.tracks if track.points]
        if not tracks:
            raise Fallback("no track")
        if self.first is None or self.start is None or self.end is None:
            raise Fallback("no timestamps")
        if self.start < reference.EARLIEST or self.end < self.start:
            raise Fallback("placeholder or backward times")
        try:
            distance = 0.0
            for track in self.tracks:  # GPX.length_2d: zero lengths skipped, as gpxpy does
                length = 0.0
                for d in track.lengths:
                    if d:
                        length += d
                if length:
                    distance += length
            moving = sum([track.moving for track in self.tracks])
            uphill = float(sum([track.uphill for track in self.tracks]))
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise Fallback(f"geometry: {exc}") from exc
        offset = self.first.utcoffset()
        rates = self.heart_rates
        kind = next((track.kind for track in tracks if track.kind), None)
        name = next((track.name for track in tracks if track.name), None)
        return [
            Activity(
                start=self.start,
                sport=reference.sport(kind),
                source_format=reference.SOURCE,
                utc_offset_s=int(offset.total_seconds()) if offset else None,
                distance_m=float(distance),
                moving_s=moving,
                elapsed_s=(self.end - self.start).total_seconds(),
                avg_hr=sum(rates) / len(rates) if rates else None,
                max_hr=max(rates) if rates else None,
                ascent_m=uphill if self.elevation else None,
                name=(name or self.gpx_name or "").strip(),
            )
        ]


def _events(parser: ET.XMLPullParser[ET.Element]) -> Iterable[tuple[str, ET.Element]]:
    return cast("Iterable[tuple[str, ET.Element]]", parser.read_events())  # "start" and "end" only


def _text(node: ET.Element, tag: str) -> str | None:
    found = node.find(tag)
    return None if found is None else found.text


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


def _flat(point: _Point, previous: _Point) -> float:
    """point.distance_2d(previous), as gpxpy computes it."""
    return geo.distance(point.latitude, point.longitude, None, previous.latitude, previous.longitude, None)
