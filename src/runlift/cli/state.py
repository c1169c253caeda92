"""What store-backed commands share: global options, the store and the athlete they name, today, now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from runlift.cli.dates import TODAY_ENV, parse_date

if TYPE_CHECKING:
    from runlift.store.repo import Store


@dataclass
class Options:
    db: str | None = None
    athlete: str | None = None
    pager: bool = True
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self._store is None:
            from runlift.store.repo import Store

            self._store = Store.open(self.db)
        return self._store


def options(ctx: typer.Context) -> Options:
    obj = ctx.find_root().obj
    if not isinstance(obj, Options):
        obj = Options()
        ctx.find_root().obj = obj
    return obj


def today() -> dt.date:
    return parse_date(None, TODAY_ENV)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def athlete(opts: Options) -> tuple[Store, int]:
    """The store and the id of the athlete the options name (or the only one)."""
    from runlift.app.athletes import find_athlete

    store = opts.store()
    return store, find_athlete(store, opts.athlete)
