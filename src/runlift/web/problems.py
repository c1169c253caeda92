"""Errors as RFC 9457 problem details (application/problem+json), with the CLI's one-line messages.

    InputError (bad values, a runner's file, an import file) → 422
    a body past its size limit (UploadTooLarge)              → 413
    a body that is not JSON                                  → 400
    FastAPI's validation (a field's type, a missing field)   → 422, each error with its field's path
    NotFound                                                 → 404
    PlanConflict, Conflict (an Idempotency-Key reused…)      → 409
    the database busy or unreachable                         → 503 with Retry-After
    anything else                                            → 500, no stack trace (the server logs it)

`type` is a URN naming the kind (`urn:runlift:problem:not-found`): clients branch on it, people read
`detail`. Nothing a client can send should reach the 500: a 500 is a bug to fix."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from runlift.core.errors import InputError, NotFound, PlanConflict, ProfileError, RunliftError

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("runlift.web")


class Conflict(RunliftError):
    """The request clashes with what is stored (an Idempotency-Key reused for another body …)."""


class UnsupportedMedia(InputError):
    """A body of a content type the route does not read."""


class FieldError(BaseModel):
    field: str = Field(description="Where: the path of the field in the request, dotted.", examples=["body.reps"])
    message: str = Field(examples=["expected a whole number from 1 to 100, got 0"])


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["urn:runlift:problem:bad-input"])
    title: str = Field(examples=["Bad input"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["reps: expected a whole number from 1 to 100, got 0"])
    field: str | None = Field(None, description="The field the detail is about, when one is.")
    errors: list[FieldError] | None = Field(
        None, description="Every field that failed validation, or every problem of a runner's file."
    )


KINDS: dict[str, tuple[int, str]] = {
    "bad-input": (422, "Bad input"),
    "not-json": (400, "Not JSON"),
    "validation": (422, "Validation failed"),
    "not-found": (404, "Not found"),
    "unsupported-media": (415, "Unsupported media type"),
    "too-large": (413, "Upload too large"),
    "conflict": (409, "Conflict"),
    "unavailable": (503, "Database unavailable"),
    "internal": (500, "Internal error"),
}

# for routers' `responses=`: what each error status looks like in the OpenAPI document
ERRORS = {
    400: "Not JSON",
    404: "Not found (or not yours)",
    409: "Conflict",
    422: "Bad input: the detail says which field and what was expected",
    500: "Internal error",
    503: "Database unavailable: retry",
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": d} for status, d in ERRORS.items()
}
# for a route that takes an upload (a runner's file, a backup): past its limit, nothing read further
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": Problem, "description": "Upload too large: the detail says the limit"}
}


def document(app: FastAPI) -> None:
    """The OpenAPI document says errors are application/problem+json (FastAPI would say application/json)."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = make()
        for operations in doc.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if status[:1] in "45" and "application/json" in content:
                        response["content"] = {MEDIA_TYPE: content["application/json"]}
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customize it


def problem(kind: str, detail: str, **extra: object) -> JSONResponse:
    status, title = KINDS[kind]
    body: dict[str, object] = {"type": f"urn:runlift:problem:{kind}", "title": title, "status": status}
    body["detail"] = one_line(detail)
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"Retry-After": "1"} if status == 503 else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def one_line(message: object) -> str:
    """The CLI's one line: no newline, no escape sequence from a file name."""
    from runlift.core.limits import plain_name

    return plain_name(" ".join(str(message).split()))


def runlift_error(_request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, NotFound):
        return problem("not-found", str(exc))
    from runlift.app.errors import SessionAlreadyLogged
    from runlift.store.errors import DatabaseUnusable

    if isinstance(exc, DatabaseUnusable):
        log.error("database unusable: %s", exc)
        return problem("unavailable", database_worded(exc))
    if isinstance(exc, PlanConflict | Conflict | SessionAlreadyLogged):
        return problem("conflict", str(exc))
    if isinstance(exc, UnsupportedMedia):
        return problem("unsupported-media", str(exc))
    from runlift.app.uploads import UploadTooLarge

    if isinstance(exc, UploadTooLarge):  # as an import's upload past RUNLIFT_UPLOAD_LIMIT (web/api/imports.py)
        return problem("too-large", str(exc))
    if isinstance(exc, InputError):
        return problem("bad-input", str(exc), field=_field(exc), errors=_every_problem(exc))
    return problem("bad-input", str(exc))


