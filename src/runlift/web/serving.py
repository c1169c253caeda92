"""`runlift serve`: check the deployment makes sense, bring the schema to head once, start uvicorn.

Single-user mode (the default) has no login, so it listens on loopback only; multi-user mode needs
PostgreSQL (several app processes, many people) and a shared secret key."""

from __future__ import annotations

import ipaddress
import os

from runlift.core.errors import InputError
from runlift.settings import PREFIX, Settings

FACTORY = "runlift.web:app_from_env"
LOOPBACK_NAMES = ("localhost",)


def check(settings: Settings, host: str, workers: int) -> None:
    """Refuse a deployment that would be unsafe or cannot work, with the flag to change."""
    from runlift.store.db import database_url

    url = database_url(settings.database())
    if settings.multi_user and url.startswith("sqlite"):
        raise InputError(
            "--multi-user: expected a PostgreSQL database (--db postgresql://…), got SQLite, which serves "
            "one runner on this machine"
        )
    if not settings.multi_user and not is_loopback(host):
        raise InputError(
            f"--host: expected a loopback address (127.0.0.1, ::1, localhost) without --multi-user, got {host!r}: "
            "single-user mode has no login"
        )
    if workers < 1:
        raise InputError(f"--workers: expected 1 or more, got {workers}")
    if workers > 1 and url.startswith("sqlite"):
        raise InputError(
            f"--workers: expected 1 on SQLite (one writer at a time), got {workers}; PostgreSQL serves several"
        )
    if settings.multi_user:
        settings.secret()


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def environment(settings: Settings) -> dict[str, str]:
    """The RUNLIFT_* variables that give every worker process these settings."""
    values = {
        "DATABASE_URL": settings.database(),
        "DATA_DIR": str(settings.data_dir),
        "MULTI_USER": "1" if settings.multi_user else "0",
        "DEBUG": "1" if settings.debug else "0",
    }
    if settings.today:
        values["TODAY"] = settings.today.isoformat()
    if settings.secret_key:
        values["SECRET_KEY"] = settings.secret_key.get_secret_value()
    return {PREFIX + k: v for k, v in values.items()}


def ready(url: str) -> None:
    """The schema at head before any app process starts (they never migrate): SQLite (one process, one
    runner) is upgraded here as every command upgrades it; PostgreSQL is the operator's to upgrade
    (`runlift db upgrade`), so a database below head is refused."""
    from runlift.store.db import SchemaOutOfDate, database_url
    from runlift.store.repo import Store

    sqlite = database_url(url).startswith("sqlite")
    try:
        Store.open(url, migrate=sqlite).engine.dispose()
    except SchemaOutOfDate as exc:
        raise InputError(f"--db: {exc}; upgrade it first: runlift db upgrade") from exc


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Check, bring the schema to head (see `ready`), then start uvicorn's workers from the app factory."""
    import uvicorn

    from runlift.web.tcp import NoDelayHTTP

    check(settings, host, workers)
    ready(settings.database())
    os.environ.update(environment(settings))  # workers are new processes: settings go by environment
    uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=workers, log_level="info", http=NoDelayHTTP)
