"""TCX activities (Garmin Training Center v2: Garmin Connect, Polar Flow, TomTom, MapMyRide, …),
read with the standard library's ElementTree.

One Activity per <Activity>, in document order (also inside a <MultiSportSession>): start from
<Id>, else the first Lap's StartTime; distance and moving time are the sums of the laps'
DistanceMeters and TotalTimeSeconds; elapsed time runs from the first to the last trackpoint
<Time> (the moving time when there is none); average heart rate is the laps' averages weighted
by their time, maximum the highest lap maximum; ascent adds up the rises between consecutive
trackpoint AltitudeMeters, unsmoothed (None when no trackpoint has an altitude). A time without an
offset is UTC; a non-zero offset on <Id> sets `utc_offset_s`. Errors inside the document are
located by an XPath-like `where` ("Activity[1]/Lap[3]/DistanceMeters"), since ElementTree keeps no
line numbers once parsed.

The document is read as a stream (XMLPullParser): trackpoints are measured and dropped as they end,
so memory stays near constant however long the track; errors are still the ones a reader of the
whole tree meets first (well-formedness first, then per activity its laps, its start, its track).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Iterable
from typing import BinaryIO, NamedTuple

from runlift.core.activity import Activity
from runlift.core.errors import ImportFileError

SOURCE = "tcx"
_TCX = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
NS = {"tcx": _TCX}
_SPORTS = {"running": "running", "biking": "cycling", "other": "other"}
CHUNK = 1024 * 1024
_ACTIVITY, _LAP, _TRACK, _POINT = (f"{{{_TCX}}}{tag}" for tag in ("Activity", "Lap", "Track", "Trackpoint"))


def read(data: bytes | BinaryIO, name: str) -> list[Activity]:
    """One Activity per <Activity> element, in document order."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    chunk = stream.read(CHUNK)
    if not chunk.strip() and not stream.read(1):
        raise ImportFileError(name, "", "empty file")
    reader = _Reader(name)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    try:
        while chunk:
            parser.feed(chunk)
            reader.take(parser.read_events())
            chunk = stream.read(CHUNK)
        parser.close()
        reader.take(parser.read_events())
    except ET.ParseError as exc:
        line, _column = exc.position
        raise ImportFileError(name, str(line), f"not well-formed XML ({exc})") from exc
    if reader.error is not None:  # only now: a well-formedness error later in the file is told first
        raise reader.error
    if not reader.done:
        raise ImportFileError(name, "", "no activity (expected <Activity> in the TCX v2 namespace)")
    return [activity for _, activity in sorted(reader.done, key=lambda item: item[0])]


class _Lap(NamedTuple):
    seconds: float | None
    distance_m: float | None
    avg_hr: float | None
    max_hr: float | None


class _Open:
    """An <Activity> being read: its laps, and its trackpoints' times and altitudes so far."""

    def __init__(self, element: ET.Element, index: int) -> None:
        self.element, self.index = element, index
        self.where = f"Activity[{index + 1}]"
        self.laps: list[_Lap] = []
        self.first_lap_start: str | None = None
        self.points = 0
        self.first: dt.datetime | None = None
        self.last: dt.datetime | None = None
        self.altitudes = array("d")
        self.lap_error: ImportFileError | None = None
        self.track_error: ImportFileError | None = None