DATABASE_SETTING = "RUNLIFT_DATABASE_URL"  # what gives a server its database (runlift.settings)


def database_worded(exc: InputError) -> str:
    """The server's line for a database it cannot use: the setting it came from, where the CLI names
    its flag (`--db: …`, cli/errors.py `worded`)."""
    from runlift.store.db import SchemaOutOfDate
    from runlift.store.errors import DatabaseUnusable

    if isinstance(exc, SchemaOutOfDate):
        return f"{DATABASE_SETTING}: {exc}; upgrade it first: runlift db upgrade"
    return f"{DATABASE_SETTING}: {exc.problem if isinstance(exc, DatabaseUnusable) else exc}"


def _field(exc: InputError) -> str | None:
    cause = exc if isinstance(exc, ProfileError) else exc.__cause__
    return cause.field if isinstance(cause, ProfileError) else None


def _every_problem(exc: InputError) -> list[dict[str, str]] | None:
    """A runner's file's every problem (profile_problems.ProfileProblems) as `errors`, field by field."""
    from runlift.profile_problems import ProfileProblems

    found = next((e for e in (exc, exc.__cause__) if isinstance(e, ProfileProblems)), None)
    if found is None or len(found.problems) < 2:
        return None
    return [FieldError(field=p.field or "file", message=one_line(p.message)).model_dump() for p in found.problems]


def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [field_error(e) for e in exc.errors()]
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return problem("not-json", "body: expected JSON, got text that does not parse")
    first = errors[0] if errors else FieldError(field="request", message="invalid")
    return problem(
        "validation",
        f"{first.field}: {first.message}",
        field=first.field,
        errors=[e.model_dump() for e in errors],
    )


def field_error(error: Any) -> FieldError:
    """One validation error (pydantic's dict) as the API words it: its dotted field and one message."""
    where = ".".join(str(part) for part in error.get("loc", ()))
    given = error.get("input")
    message = str(error.get("msg", "invalid"))
    shown = f", got {given!r}" if isinstance(given, str | int | float | bool) else ""
    return FieldError(field=where or "request", message=f"{message[:1].lower()}{message[1:]}{shown}")


def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    from runlift.web.pages.errors import is_page

    if exc.status_code == 404 and is_page(request):
        return problem("not-found", "there is no page at this address")
    if exc.status_code == 404:
        return problem("not-found", "no such resource; the API is described at /api/v1/openapi.json")
    status = exc.status_code
    body = {"type": "about:blank", "title": str(exc.detail), "status": status, "detail": one_line(exc.detail)}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=exc.headers)


def database_error(_request: Request, exc: Exception) -> JSONResponse:
    """Two writers met on a unique key → 409 (retry); a value the database refused → 422; the
    database busy, locked or gone → 503 (retry later)."""
    from sqlalchemy.exc import DataError, IntegrityError

    from runlift.store.db import describe

    if isinstance(exc, IntegrityError):
        return problem("conflict", f"database: {describe(exc)}")
    if isinstance(exc, DataError):
        return problem("bad-input", f"database: {describe(exc)}")
    log.error("database error", exc_info=exc)
    return problem("unavailable", f"database: {describe(exc)}")


def install(app: FastAPI, debug: bool = False) -> None:
    """Every error the app can meet answers problem+json."""
    from sqlalchemy.exc import DataError, IntegrityError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout  # every pooled connection busy: retry later

    def internal(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=exc)
        shown = f"unexpected {type(exc).__name__}: {exc}" if debug else "unexpected error; the server's log has it"
        return problem("internal", shown)

    from runlift.web.pages.errors import faced  # a page's request gets the error page, same words

    app.add_exception_handler(RunliftError, faced(runlift_error))
    app.add_exception_handler(RequestValidationError, faced(validation_error))
    app.add_exception_handler(HTTPException, faced(http_error))
    for kind in (IntegrityError, DataError, OperationalError, PoolTimeout):
        app.add_exception_handler(kind, faced(database_error))
    app.add_exception_handler(Exception, faced(internal))
    document(app)
