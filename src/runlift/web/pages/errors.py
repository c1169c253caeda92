"""Errors met by a page: a person, not a script, reads them. Not signed in → the sign-in page (303);
anything else → the error page with the same one-line message the API and the CLI give."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

TITLES = {
    400: "That did not work",
    401: "Sign in",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    422: "That did not work",
    429: "Too many tries",
    503: "Try again in a moment",
}


def is_page(request: Request) -> bool:
    """A request for a page (not the API, not a static file): its errors are answered in HTML."""
    path = request.url.path
    return not (path.startswith("/api/") or path.startswith("/static/"))


def sign_in(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def error_page(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    from runlift.web.pages.render import page

    if status == 401:
        return sign_in(request)
    response: HTMLResponse = page(
        request, "error.html", title=TITLES.get(status, "Something went wrong"), status=status, detail=detail
    )
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def faced(handler: Callable[[Request, Exception], Response]) -> Callable[[Request, Exception], Response]:
    """An API error handler that answers a page's request with the error page instead of problem+json
    (the same status and words)."""

    def answer(request: Request, exc: Exception) -> Response:
        response = handler(request, exc)
        if not is_page(request):
            return response
        body = json.loads(bytes(response.body)) if response.body else {}
        kept = {k: v for k, v in response.headers.items() if k.lower() == "retry-after"}
        return error_page(request, response.status_code, str(body.get("detail", "")), kept)

    return answer
