"""/athletes: the athletes the caller may see, and adding one from a runner's file or from their backup;
the runner's file of one athlete, versioned (every change is a new version; the history stays)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from runlift.app import profiles
from runlift.settings import Settings
from runlift.store.repo import ProfileVersion
from runlift.web.bodies import MAYA_JSON, MAYA_TOML, RUNNER_FILE_BODY, RunnerFile, limited, runner_file
from runlift.web.deps import (
    READ,
    WRITE,
    Caller,
    StoreDep,
    TodayDep,
    adopt,
    athlete_for,
    caller_for,
    get_settings,
    may_add,
    visible_athletes,
)
from runlift.web.idempotency import IdempotencyKey, written
from runlift.web.problems import RESPONSES, TOO_LARGE

router = APIRouter(tags=["athletes"], responses=RESPONSES)
Reader = Annotated[int, Depends(athlete_for(READ))]
Writer = Annotated[int, Depends(athlete_for(WRITE))]
FileBody = Annotated[RunnerFile, Depends(runner_file)]
ValidFrom = Annotated[
    dt.date | None, Query(description="The day this version applies from. Default: today.", examples=["2026-11-30"])
]


class Athlete(BaseModel):
    id: int = Field(examples=[1])
    name: str = Field(examples=["Maya"])
    versions: int = Field(description="Versions of the runner's file kept.", examples=[2])


class Saved(BaseModel):
    """A runner's file stored: a new version when it changed, else the current one."""

    athlete_id: int = Field(examples=[1])
    name: str = Field(examples=["Maya"])
    version: int = Field(examples=[2])
    valid_from: dt.date = Field(examples=["2026-11-30"])
    changed: bool = Field(description="False: the file was the current version already.", examples=[True])


class VersionInfo(BaseModel):
    version: int = Field(examples=[1])
    valid_from: dt.date = Field(examples=["2026-11-30"])


class RunnerFileVersion(VersionInfo):
    athlete_id: int = Field(examples=[1])
    toml: str = Field(description="The file as stored.", examples=[MAYA_TOML])
    document: dict[str, Any] = Field(description="The same file as JSON (what PUT takes).", examples=[MAYA_JSON])


def _saved(name: str, saved: ProfileVersion) -> Saved:
    return Saved(
        athlete_id=saved.athlete_id,
        name=name,
        version=saved.version,
        valid_from=saved.valid_from,
        changed=saved.created,
    )


def _version(v: ProfileVersion) -> RunnerFileVersion:
    return RunnerFileVersion(
        athlete_id=v.athlete_id,
        version=v.version,
        valid_from=v.valid_from,
        toml=v.toml,
        document=profiles.as_document(v.toml),
    )


@router.get("/athletes", summary="The athletes you may see")
def list_athletes(store: StoreDep, caller: Annotated[Caller, Depends(caller_for(READ))]) -> list[Athlete]:
    visible = visible_athletes(store, caller)
    return [
        Athlete(id=a.id, name=a.name, versions=a.versions)
        for a in store.athletes()
        if visible is None or a.id in visible
    ]


@router.post(
    "/athletes",
    status_code=201,
    response_model=Saved,
    summary="Add an athlete from a runner's file (or a new version of one you have)",
    openapi_extra=RUNNER_FILE_BODY,
    responses=TOO_LARGE,
)
def add_athlete(
    request: Request,
    store: StoreDep,
    day: TodayDep,
    body: FileBody,
    key: IdempotencyKey = None,
    valid_from: ValidFrom = None,
    caller: Caller = Depends(caller_for(WRITE)),  # noqa: B008  (FastAPI's way)
) -> Response:
    from runlift.app.athletes import add_runner

    def write() -> Saved:
        may_add(store, caller, profiles.runner_name(body.text, "body"))  # not someone else's athlete
        name, saved = add_runner(store, body.text, "body", valid_from or day, _now())
        adopt(store, caller, saved.athlete_id)
        return _saved(name, saved)

    return written(store, request, key, body.raw, write, scope=f"caller:{caller.user_id or 'local'}")