class _Reader:
    """The parse's events, turned into activities as their elements end."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.path: list[ET.Element] = []  # the open elements, the root first
        self.open: list[_Open] = []  # the open <Activity> elements, the outermost first
        self.count = 0
        self.done: list[tuple[int, Activity]] = []
        self.error: ImportFileError | None = None  # the first, in the order a reader of the whole tree meets them
        self.error_at = -1

    def take(self, events: Iterable[tuple[object, ...]]) -> None:
        for event, item, *_ in events:
            assert isinstance(item, ET.Element)
            if event == "start":
                self.path.append(item)
                if item.tag == _ACTIVITY:
                    self.open.append(_Open(item, self.count))
                    self.count += 1
                continue
            self.path.pop()
            self._end(item, self.path[-1] if self.path else None)

    def _end(self, element: ET.Element, parent: ET.Element | None) -> None:
        current = self.open[-1] if self.open else None
        if current is None or parent is None:
            return
        tag = element.tag
        if tag == _POINT and parent.tag == _TRACK and len(self.path) >= 3:
            lap, activity = self.path[-2], self.path[-3]
            if lap.tag == _LAP and activity is current.element:
                self._point(current, element)
                del parent[-1]  # measured, then dropped: memory does not grow with the track
        elif tag == _LAP and parent is current.element:
            self._lap(current, element)
        elif tag == _ACTIVITY and element is current.element:
            self.open.pop()
            self._activity(current)

    def _point(self, current: _Open, point: ET.Element) -> None:
        current.points += 1
        if current.track_error is not None:
            return
        at = f"{current.where}/Trackpoint[{current.points}]"
        try:
            text = (point.findtext("tcx:Time", default="", namespaces=NS) or "").strip()
            if text:
                time = _time(text, f"{at}/Time", self.name)
                current.first = current.first or time
                current.last = time
            altitude = _number(point, "tcx:AltitudeMeters", at, self.name)
            if altitude is not None:
                current.altitudes.append(altitude)
        except ImportFileError as exc:
            current.track_error = exc

    def _lap(self, current: _Open, lap: ET.Element) -> None:
        if not current.laps:
            current.first_lap_start = (lap.get("StartTime") or "").strip()
        where = f"{current.where}/Lap[{len(current.laps) + 1}]"
        try:
            current.laps.append(_lap(lap, where, self.name))
        except ImportFileError as exc:
            current.lap_error = current.lap_error or exc
            current.laps.append(_Lap(None, None, None, None))
        for track in lap.findall("tcx:Track", NS):
            track.clear()

    def _activity(self, current: _Open) -> None:
        if self.error is not None and self.error_at < current.index:
            return
        try:
            if current.lap_error is not None:
                raise current.lap_error
            start = _start(current, self.name)
            if current.track_error is not None:
                raise current.track_error
            self.done.append((current.index, _activity(current, start)))
        except ImportFileError as exc:
            self.error, self.error_at = exc, current.index


def _activity(current: _Open, start: dt.datetime) -> Activity:
    laps = current.laps
    moving = _sum([lap.seconds for lap in laps])
    offset = start.utcoffset()
    first, last = current.first, current.last
    return Activity(
        start=start.astimezone(dt.UTC),
        sport=_sport(current.element.get("Sport")),
        source_format=SOURCE,
        utc_offset_s=int(offset.total_seconds()) if offset else None,
        distance_m=_sum([lap.distance_m for lap in laps]),
        moving_s=moving,
        elapsed_s=(last - first).total_seconds() if first is not None and last is not None else moving,
        avg_hr=_average_hr(laps),
        max_hr=max((lap.max_hr for lap in laps if lap.max_hr is not None), default=None),
        ascent_m=sum(max(b - a, 0.0) for a, b in itertools.pairwise(current.altitudes)) if current.altitudes else None,
        index=current.index,
    )


def _lap(lap: ET.Element, where: str, name: str) -> _Lap:
    avg_hr = _number(lap, "tcx:AverageHeartRateBpm/tcx:Value", where, name)
    max_hr = _number(lap, "tcx:MaximumHeartRateBpm/tcx:Value", where, name)
    return _Lap(
        seconds=_number(lap, "tcx:TotalTimeSeconds", where, name),
        distance_m=_number(lap, "tcx:DistanceMeters", where, name),
        avg_hr=avg_hr or None,  # 0 bpm means no sensor
        max_hr=max_hr or None,
    )


def _sport(value: str | None) -> str:
    word = (value or "").strip().lower()
    return _SPORTS.get(word, word) or "unknown"


def _start(current: _Open, name: str) -> dt.datetime:
    text = (current.element.findtext("tcx:Id", default="", namespaces=NS) or "").strip()
    if text:
        return _time(text, f"{current.where}/Id", name)
    if current.first_lap_start:
        return _time(current.first_lap_start, f"{current.where}/Lap[1]/@StartTime", name)
    raise ImportFileError(name, current.where, "no <Id> and no Lap StartTime: cannot place the activity in time")


def _average_hr(laps: list[_Lap]) -> float | None:
    """Lap averages weighted by lap time; their plain mean if no lap has a time."""
    rated = [lap for lap in laps if lap.avg_hr is not None]
    weight = sum(lap.seconds or 0.0 for lap in rated)
    if not rated:
        return None
    if not weight:
        return sum(lap.avg_hr or 0.0 for lap in rated) / len(rated)
    return sum((lap.avg_hr or 0.0) * (lap.seconds or 0.0) for lap in rated) / weight


def _time(text: str, where: str, name: str) -> dt.datetime:
    try:
        time = dt.datetime.fromisoformat(text)  # an offset of 24 h or more is a ValueError here
    except ValueError as exc:
        raise ImportFileError(name, where, f"expected an ISO 8601 time, got {text!r}") from exc
    if time.tzinfo is None:
        return time.replace(tzinfo=dt.UTC)
    try:
        time.astimezone(dt.UTC)
    except OverflowError:  # year 1 with a positive offset, year 9999 with a negative one
        raise ImportFileError(name, where, f"expected a time within years 1 to 9999 in UTC, got {text!r}") from None
    return time


def _number(parent: ET.Element, path: str, where: str, name: str) -> float | None:
    text = (parent.findtext(path, default="", namespaces=NS) or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ImportFileError(name, f"{where}/{path.replace('tcx:', '')}", f"expected a number, got {text!r}")
    return number


def _sum(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) if present else None
