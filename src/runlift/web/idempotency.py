"""The Idempotency-Key header on every write: a retry with the same key and body gets the first
response (with `Idempotent-Replayed: true`) and writes nothing; the same key with another body is a
422. Keys are kept per athlete (per caller for writes before an athlete exists)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Annotated

from fastapi import Header, Request
from fastapi.responses import Response
from pydantic import BaseModel

from runlift.store.idempotency import Key, once
from runlift.store.repo import Store

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique text (a UUID): the same write sent again with this key is done once; "
        "the first response is returned again.",
        examples=["5f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f"],
    ),
]
REPLAYED = "Idempotent-Replayed"


def fingerprint(request: Request, body: bytes | str | BaseModel | None) -> str:
    """What the request asks for: its method, path, query and body (a model as its canonical JSON)."""
    if isinstance(body, BaseModel):
        data = body.model_dump_json().encode()
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = body or b""
    head = f"{request.method} {request.url.path}?{request.url.query}\n".encode()
    return hashlib.sha256(head + data).hexdigest()


def written(
    store: Store,
    request: Request,
    key: str | None,
    body: bytes | str | BaseModel | None,
    write: Callable[[], BaseModel | None],
    status: int = 201,
    athlete_id: int | None = None,
    scope: str = "",
) -> Response:
    """Do `write` once per key (see runlift.store.idempotency) and answer its model as JSON (None:
    no body, for a 204)."""
    given = None
    if key is not None:
        where = scope or f"athlete:{athlete_id}"
        given = Key(where, key, fingerprint(request, body), athlete_id)

    def run() -> tuple[int, str]:
        result = write()
        return status, "" if result is None else result.model_dump_json()

    answer = once(store, given, dt.datetime.now(dt.UTC), run)
    headers = {REPLAYED: "true"} if answer.replayed else None
    return Response(answer.body, status_code=answer.status, media_type="application/json", headers=headers)
