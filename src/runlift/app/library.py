"""Browsing the exercise library: filters that say when a word is not one they know."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from runlift.app.errors import NotOneOf
from runlift.core.library import Equipment, Exercise, Library, Pattern


def _one_of(field: str, given: str, known: Iterable[str]) -> str:
    values = list(known)
    answer = given.strip().lower()
    if answer in values:
        return answer
    close = difflib.get_close_matches(answer, values, n=1, cutoff=0.6)
    raise NotOneOf(field, given, tuple(values), close[0] if close else None)


def display_names(ids: Iterable[str]) -> dict[str, str]:
    """Each exercise id's name in the library, by id; the runner's own exercises (not in it) keep their id."""
    from runlift.data import library

    known = library().exercises
    return {e: known[e].name if e in known else e for e in sorted(set(ids))}


def browse(
    library: Library, pattern: str | None = None, equipment: str | None = None, search: str | None = None
) -> list[Exercise]:
    """Exercises of a pattern, doable with the equipment listed (comma-separated; '' or 'none' for
    bodyweight only), whose id, name or cues contain every word searched."""
    chosen = list(library)
    if pattern is not None:
        wanted = Pattern(_one_of("pattern", pattern, (p.value for p in Pattern)))
        chosen = [e for e in chosen if e.pattern is wanted]
    if equipment is not None:
        words = [w for w in equipment.split(",") if w.strip() and w.strip().lower() not in ("none", "bodyweight")]
        owned = frozenset(Equipment(_one_of("equipment", w, (x.value for x in Equipment))) for w in words)
        chosen = [e for e in chosen if e.usable_with(owned)]
    if search is not None:
        words = search.lower().split()
        chosen = [e for e in chosen if all(w in " ".join((e.id, e.name, *e.cues)).lower() for w in words)]
    return chosen


def chain(library: Library, exercise: Exercise) -> tuple[Exercise, ...]:
    """Its whole regression chain, easiest first, the exercise itself included."""
    return (*reversed(library.regressions(exercise.id)), exercise, *library.progressions(exercise.id))


def catalogue(pattern: str | None = None, equipment: str | None = None, search: str | None = None) -> list[Exercise]:
    """The library as the Library page and its JSON twin list it (`browse`'s filters): by pattern in the
    library's order, the most running-specific first within a pattern (SEL-3, SEL-4, SEL-5), then by name."""
    from runlift.data import library

    order = {p: i for i, p in enumerate(Pattern)}
    found = browse(library(), pattern, equipment, search)
    return sorted(found, key=lambda e: (order[e.pattern], -e.specificity, e.name))


def exercise(query: str) -> tuple[Exercise, tuple[Exercise, ...]]:
    """One exercise, found by id, name or abbreviation (`Library.find`), and its whole chain, easiest first."""
    from runlift.data import library

    lib = library()
    found = lib.find(query)
    return found, chain(lib, found)


@dataclass(frozen=True, slots=True)
class Shelf:
    """One pattern's exercises, the most running-specific first, each with its chain, easiest first."""

    pattern: Pattern
    exercises: tuple[tuple[Exercise, tuple[Exercise, ...]], ...]


def shelves(pattern: str | None = None, equipment: str | None = None, search: str | None = None) -> list[Shelf]:
    """The Library page: `catalogue`'s exercises by pattern, each with its regression chain."""
    from runlift.data import library

    lib = library()
    out: dict[Pattern, list[tuple[Exercise, tuple[Exercise, ...]]]] = {}
    for e in catalogue(pattern, equipment, search):
        out.setdefault(e.pattern, []).append((e, chain(lib, e)))
    return [Shelf(p, tuple(xs)) for p, xs in out.items()]
