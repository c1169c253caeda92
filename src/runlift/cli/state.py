"""What store-backed commands share: global options, the store and the athlete they name, today, now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from runlift.app.database import Store
    from runlift.importers.driver import Limits


@dataclass
class Options:
    db: str | None = None
    athlete: str | None = None
    pager: bool = True
    runner: Path | None = None  # the default runner's file (config.toml `runner`, RUNLIFT_RUNNER)
    # RUNLIFT_IMPORT_FILE_LIMIT and RUNLIFT_IMPORT_BATCH_LIMIT as the root callback read them (parsed on use)
    import_file_limit: str | None = None
    import_batch_limit: str | None = None
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            from runlift.app.database import open_store

            self._store = open_store(self.db)
        return self._store

    def import_limits(self) -> Limits:
        """How much one import may decompress: the variables' sizes (a bad one: InputError), else the defaults."""
        from runlift.importers.driver import limits_from

        return limits_from(self.import_file_limit, self.import_batch_limit)


def options(ctx: typer.Context) -> Options:
    obj = ctx.find_root().obj
    if not isinstance(obj, Options):
        obj = Options()
        ctx.find_root().obj = obj
    return obj


def today() -> dt.date:
    from runlift.cli.dates import today as pinned_or_real

    return pinned_or_real()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def athlete(opts: Options) -> tuple[Store, int]:
    """The store and the id of the athlete the options name (or the only one)."""
    from runlift.app.athletes import find_athlete

    store = opts.store()
    return store, find_athlete(store, opts.athlete)
