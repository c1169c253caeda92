"""An athlete's runner's file by the athlete's id: its versions, one version as a document, and a
new version (checked whole first, as `runlift athlete add` checks it)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from typing import Any

from runlift.core.errors import InputError, NotFound, ProfileError
from runlift.store.repo import ProfileVersion, Store


def versions(store: Store, athlete_id: int) -> list[ProfileVersion]:
    return store.profile_versions(athlete_id)


def version(store: Store, athlete_id: int, number: int | None = None) -> ProfileVersion:
    """One version of the file (the current one when `number` is None)."""
    kept = store.profile_versions(athlete_id)
    found = kept[-1:] if number is None else [v for v in kept if v.version == number]
    if not found:
        raise NotFound("version of the runner's file", str(number if number is not None else "(none)"))
    return found[0]


def as_document(toml: str) -> dict[str, Any]:
    """A stored file as a JSON-ready document (dates as 2027-04-18): what `text_from_document` takes back."""
    doc: dict[str, Any] = _dated(tomllib.loads(toml), to_text=True)
    return doc


def text_from_document(doc: object, source: str = "body") -> str:
    """A runner's file sent as a JSON document, as the TOML the store keeps (a `date` field's text
    becomes a TOML date)."""
    import tomli_w

    if not isinstance(doc, Mapping):
        raise InputError(f"{source}: expected a runner's file as a JSON object, got {type(doc).__name__}")
    try:
        return tomli_w.dumps(_dated(doc, to_text=False))
    except (TypeError, ValueError) as exc:  # null, or a value TOML cannot hold
        raise InputError(f"{source}: expected values TOML can hold (no null), got {exc}") from None
    except RecursionError:
        raise InputError(f"{source}: expected a runner's file, got JSON nested too deep to read") from None


def save_version(
    store: Store, athlete_id: int, text: str, source: str, day: dt.date, now: dt.datetime
) -> ProfileVersion:
    """Store `text` as this athlete's file from `day` (a new version when it changed), with its plan.

    The file names its runner: it must be this athlete (`athlete.name`), never another one's."""
    from runlift.app.athletes import add_runner
    from runlift.profile_file import profile_from_text

    parsed = profile_from_text(text, source)
    name = athlete_name(store, athlete_id)
    try:
        named = store.athlete_id(parsed.athlete.name)
    except NotFound:
        named = None
    if named != athlete_id:
        cause = ProfileError("athlete.name", f"{name!r}, this athlete's name", parsed.athlete.name)
        raise InputError(f"{source}: {cause}") from cause
    _, saved = add_runner(store, text, source, day, now)
    return saved


def runner_name(text: str, source: str) -> str:
    """The runner a file names (`athlete.name`); the file is checked whole on the way."""
    from runlift.profile_file import profile_from_text

    return profile_from_text(text, source).athlete.name


def athlete_name(store: Store, athlete_id: int) -> str:
    found = [a.name for a in store.athletes() if a.id == athlete_id]
    if not found:
        raise NotFound("athlete", str(athlete_id))
    return found[0]


def _dated(value: Any, to_text: bool, key: str = "") -> Any:
    if isinstance(value, Mapping):
        return {str(k): _dated(v, to_text, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v, to_text, key) for v in value]
    if to_text and isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if not to_text and key == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # the profile's check says what is wrong with it
    return value
