"""Exercise names from app exports mapped to library ids: the name table first, then a conservative fuzzy match.

A name with no good match maps to None; the caller keeps it as a custom exercise (`custom_id`), so no
logged set is ever dropped for its name.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, TypeAlias

from rapidfuzz import fuzz, process

from runlift.core.errors import ImportFileError
from runlift.core.library import Library

How: TypeAlias = Literal["table", "fuzzy", "none"]

TABLE_FILE = "exercise_names.toml"
# token_sort_ratio (0-100) a fuzzy match must reach: a typo or reordered words pass ("Bench Pres (Barbel)"
# scores 94 against "Bench Press (Barbell)"), an added qualifier does not ("Incline Bench Press (Dumbbell)"
# scores 83 against "Bench Press (Dumbbell)").
CUTOFF = 90.0
# When the runner-up, a different exercise, scores this close to the best, the name is ambiguous.
MARGIN = 3.0
# How exports and the library's ids abbreviate (and misspell) words; expanded before comparing.
WORDS: Mapping[str, str] = {
    "db": "dumbbell",
    "dumbell": "dumbbell",
    "dumbells": "dumbbell",
    "dumbbells": "dumbbell",
    "kb": "kettlebell",
    "bb": "barbell",
    "rdl": "romanian deadlift",
    "ohp": "overhead press",
    "bss": "bulgarian split squat",
    "sl": "single leg",
    "pullup": "pull up",
    "pullups": "pull up",
    "pushup": "push up",
    "pushups": "push up",
    "chinup": "chin up",
    "banded": "band",
    "machines": "machine",
}
# An implement named on both sides must agree: "Lateral Raise (Cable)" is not the dumbbell lateral raise.
EQUIPMENT = frozenset({"barbell", "dumbbell", "kettlebell", "cable", "machine", "band", "smith", "bodyweight", "plate"})


@dataclass(frozen=True, slots=True)
class NameMatch:
    source: str  # the name as the export wrote it
    exercise_id: str | None  # None: no good match, keep it as a custom exercise
    how: How
    score: float  # 100 for a table hit; the best fuzzy score otherwise, even one that fell short


def words(name: str) -> str:
    """A name reduced to comparable words: case-folded, accents and punctuation gone, abbreviations expanded."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("'", "").replace("’", "")
    joined = " ".join(WORDS.get(w, w) for w in re.split(r"[\W_]+", text) if w)
    return re.sub(r"\b(pull|push) down\b", r"\1down", joined)  # "Lat Pull Down" is the lat pulldown


def custom_id(name: str) -> str:
    """A stable id for an exercise the library lacks.

    "Incline Bench Press (Dumbbell)" and "incline bench press - DB" both give "custom:incline-bench-press-dumbbell".
    """
    slug = "-".join(words(name).split())
    if not slug:  # a name of only emoji or punctuation: the digest keeps it stable and distinct
        slug = "x-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return f"custom:{slug}"


@cache
def name_table() -> Mapping[str, str]:
    """The packaged table of export names → library ids, keyed by `words(name)`."""
    text = resources.files("runlift.data").joinpath(TABLE_FILE).read_text(encoding="utf-8")
    try:
        names = tomllib.loads(text).get("names")
    except tomllib.TOMLDecodeError as exc:
        raise ImportFileError(TABLE_FILE, "", str(exc)) from exc
    return parse_table(names)


def parse_table(names: object) -> dict[str, str]:
    if not isinstance(names, dict):
        raise ImportFileError(TABLE_FILE, "names", f"expected a table of name = exercise id, got {names!r}")
    table: dict[str, str] = {}
    for name, exercise_id in names.items():
        if not isinstance(exercise_id, str) or not exercise_id:
            raise ImportFileError(TABLE_FILE, name, f"expected an exercise id, got {exercise_id!r}")
        key = words(name)
        if table.get(key, exercise_id) != exercise_id:
            raise ImportFileError(TABLE_FILE, name, f"expected one id per name, got {table[key]!r} and {exercise_id!r}")
        table[key] = exercise_id
    return table


def map_names(names: Iterable[str], library: Library) -> dict[str, NameMatch]:
    """Each distinct source name → its library exercise, or None with how="none"."""
    table = {key: i for key, i in name_table().items() if i in library}
    candidates = _candidates(table, library)
    return {name: _match(name, table, candidates) for name in dict.fromkeys(names)}


class NameMapper:
    """`map_names` one name at a time (names met while a file streams past), each name matched once."""

    def __init__(self, library: Library) -> None:
        self.table = {key: i for key, i in name_table().items() if i in library}
        self.candidates = _candidates(self.table, library)

    def __call__(self, name: str) -> tuple[str, str, float]:
        """(exercise id or custom id, how it matched, score)"""
        match = _match(name, self.table, self.candidates)
        return match.exercise_id or custom_id(name), match.how, float(match.score)


def _candidates(table: Mapping[str, str], library: Library) -> dict[str, str]:
    """Comparable text → id: the library's ids and names, and the table's names."""
    found: dict[str, str] = {}
    for exercise in library:
        found.setdefault(words(exercise.id), exercise.id)
        found.setdefault(words(exercise.name), exercise.id)
    for key, exercise_id in table.items():
        found.setdefault(key, exercise_id)
    return found


def _match(name: str, table: Mapping[str, str], candidates: Mapping[str, str]) -> NameMatch:
    key = words(name)
    if key in table:
        return NameMatch(name, table[key], "table", 100.0)
    ranked = process.extract(key, list(candidates), scorer=fuzz.token_sort_ratio, limit=10)
    if not ranked:
        return NameMatch(name, None, "none", 0.0)
    best_text, best, _ = ranked[0]
    exercise_id = candidates[best_text]
    runner_up = max((s for text, s, _ in ranked[1:] if candidates[text] != exercise_id), default=0.0)
    if best < CUTOFF or best - runner_up < MARGIN or not _same_equipment(key, best_text):
        return NameMatch(name, None, "none", float(best))
    return NameMatch(name, exercise_id, "fuzzy", float(best))


def _same_equipment(source: str, candidate: str) -> bool:
    named = EQUIPMENT.intersection(source.split())
    return not named or named == EQUIPMENT.intersection(candidate.split())
