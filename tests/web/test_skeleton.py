"""The app's skeleton: health, OpenAPI, problem+json for every kind of error, the settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import TimeoutError as PoolTimeout

from runlift.core.errors import InputError, NotFound, ProfileError
from runlift.settings import Settings, load, stored_secret
from runlift.web.serving import check, is_loopback
from tests.web.conftest import MakeClient

PROBLEM = "application/problem+json"


def test_health_answers_with_the_database_kind(api_client: TestClient, db_url: str):
    got = api_client.get("/api/v1/health")
    assert got.status_code == 200
    assert got.json()["database"] == ("sqlite" if db_url.startswith("sqlite") else "postgresql")


def test_openapi_and_docs_are_served(api_client: TestClient):
    doc = api_client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "runlift" and "/api/v1/health" in doc["paths"]
    assert api_client.get("/api/docs").status_code == 200


def test_every_operation_documents_its_errors_as_problems(api_client: TestClient):
    """The accounts, coaching, imports and activities routers once documented FastAPI's default 422
    (HTTPValidationError, `detail` a list) while answering problem+json: schemathesis found it."""
    doc = api_client.get("/api/v1/openapi.json").json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status[:1] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
                    assert response["content"]["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"
                    }, (method, path, status)


def _raising(exc: Exception):
    def route() -> None:
        raise exc

    return route


@pytest.mark.parametrize(
    ("exc", "status", "kind", "detail"),
    [
        (InputError("reps: expected 1 to 100,\ngot 0"), 422, "bad-input", "reps: expected 1 to 100, got 0"),
        (ProfileError("athlete.age", "a number", "x"), 422, "bad-input", "athlete.age: expected a number, got 'x'"),
        (NotFound("athlete", "7"), 404, "not-found", "no athlete '7'"),
        (
            PoolTimeout("QueuePool limit of size 5 overflow 10 reached"),
            503,
            "unavailable",
            "database: QueuePool limit of size 5 overflow 10 reached",
        ),
        (RuntimeError("secret internals"), 500, "internal", "unexpected error; the server's log has it"),
    ],
)
def test_errors_are_problem_json_with_one_line(
    make_client: MakeClient, exc: Exception, status: int, kind: str, detail: str
):
    client = make_client(raise_server_exceptions=False)
    client.app.add_api_route("/api/v1/boom", _raising(exc))  # type: ignore[attr-defined]
    client.app.add_api_route("/boom", _raising(exc))  # type: ignore[attr-defined]  # a page's (#13)
    page = client.get("/boom")
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert detail.replace("'", "&#39;") in page.text and "Traceback" not in page.text
    got = client.get("/api/v1/boom")
    assert got.status_code == status and got.headers["content-type"] == PROBLEM
    body = got.json()
    assert body["type"] == f"urn:runlift:problem:{kind}" and body["status"] == status
    assert body["detail"] == detail and "Traceback" not in got.text
    if isinstance(exc, ProfileError):
        assert body["field"] == "athlete.age"
    if status == 503:
        assert got.headers["retry-after"] == "1"


def test_unknown_routes_and_methods_are_problems(api_client: TestClient):
    got = api_client.get("/api/v1/nowhere")
    assert got.status_code == 404 and got.headers["content-type"] == PROBLEM
    got = api_client.post("/api/v1/health")
    assert got.status_code == 405 and got.headers["content-type"] == PROBLEM


def test_settings_read_the_environment_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("RUNLIFT_TODAY", "2027-04-18")
    monkeypatch.setenv("RUNLIFT_DATA_DIR", str(tmp_path))
    settings = load()
    assert settings.day() == dt.date(2027, 4, 18)
    assert settings.database() == f"sqlite:///{tmp_path / 'runlift.db'}"
    monkeypatch.setenv("RUNLIFT_TODAY", "today")
    assert load().today is None
    monkeypatch.setenv("RUNLIFT_TODAY", "April")
    with pytest.raises(InputError, match=r"^RUNLIFT_TODAY: expected a date like 2027-04-18, got 'April'$"):
        load()


def test_the_secret_key(tmp_path: Path):
    first = stored_secret(tmp_path)
    assert len(first) >= 32 and stored_secret(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    with pytest.raises(InputError, match="RUNLIFT_SECRET_KEY: expected a secret shared"):
        Settings(multi_user=True, data_dir=tmp_path).secret()
    with pytest.raises(InputError, match="at least 32 characters"):
        Settings(secret_key="short", data_dir=tmp_path).secret()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("host", "multi", "db", "workers", "message"),
    [
        ("0.0.0.0", False, "sqlite:///x.db", 1, "--host: expected a loopback address"),
        ("127.0.0.1", True, "sqlite:///x.db", 1, "--multi-user: expected a PostgreSQL database"),
        ("127.0.0.1", False, "sqlite:///x.db", 2, "--workers: expected 1 on SQLite"),
    ],
)
def test_serve_refuses_an_unsafe_deployment(
    tmp_path: Path, host: str, multi: bool, db: str, workers: int, message: str
):
    settings = Settings(database_url=db, multi_user=multi, data_dir=tmp_path, secret_key="k" * 40)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=message):
        check(settings, host, workers)


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.2", "example.org", ""))


def test_serve_upgrades_sqlite_and_refuses_postgresql_below_head(empty_db_url: str):
    from runlift.store.repo import Store
    from runlift.web.serving import ready

    if empty_db_url.startswith("sqlite"):
        ready(empty_db_url)  # one process for one runner: upgraded as every command upgrades it
        Store.open(empty_db_url, migrate=False).engine.dispose()
    else:
        with pytest.raises(InputError, match=r"^--db: the database is empty .*; upgrade it first: runlift db upgrade$"):
            ready(empty_db_url)


def test_the_server_words_a_database_it_cannot_use_with_its_setting(tmp_path: Path, empty_db_url: str):
    """The CLI says `--db: …` (tests/cli/test_worded.py); an app process names RUNLIFT_DATABASE_URL."""
    import json

    from fastapi.testclient import TestClient

    from runlift.store.errors import DatabaseUnusable
    from runlift.web import create_app
    from runlift.web.problems import runlift_error

    missing = Settings(database_url=f"sqlite:///{tmp_path / 'no' / 'such' / 'runlift.db'}", data_dir=tmp_path)
    with pytest.raises(InputError, match=r"^RUNLIFT_DATABASE_URL: the folder '.*/no/such' does not exist$"):
        TestClient(create_app(missing)).__enter__()
    empty = Settings(database_url=empty_db_url, data_dir=tmp_path)
    with pytest.raises(InputError, match=r"^RUNLIFT_DATABASE_URL: the database is empty .*: runlift db upgrade$"):
        TestClient(create_app(empty)).__enter__()
    answer = runlift_error(None, DatabaseUnusable("cannot open sqlite:///x.db: disk I/O error"))  # type: ignore[arg-type]
    assert answer.status_code == 503
    assert json.loads(answer.body)["detail"] == "RUNLIFT_DATABASE_URL: cannot open sqlite:///x.db: disk I/O error"


def test_import_limits_are_settings_passed_down(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """RUNLIFT_IMPORT_FILE_LIMIT and RUNLIFT_IMPORT_BATCH_LIMIT are read here, at the edge (the importer
    reads no variable: it takes Limits); a bad size is one line naming the variable."""
    from runlift.importers.driver import BATCH_LIMIT, FILE_LIMIT, Limits, MiB

    monkeypatch.setenv("RUNLIFT_DATA_DIR", str(tmp_path))
    assert load().import_limits() == Limits(FILE_LIMIT, BATCH_LIMIT)
    monkeypatch.setenv("RUNLIFT_IMPORT_FILE_LIMIT", "2M")
    monkeypatch.setenv("RUNLIFT_IMPORT_BATCH_LIMIT", "1g")
    assert load().import_limits() == Limits(2 * MiB, 1024 * MiB)
    monkeypatch.setenv("RUNLIFT_IMPORT_BATCH_LIMIT", "12X")
    with pytest.raises(
        InputError, match=r"^RUNLIFT_IMPORT_BATCH_LIMIT: expected a size in bytes like 512M or 2G, got '12X'$"
    ):
        load()
