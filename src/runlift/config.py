"""The user's config file: defaults read before RUNLIFT_* variables and flags (the later wins).

`config.toml` in platformdirs' config folder (`~/.config/runlift/` on Linux), or the file named
by RUNLIFT_CONFIG:

    database = "sqlite:////home/maya/runlift.db"   # default for --db
    athlete = "Maya"                               # default for --athlete
    runner = "~/maya.toml"                         # default runner's file for plan
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from runlift.core.errors import InputError

CONFIG_ENV = "RUNLIFT_CONFIG"
KEYS = ("database", "athlete", "runner")


@dataclass(frozen=True, slots=True)
class Settings:
    database: str | None = None
    athlete: str | None = None
    runner: Path | None = None
    path: Path | None = None  # the file they came from, for messages


def config_path() -> Path:
    given = os.environ.get(CONFIG_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("runlift", appauthor=False)) / "config.toml"


def load_settings() -> Settings:
    """The config file's values, then RUNLIFT_ATHLETE / RUNLIFT_RUNNER over them (flags win later)."""
    path = config_path()
    doc: dict[str, object] = {}
    if path.is_file():
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"{path}: not a valid config file ({exc})") from exc
        unknown = sorted(set(doc) - set(KEYS))
        if unknown:
            raise InputError(f"{path}: expected keys {', '.join(KEYS)}, got {unknown[0]!r}")
        for key, value in doc.items():
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"{path}: {key}: expected a text value, got {value!r}")
    database = _text(doc, "database")
    athlete = os.environ.get("RUNLIFT_ATHLETE") or _text(doc, "athlete")
    runner_text = os.environ.get("RUNLIFT_RUNNER") or _text(doc, "runner")
    runner = Path(runner_text).expanduser() if runner_text else None
    return Settings(database, athlete, runner, path if doc else None)


def _text(doc: dict[str, object], key: str) -> str | None:
    value = doc.get(key)
    return value if isinstance(value, str) else None