class Restored(BaseModel):
    athlete_id: int = Field(description="The runner's id here (a new one).", examples=[2])
    name: str = Field(examples=["Maya"])


MAX_BACKUP = 256 * 1024**2  # bytes: a runner's ten years of log is a few MB
BACKUP_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "A runlift backup of one athlete (format runlift-backup), as GET "
                    "/athletes/{athlete_id}/exports/backup gives it.",
                }
            }
        },
    }
}


@router.post(
    "/athletes/restore",
    status_code=201,
    response_model=Restored,
    summary="Add a runner from their backup (GET …/exports/backup), all or nothing",
    openapi_extra=BACKUP_BODY,
    responses=TOO_LARGE,
)
async def restore_runner(
    request: Request,
    store: StoreDep,
    settings: Annotated[Settings, Depends(get_settings)],
    caller: Caller = Depends(caller_for(WRITE)),  # noqa: B008  (FastAPI's way)
) -> Restored:
    """The backup is read to a file as it arrives (at most RUNLIFT_UPLOAD_LIMIT, and 256 MB), checked whole,
    then the runner, their files, plans and log written in one transaction, the caller their owner
    (multi-user). Refused with nothing written (422): not a runlift backup, a whole server's backup (`runlift
    restore` loads those into an empty database), or a runner of that name here already; past the size
    limit, 413, the rest of the body unread."""
    from starlette.concurrency import run_in_threadpool

    from runlift.app.backup import restore_runner as restore
    from runlift.web.problems import UnsupportedMedia

    media = request.headers.get("content-type", "")
    if not media.lower().startswith("application/json"):
        raise UnsupportedMedia(f"body: expected application/json (a runlift backup), got {media or 'none'!r}")
    with tempfile.TemporaryDirectory(prefix="runlift-restore-") as folder:
        path = FilePath(folder) / "backup.json"
        await spool(request.stream(), path, backup_limit(settings))
        athlete_id, name = await run_in_threadpool(restore, store, path, caller.user_id, "backup")
    return Restored(athlete_id=athlete_id, name=name)


def backup_limit(settings: Settings) -> int:
    return min(int(settings.upload_limit), MAX_BACKUP)


async def spool(chunks: AsyncIterator[bytes], path: FilePath, limit: int) -> None:
    """Write an upload to `path` as it arrives; refused (413, nothing kept) once past `limit` bytes."""
    refusal = f"body: expected a backup of at most {limit // 1024**2} MB, got more"
    with path.open("wb") as out:
        async for chunk in limited(chunks, limit, refusal):
            out.write(chunk)


@router.get("/athletes/{athlete_id}/profile", summary="The runner's file now")
def current_file(athlete_id: Reader, store: StoreDep) -> RunnerFileVersion:
    return _version(profiles.version(store, athlete_id))


@router.get("/athletes/{athlete_id}/profile/versions", summary="Every version of the runner's file")
def file_versions(athlete_id: Reader, store: StoreDep) -> list[VersionInfo]:
    return [VersionInfo(version=v.version, valid_from=v.valid_from) for v in profiles.versions(store, athlete_id)]


@router.get("/athletes/{athlete_id}/profile/versions/{version}", summary="One version of the runner's file")
def file_version(
    athlete_id: Reader, store: StoreDep, version: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> RunnerFileVersion:
    return _version(profiles.version(store, athlete_id, version))


@router.put(
    "/athletes/{athlete_id}/profile",
    response_model=Saved,
    summary="Store a new version of the runner's file (checked whole first; unchanged: nothing stored)",
    openapi_extra=RUNNER_FILE_BODY,
    responses=TOO_LARGE,
)
def save_file(
    request: Request,
    athlete_id: Writer,
    store: StoreDep,
    day: TodayDep,
    body: FileBody,
    key: IdempotencyKey = None,
    valid_from: ValidFrom = None,
) -> Response:
    def write() -> Saved:
        saved = profiles.save_version(store, athlete_id, body.text, "body", valid_from or day, _now())
        return _saved(profiles.athlete_name(store, athlete_id), saved)

    return written(store, request, key, body.raw, write, status=200, athlete_id=athlete_id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
