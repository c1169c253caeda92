"""Backing up everything in the store, and restoring a backup into an empty one, or one runner's backup
beside the runners here (store/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runlift.store.repo import Store


def backup(store: Store, athlete_id: int | None = None) -> dict[str, Any]:
    """Every athlete (or only `athlete_id`) with their files, plans, log and imports, as one
    versioned JSON document."""
    from runlift.store.backup import dump

    return dump(store, athlete_id)


def restore(store: Store, source: dict[str, Any] | Path) -> int:
    """Load a backup (a document, or a file read as a stream) into an empty store, all or nothing:
    checked whole first, then written in one transaction. Returns how many athletes it held."""
    from runlift.store.backup import restore as load

    return load(store, source)


def restore_runner(
    store: Store, source: dict[str, Any] | Path, owner: int | None = None, called: str = ""
) -> tuple[int, str]:
    """Add the runner of a one-athlete backup (Settings' backup download) beside those here, all or nothing,
    owned by `owner` (multi-user mode); refused, nothing written, when a runner of that name is here or the
    backup is a whole server's. `called`: what its problems call the file. Returns their new id and name."""
    from runlift.store.backup import restore_runner as load

    return load(store, source, owner, called)
