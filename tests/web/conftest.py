"""API test fixtures: the app on a real SQLite file and on a real PostgreSQL database (tests/dbs.py).

    api_client       a TestClient (httpx) on a fresh, migrated database, once per kind (sqlite, postgresql)
    api_settings     its Settings (today pinned to tests.conftest.START, a data folder in tmp_path)
    make_client      a TestClient for other settings (multi-user mode …) on the same database

The app's start-up runs (the `with` block): one Store per app, disposed at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from runlift.settings import Settings
from runlift.web import create_app
from tests.conftest import START

MakeClient = Callable[..., TestClient]


@pytest.fixture
def api_settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, today=START, data_dir=tmp_path / "data")


@pytest.fixture
def make_client(api_settings: Settings) -> Iterator[MakeClient]:
    """Clients for the same database; keywords change the settings (`make_client(multi_user=True)`)."""
    opened: list[TestClient] = []

    def make(raise_server_exceptions: bool = True, **changes: object) -> TestClient:
        settings = api_settings.model_copy(update=changes)
        client = TestClient(create_app(settings), raise_server_exceptions=raise_server_exceptions)
        client.__enter__()
        opened.append(client)
        return client

    try:
        yield make
    finally:
        while opened:
            opened.pop().__exit__(None, None, None)


@pytest.fixture
def api_client(make_client: MakeClient) -> TestClient:
    return make_client()
