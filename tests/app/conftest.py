"""Services run against a real SQLite file (tests/dbs.py), holding Maya from a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from runlift.app.athletes import add_runner, find_athlete
from runlift.store.repo import Store
from tests.conftest import MAYA, START
from tests.dbs import Databases

NOW = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)
MONDAY = START + dt.timedelta(weeks=1)  # a week into Maya's season


@pytest.fixture
def sqlite_store(databases: Databases) -> Iterator[Store]:
    store = Store.open(databases.new("sqlite"))
    try:
        yield store
    finally:
        store.engine.dispose()


@pytest.fixture
def maya_id(sqlite_store: Store) -> int:
    add_runner(sqlite_store, MAYA, "maya.toml", START, NOW)
    return find_athlete(sqlite_store, None)
