"""Imports over HTTP: an upload becomes a job (app/jobs.py) that a worker runs outside the request.

    POST /athletes/{id}/imports           multipart/form-data, one or more `files` parts (FIT, GPX, TCX,
                                          Strong/Hevy/Strava CSV, .gz, .zip exports): 202, the job and its
                                          Location; with an Idempotency-Key already used: the same job
    GET  /athletes/{id}/imports           the athlete's latest jobs
    GET  /athletes/{id}/imports/{job_id}  status, progress (bytes), the summary with each file's problem

The body is read as it arrives: parts wait in temporary files (in memory up to 1 MiB each), never
whole in memory, and the upload stops at RUNLIFT_UPLOAD_LIMIT (413). The files are checked
(app/uploads.py: zip slip, a zip bomb by its headers, XML with a DTD → 422, nothing stored), then
stored with their job in one transaction; the request's own process is told to start it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from runlift.app.jobs import Job
from runlift.app.uploads import UploadTooLarge
from runlift.settings import Settings
from runlift.web.bodies import limited
from runlift.web.deps import READ, WRITE, StoreDep, athlete_for, get_settings
from runlift.web.problems import MEDIA_TYPE, RESPONSES, Problem, one_line, problem

router = APIRouter(tags=["imports"], responses=RESPONSES)
MAX_FILES = 1000


class Progress(BaseModel):
    done: int = Field(description="Bytes of the upload read so far.", examples=[1048576])
    total: int = Field(description="Bytes uploaded.", examples=[4194304])


class UploadedFile(BaseModel):
    name: str = Field(examples=["export_12345.zip"])
    size: int = Field(description="Bytes.", examples=[4194304])


class FileProblem(BaseModel):
    path: str = Field(description="The file, `archive!member` inside archives.", examples=["export.zip!a/1.fit"])
    reason: str = Field(examples=["export.zip!a/1.fit: not a FIT file (bad header)"])


class Matched(BaseModel):
    path: str
    activities: list[int] = Field(description="The stored activities this file's content matched.")


class Summary(BaseModel):
    """What the import did: files = imported + duplicates + len(skipped)."""

    files: int
    imported: int
    duplicates: int = Field(description="Files whose content (or every activity in them) was already stored.")
    skipped: list[FileProblem] = Field(description="Files not imported, each with its reason; nothing of them kept.")
    matched: list[Matched]
    warnings: list[FileProblem] = Field(description="Files imported with a caveat (a damaged FIT file …).")
    activities: list[int]


class ImportJob(BaseModel):
    id: int = Field(examples=[7])
    status: Literal["queued", "running", "done", "failed"] = Field(
        description="queued → running → done, or failed (nothing could be imported, or the import stopped)."
    )
    progress: Progress
    attempts: int = Field(description="Workers that started it (more than one: a worker died and another took it).")
    files: list[UploadedFile]
    summary: Summary | None = Field(None, description="Once the job ended.")
    error: str | None = Field(None, description="Why the job failed, one line.")
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


class ImportJobs(BaseModel):
    items: list[ImportJob]


def render(job: Job) -> ImportJob:
    return ImportJob(
        id=job.id,
        status=job.status,  # type: ignore[arg-type]  # one of the four (a CHECK constraint)
        progress=Progress(done=job.progress_done, total=job.progress_total),
        attempts=job.attempts,
        files=[UploadedFile(name=f.name, size=f.size) for f in job.files],
        summary=Summary.model_validate(job.result) if job.result else None,
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def location(athlete_id: int, job_id: int) -> str:
    return f"/api/v1/athletes/{athlete_id}/imports/{job_id}"


def _problem(status: int, kind: str, title: str, detail: str) -> JSONResponse:
    body = {"type": f"urn:runlift:problem:{kind}", "title": title, "status": status, "detail": one_line(detail)}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def _problem_doc(title: str) -> dict[str, Any]:
    return {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": title}


MULTIPART: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "FIT, GPX, TCX, Strong/Hevy/Strava CSV, .gz or .zip (a whole export).",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/athletes/{athlete_id}/imports",
    status_code=202,
    response_model=ImportJob,
    summary="Upload files to import (a job)",
    responses={
        **RESPONSES,
        400: _problem_doc("Not a readable multipart body"),
        413: _problem_doc("Upload too large"),
        415: _problem_doc("Not multipart/form-data"),
    },
    openapi_extra=MULTIPART,
)
async def start_import(
    request: Request,
    athlete_id: Annotated[int, Depends(athlete_for(WRITE))],
    store: StoreDep,
    settings: Annotated[Settings, Depends(get_settings)],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="Sending the upload again with the same key gives the same job (the body is not read).",
        ),
    ] = None,
) -> JSONResponse:
    """Queue an import: 202 with the job (poll its Location). Files are checked before they are stored
    (zip slip, a zip bomb by its headers, XML with a DTD: 422, nothing stored); what only reading finds
    is each file's problem in the job's summary, and nothing of such a file is written."""
    from runlift.app.jobs import queued_import, submit_import

    if idempotency_key is not None:
        known = await run_in_threadpool(queued_import, store, athlete_id, idempotency_key)
        if known is not None:  # the upload was stored before: not read again
            return _accepted(athlete_id, known, replayed=True)
    media = request.headers.get("content-type", "")
    if not media.lower().startswith("multipart/form-data"):
        return _problem(
            415,
            "unsupported-media",
            "Unsupported media type",
            f"body: expected multipart/form-data, got {media or 'none'!r}",
        )
    limit = int(settings.upload_limit)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return _too_large(limit)
    body = limited(request.stream(), limit, f"body: expected at most {limit} bytes")
    parser = MultiPartParser(request.headers, body, max_files=MAX_FILES, max_fields=10)
    try:
        form = await parser.parse()
    except UploadTooLarge:
        return _too_large(limit)
    except MultiPartException as exc:
        return _problem(400, "bad-multipart", "Bad multipart body", f"body: {exc.message}")
    try:
        uploads = [v for k, v in form.multi_items() if isinstance(v, UploadFile) and k in ("files", "file")]
        files = [(u.filename, u.file) for u in uploads]
        now = dt.datetime.now(dt.UTC)
        job, created = await run_in_threadpool(
            submit_import, store, athlete_id, files, now, idempotency_key, settings.import_limits()
        )
    finally:
        await form.close()
    worker = getattr(request.app.state, "jobs_worker", None)
    if created and worker is not None:
        worker.wake()
    return _accepted(athlete_id, job, replayed=not created)


def _too_large(limit: int) -> JSONResponse:
    return problem(
        "too-large",
        f"body: expected an upload of at most {limit / 1024 / 1024:.1f} MB (RUNLIFT_UPLOAD_LIMIT sets it); "
        "split the export into several uploads",
    )


def _accepted(athlete_id: int, job: Job, replayed: bool) -> JSONResponse:
    headers = {"Location": location(athlete_id, job.id)}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(render(job).model_dump(mode="json"), status_code=202, headers=headers)


@router.get("/athletes/{athlete_id}/imports", summary="The athlete's latest imports", responses=RESPONSES)
def list_imports(athlete_id: Annotated[int, Depends(athlete_for(READ))], store: StoreDep) -> ImportJobs:
    from runlift.app.jobs import import_jobs

    return ImportJobs(items=[render(j) for j in import_jobs(store, athlete_id)])


@router.get("/athletes/{athlete_id}/imports/{job_id}", summary="An import's status and summary", responses=RESPONSES)
def get_import(
    athlete_id: Annotated[int, Depends(athlete_for(READ))],
    job_id: Annotated[int, Path(ge=1, le=2**31 - 1, description="The job's id (its Location).")],
    store: StoreDep,
) -> ImportJob:
    from runlift.app.jobs import import_job

    return render(import_job(store, athlete_id, job_id))
