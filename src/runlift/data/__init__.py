"""The package's data files (exercises, rules), read and validated into core values."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from enum import Enum
from functools import cache
from importlib import resources
from typing import TypeVar

from runlift.core.errors import InputError, LibraryError
from runlift.core.library import (
    BodyArea,
    CoreType,
    Equipment,
    Exercise,
    Intensity,
    Level,
    Library,
    LiftRatio,
    LoadType,
    Measure,
    Pattern,
    Position,
    Region,
    Trait,
)
from runlift.core.rules import Rule, RuleBook, Source

E = TypeVar("E", bound=Enum)
EXERCISE_FIELDS = {
    "id",
    "name",
    "pattern",
    "core_types",
    "region",
    "unilateral",
    "position",
    "equipment",
    "load_type",
    "skill",
    "traits",
    "stresses",
    "regression",
    "progression",
    "cues",
    "foot_contacts",
    "measure",
    "intensity",
    "eccentric",
}
OPTIONAL_FIELDS = {"measure", "intensity", "eccentric"}
BANNED_WORDS = ("snatch", "clean", "jerk")  # SEL-11: no Olympic lifts


def _read(name: str) -> dict[str, object]:
    text = resources.files("runlift.data").joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{name}: {exc}") from exc


@cache
def library() -> Library:
    """The built-in exercise library, validated."""
    return parse_library(_read("exercises.toml"))


@cache
def rulebook() -> RuleBook:
    """The built-in rule book (RULES.md's ids with runner-facing text)."""
    return parse_rules(_read("rules.toml"))


def parse_library(doc: Mapping[str, object]) -> Library:
    entries = doc.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise LibraryError("-", "exercise", "a list of [[exercise]] tables", entries)
    exercises: dict[str, Exercise] = {}
    for i, entry in enumerate(entries):
        exercise = _exercise(entry, i)
        if exercise.id in exercises:
            raise LibraryError(exercise.id, "id", "a unique id", exercise.id)
        exercises[exercise.id] = exercise
    _check_chains(exercises)
    ratios, aliases = parse_lift_names(_read("lift_ratios.toml"), exercises)
    return Library.of(exercises.values(), ratios, aliases)


def parse_lift_names(
    doc: Mapping[str, object], exercises: Mapping[str, Exercise]
) -> tuple[dict[str, LiftRatio], dict[str, tuple[str, ...]]]:
    """lift_ratios.toml: [family.NAME] id = ratio (one hub at 1.0 each) and [aliases] name = [ids]."""
    families, aliases = doc.get("family", {}), doc.get("aliases", {})
    if not isinstance(families, Mapping) or not isinstance(aliases, Mapping):
        raise InputError("lift_ratios.toml: expected [family.*] and [aliases] tables")
    ratios: dict[str, LiftRatio] = {}
    for family, members in families.items():
        if not isinstance(members, Mapping) or 1.0 not in members.values():
            raise InputError(f"lift_ratios.toml: family.{family}: expected a table with one hub lift at 1.0")
        for exercise_id, ratio in members.items():
            where = f"lift_ratios.toml: family.{family}.{exercise_id}"
            if exercise_id not in exercises or exercise_id in ratios:
                raise InputError(f"{where}: expected an exercise id of the library, once, got {exercise_id!r}")
            if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 < ratio <= 3:
                raise InputError(f"{where}: expected a ratio between 0 and 3, got {ratio!r}")
            ratios[exercise_id] = LiftRatio(str(family), float(ratio))
    names: dict[str, tuple[str, ...]] = {}
    for name, ids in aliases.items():
        if not isinstance(ids, list) or not ids or any(i not in exercises for i in ids):
            raise InputError(f"lift_ratios.toml: aliases.{name}: expected a list of exercise ids, got {ids!r}")
        names[str(name)] = tuple(ids)
    return ratios, names


def _exercise(entry: object, index: int) -> Exercise:
    if not isinstance(entry, Mapping):
        raise LibraryError(f"#{index}", "-", "a table", entry)
    key = str(entry.get("id", f"#{index}"))
    missing = EXERCISE_FIELDS - OPTIONAL_FIELDS - set(entry)
    if missing:
        raise LibraryError(key, sorted(missing)[0], "a value", None)
    unknown = set(entry) - EXERCISE_FIELDS
    if unknown:
        raise LibraryError(key, sorted(unknown)[0], "no such field", entry[sorted(unknown)[0]])

    def text(field: str) -> str:
        value = entry[field]
        if not isinstance(value, str):
            raise LibraryError(key, field, "a text", value)
        return value

    def flag(field: str) -> bool:
        value = entry[field]
        if not isinstance(value, bool):
            raise LibraryError(key, field, "true or false", value)
        return value

    def one(kind: type[E], field: str) -> E:
        return _member(kind, key, field, entry.get(field))

    def many(kind: type[E], field: str) -> frozenset[E]:
        value = entry[field]
        if not isinstance(value, list):
            raise LibraryError(key, field, "a list", value)
        return frozenset(_member(kind, key, f"{field}[{i}]", v) for i, v in enumerate(value))

    if not key or key != key.lower() or " " in key:
        raise LibraryError(key, "id", "a lower-case slug", key)
    name = text("name")
    if any(word in f"{key} {name}".lower() for word in BANNED_WORDS):
        raise LibraryError(key, "name", "no Olympic lifts (SEL-11)", name)
    cues = entry["cues"]
    if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c for c in cues):
        raise LibraryError(key, "cues", "a non-empty list of texts", cues)
    contacts = entry["foot_contacts"]
    pattern = one(Pattern, "pattern")
    if isinstance(contacts, bool) or not isinstance(contacts, int) or contacts < 0:
        raise LibraryError(key, "foot_contacts", "a whole number of 0 or more", contacts)
    if (pattern is Pattern.PLYOMETRIC) != (contacts > 0):
        raise LibraryError(key, "foot_contacts", "more than 0 for plyometrics and 0 otherwise", contacts)
    intensity = None if "intensity" not in entry else one(Intensity, "intensity")
    if (pattern is Pattern.PLYOMETRIC) != (intensity is not None):
        raise LibraryError(key, "intensity", "low, moderate or high for plyometrics, and absent otherwise", intensity)
    eccentric = entry.get("eccentric", False)
    if not isinstance(eccentric, bool):
        raise LibraryError(key, "eccentric", "true or false", eccentric)
    core_types = many(CoreType, "core_types")
    if pattern in (Pattern.CORE, Pattern.CARRY) and not core_types:
        raise LibraryError(key, "core_types", "at least one core type for core and carry exercises", [])
    return Exercise(
        id=key,
        name=name,
        pattern=pattern,
        core_types=core_types,
        region=one(Region, "region"),
        unilateral=flag("unilateral"),
        position=one(Position, "position"),
        equipment=many(Equipment, "equipment"),
        load_type=one(LoadType, "load_type"),
        skill=one(Level, "skill"),
        traits=many(Trait, "traits"),
        stresses=many(BodyArea, "stresses"),
        regression=text("regression") or None,
        progression=text("progression") or None,
        cues=tuple(cues),
        foot_contacts=contacts,
        measure=_member(Measure, key, "measure", entry.get("measure", "reps")),
        intensity=intensity,
        eccentric=eccentric,
    )


