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
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import xml.etree.ElementTree as ET
from typing import NamedTuple

from runlift.core.activity import Activity
from runlift.core.errors import ImportFileError

SOURCE = "tcx"
_TCX = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
NS = {"tcx": _TCX}
_SPORTS = {"running": "running", "biking": "cycling", "other": "other"}


def read(data: bytes, name: str) -> list[Activity]:
    """One Activity per <Activity> element."""
    if not data.strip():
        raise ImportFileError(name, "", "empty file")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, _column = exc.position
        raise ImportFileError(name, str(line), f"not well-formed XML ({exc})") from exc
    activities = list(root.iter(f"{{{_TCX}}}Activity"))
    if not activities:
        raise ImportFileError(name, "", "no activity (expected <Activity> in the TCX v2 namespace)")
    return [_activity(element, index, name) for index, element in enumerate(activities)]


class _Lap(NamedTuple):
    seconds: float | None
    distance_m: float | None
    avg_hr: float | None
    max_hr: float | None


def _activity(element: ET.Element, index: int, name: str) -> Activity:
    where = f"Activity[{index + 1}]"
    laps = [_lap(lap, f"{where}/Lap[{i + 1}]", name) for i, lap in enumerate(element.findall("tcx:Lap", NS))]
    start = _start(element, where, name)
    moving = _sum([lap.seconds for lap in laps])
    times, altitudes = _track(element, where, name)
    offset = start.utcoffset()
    return Activity(
        start=start.astimezone(dt.UTC),
        sport=_sport(element.get("Sport")),
        source_format=SOURCE,
        utc_offset_s=int(offset.total_seconds()) if offset else None,
        distance_m=_sum([lap.distance_m for lap in laps]),
        moving_s=moving,
        elapsed_s=(times[-1] - times[0]).total_seconds() if times else moving,
        avg_hr=_average_hr(laps),
        max_hr=max((lap.max_hr for lap in laps if lap.max_hr is not None), default=None),
        ascent_m=sum(max(b - a, 0.0) for a, b in itertools.pairwise(altitudes)) if altitudes else None,
        index=index,
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


def _start(element: ET.Element, where: str, name: str) -> dt.datetime:
    text = (element.findtext("tcx:Id", default="", namespaces=NS) or "").strip()
    if text:
        return _time(text, f"{where}/Id", name)
    lap = element.find("tcx:Lap", NS)
    first_lap = (lap.get("StartTime") or "").strip() if lap is not None else ""
    if first_lap:
        return _time(first_lap, f"{where}/Lap[1]/@StartTime", name)
    raise ImportFileError(name, where, "no <Id> and no Lap StartTime: cannot place the activity in time")


def _track(element: ET.Element, where: str, name: str) -> tuple[list[dt.datetime], list[float]]:
    """Trackpoint times and altitudes, in document order."""
    times: list[dt.datetime] = []
    altitudes: list[float] = []
    for i, point in enumerate(element.iterfind("tcx:Lap/tcx:Track/tcx:Trackpoint", NS)):
        at = f"{where}/Trackpoint[{i + 1}]"
        text = (point.findtext("tcx:Time", default="", namespaces=NS) or "").strip()
        if text:
            times.append(_time(text, f"{at}/Time", name))
        altitude = _number(point, "tcx:AltitudeMeters", at, name)
        if altitude is not None:
            altitudes.append(altitude)
    return times, altitudes


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
        time = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ImportFileError(name, where, f"expected an ISO 8601 time, got {text!r}") from exc
    return time.replace(tzinfo=dt.UTC) if time.tzinfo is None else time


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