def _member(kind: type[E], key: str, field: str, value: object) -> E:
    for member in kind:
        if member.value == value:
            return member
    raise LibraryError(key, field, "one of " + ", ".join(m.value for m in kind), value)


def _check_chains(exercises: Mapping[str, Exercise]) -> None:
    """Links point at real exercises of the same pattern, agree both ways and never loop (MOD-2)."""
    for e in exercises.values():
        for field, target in (("regression", e.regression), ("progression", e.progression)):
            if target is None:
                continue
            if target not in exercises:
                raise LibraryError(e.id, field, "the id of an exercise in the library", target)
            if exercises[target].pattern is not e.pattern:
                raise LibraryError(e.id, field, f"an exercise of pattern {e.pattern.value}", target)
        if e.progression is not None and exercises[e.progression].regression != e.id:
            raise LibraryError(
                e.progression,
                "regression",
                f"{e.id!r} (its progression points here)",
                exercises[e.progression].regression,
            )
        seen = {e.id}
        step = e.regression
        while step is not None:
            if step in seen:
                raise LibraryError(e.id, "regression", "a chain without loops", step)
            seen.add(step)
            step = exercises[step].regression


def parse_rules(doc: Mapping[str, object]) -> RuleBook:
    sources_doc = doc.get("sources")
    rules_doc = doc.get("rule")
    families_doc = doc.get("families", {})
    if not isinstance(sources_doc, Mapping) or not isinstance(rules_doc, list) or not isinstance(families_doc, Mapping):
        raise InputError("rules.toml: expected [sources.*], [families.*] and [[rule]] tables")
    sources = {
        k: Source(k, str(v.get("title", "")), str(v.get("author", "")), tuple(v.get("cites", ())))
        for k, v in sources_doc.items()
        if isinstance(v, Mapping)
    }
    rules: dict[str, Rule] = {}
    for entry in rules_doc:
        if not isinstance(entry, Mapping) or not entry.get("id"):
            raise InputError(f"rules.toml: each [[rule]] needs an id, got {entry!r}")
        rule = Rule(
            id=str(entry["id"]),
            family=str(entry.get("family", "")),
            title=str(entry.get("title", "")),
            text=str(entry.get("text", "")),
            plain=str(entry.get("plain", "")),
            sources=tuple(entry.get("sources", ())),
            cites=tuple(entry.get("cites", ())),
        )
        unknown = [s for s in rule.sources if s not in sources]
        if unknown or not rule.text or not rule.plain:
            raise InputError(
                f"rules.toml: rule {rule.id}: expected text, plain and known sources, "
                f"got sources {list(rule.sources)!r}"
            )
        rules[rule.id] = rule
    families = {k: str(v.get("name", k)) for k, v in families_doc.items() if isinstance(v, Mapping)}
    return RuleBook(rules, sources, families)
