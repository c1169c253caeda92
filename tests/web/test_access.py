"""Multi-user mode: every route tried as every kind of caller, and the security of signing in.

The table enumerates `app.routes`: a route added later is in it without anyone adding it, and a
route that declares no access (deps.public, caller_for, athlete_for, or OPERATOR_FREE below) fails."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from runlift.app import accounts, coaching
from runlift.app.athletes import add_runner
from runlift.settings import Settings
from runlift.store.repo import Store
from runlift.web import create_app, deps
from tests.conftest import MAYA, START

NOW = dt.datetime.combine(START, dt.time(9), tzinfo=dt.UTC)
FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 8, "argon2_parallelism": 1}  # tests only
HASHER = accounts.password_hasher(1, 8, 1)
PASSWORD = "correct horse battery"
SECRET = "s" * 43
# routes FastAPI itself adds (the OpenAPI document and its viewer): public by design
FRAMEWORK = {"/api/v1/openapi.json", "/api/docs", "/docs/oauth2-redirect", "/static"}  # + the web app's assets
ROLES = ("anonymous", "stranger", "invited", "revoked", "coach", "athlete")  # the refused first: they change nothing
MAY_USE_ATHLETE = {"athlete", "coach"}
PROBLEM = "application/problem+json"


def multi_user_settings(db_url: str, tmp_path: Any) -> Settings:
    return Settings(
        database_url=db_url,
        today=START,
        data_dir=tmp_path / "data",
        multi_user=True,
        secret_key=SECRET,
        jobs_in_app=False,  # no import worker polling beside the requests (the roster counts statements)
        **FAST,
    )


@pytest.fixture
def multi(db_url: str, tmp_path: Any) -> Iterator[TestClient]:
    with TestClient(create_app(multi_user_settings(db_url, tmp_path)), base_url="http://127.0.0.1") as client:
        yield client


def runner(store: Store, email: str, name: str | None) -> int:
    if name is not None:
        add_runner(store, MAYA.replace('name = "Maya"', f'name = "{name}"'), "t.toml", START, NOW)
    return accounts.add_user(store, email, PASSWORD, NOW, HASHER, athlete=name).id


@dataclass
class World:
    athlete_id: int
    tokens: dict[str, str]  # role → a write token (anonymous: none)
    read_token: str  # the athlete's read-only token


def world(store: Store) -> World:
    """Maya (the athlete), a stranger with their own runner, and coaches: invited only, accepted, revoked."""
    ids = {
        "athlete": runner(store, "maya@example.org", "Maya"),
        "stranger": runner(store, "sam@example.org", "Sam"),
        "invited": runner(store, "invited@example.org", None),
        "coach": runner(store, "coach@example.org", None),
        "revoked": runner(store, "revoked@example.org", None),
    }
    emails = {
        role: f"{'maya' if role == 'athlete' else 'sam' if role == 'stranger' else role}@example.org" for role in ids
    }
    for role in ("invited", "coach", "revoked"):
        invitation = coaching.invite(store, ids[role], emails[role], "maya@example.org", NOW)
        if role != "invited":
            coaching.accept(store, invitation.id, ids["athlete"], "maya@example.org", NOW)
        if role == "revoked":
            coaching.revoke(store, invitation.id, ids["athlete"], "maya@example.org", NOW)
    tokens = {role: accounts.add_token(store, uid, role, "write", NOW)[1] for role, uid in ids.items()}
    read = accounts.add_token(store, ids["athlete"], "read", "read", NOW)[1]
    return World(store.athlete_id("Maya"), tokens, read)


@dataclass(frozen=True)
class Route:
    path: str
    methods: frozenset[str]
    dependant: Any  # FastAPI's Dependant; None for a plain Starlette route


def every_route(app: Any) -> list[Route]:
    """Every route the app answers, with its whole path and its dependencies: FastAPI keeps an included
    router as one entry of `app.routes` and resolves its routes (prefix, dependencies) on demand."""
    out = []
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for r in contexts() if contexts is not None else [route]:
            methods = frozenset(getattr(r, "methods", None) or {"GET"}) - {"HEAD", "OPTIONS"}
            out.append(Route(r.path, methods, getattr(r, "dependant", None)))
    return out


def _dependency_calls(dependant: Any) -> list[Any]:
    found: list[Any] = []

    def walk(d: Any) -> None:
        for sub in d.dependencies:
            found.append(sub.call)
            walk(sub)

    if dependant is not None:
        walk(dependant)
    return found


def access_of(route: Route) -> str:
    """'public', 'caller' or 'athlete': what the route declares (deps.py); '' when it declares nothing."""
    if route.dependant is None:
        return "public" if route.path in FRAMEWORK else ""
    kinds = set()
    for call in _dependency_calls(route.dependant):
        name = getattr(call, "__qualname__", "")
        if call is deps.public:
            kinds.add("public")
        elif name.startswith("athlete_for."):
            kinds.add("athlete")
        elif name.startswith("caller_for."):
            kinds.add("caller")
    if "athlete" in kinds:
        return "athlete"
    return "caller" if "caller" in kinds else "public" if "public" in kinds else ""


def _order(route: Route) -> tuple[int, str]:
    """Writes after reads, deleting last, the athlete itself at the very end."""
    methods = route.methods
    rank = 3 if "DELETE" in methods else 1 if methods & {"POST", "PUT", "PATCH"} else 0
    if route.path == "/api/v1/athletes/{athlete_id}" and "DELETE" in methods:
        rank = 4
    return rank, route.path


def _url(path: str, athlete_id: int) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: str(athlete_id) if m.group(0) == "{athlete_id}" else "999999", path)


def _refused_as_missing_athlete(response: Any, athlete_id: int) -> bool:
    """athlete_for's answer for an athlete one may not use: the same as for one that does not exist."""
    return response.status_code == 404 and response.json().get("detail") == f"no athlete '{athlete_id}'"


def _page_access(got: Any, kind: str, role: str, where: str) -> None:
    """A page answers what the API answers, in a person's words: not signed in → the sign-in page
    (303); an athlete one may not see → the same 404 page as one that does not exist."""
    if kind == "public":
        assert got.status_code not in (401, 403), where
    elif role == "anonymous":
        assert got.status_code == 303 and got.headers["location"].startswith("/login?next="), where
    elif kind == "athlete" and role not in MAY_USE_ATHLETE:
        assert got.status_code == 404 and "text/html" in got.headers["content-type"], where
    else:
        assert got.status_code not in (401, 403, 404), where


def test_every_route_declares_its_access(multi: TestClient):
    routes = every_route(multi.app)
    assert {
        "/api/v1/health",
        "/api/v1/auth/login",
        "/api/v1/roster",
        "/api/v1/athletes/{athlete_id}/progress/series",
    } <= {r.path for r in routes}
    missing = [r.path for r in routes if not access_of(r)]
    assert missing == [], "a route without deps.public / caller_for / athlete_for: declare who may call it"


def test_every_route_as_every_caller(multi: TestClient, db_url: str):
    store: Store = multi.app.state.store  # type: ignore[attr-defined]
    w = world(store)
    routes = sorted(every_route(multi.app), key=_order)
    tried = 0
    for route in routes:
        kind = access_of(route)
        for method in sorted(route.methods):
            url = _url(route.path, w.athlete_id)
            for role in ROLES:
                headers = {"Authorization": f"Bearer {w.tokens[role]}"} if role != "anonymous" else {}
                body = {} if method in ("POST", "PUT", "PATCH") else None
                got = multi.request(method, url, headers=headers, json=body, follow_redirects=False)
                tried += 1
                where = f"{role} {method} {route.path}: {got.status_code} {got.text[:200]}"
                assert got.status_code < 500, where
                if not route.path.startswith("/api/"):  # a page (#13): a person is sent to sign in
                    _page_access(got, kind, role, where)
                elif kind == "public":
                    assert got.status_code not in (401, 403), where
                elif role == "anonymous":
                    assert got.status_code == 401 and got.headers["content-type"] == PROBLEM, where
                elif kind == "athlete" and role not in MAY_USE_ATHLETE:
                    assert _refused_as_missing_athlete(got, w.athlete_id), where  # not 403: nothing tells it exists
                else:
                    refused = got.status_code in (401, 403) or _refused_as_missing_athlete(got, w.athlete_id)
                    assert not refused, where
                if role == "stranger" and kind != "public":  # no route tells a stranger Maya's anything
                    assert "Maya" not in got.text and "maya@" not in got.text, where
    assert tried >= 6 * 10


def _login(client: TestClient, email: str = "maya@example.org", password: str = PASSWORD, ip: str | None = None) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_session_cookies_are_httponly_lax_and_secure_off_loopback(db_url: str, tmp_path: Any):
    app = create_app(multi_user_settings(db_url, tmp_path))
    with (
        TestClient(app, base_url="http://127.0.0.1") as local,
        TestClient(app, base_url="https://runlift.example") as remote,
    ):
        runner(app.state.store, "maya@example.org", "Maya")
        for client, secure in ((local, False), (remote, True)):
            got = _login(client)
            assert got.status_code == 200, got.text
            cookies = {c.split("=", 1)[0]: c.lower() for c in got.headers.get_list("set-cookie")}
            session, csrf = cookies["runlift_session"], cookies["runlift_csrf"]
            assert "httponly" in session and "httponly" not in csrf
            assert "samesite=lax" in session and "samesite=lax" in csrf
            assert ("secure" in session.split("; ")) is secure and ("secure" in csrf.split("; ")) is secure
            assert got.json()["csrf_token"] == client.cookies["runlift_csrf"]
            assert client.get("/api/v1/auth/me").json()["via"] == "session"


def test_a_cookie_write_without_the_csrf_token_is_refused(multi: TestClient):
    runner(multi.app.state.store, "maya@example.org", "Maya")  # type: ignore[attr-defined]
    csrf = _login(multi).json()["csrf_token"]
    body = {"name": "watch", "scope": "read"}
    refused = multi.post("/api/v1/auth/tokens", json=body)
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    forged = multi.post("/api/v1/auth/tokens", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert forged.status_code == 403
    assert multi.get("/api/v1/auth/tokens").json() == []  # reads need no token; nothing was written
    made = multi.post("/api/v1/auth/tokens", json=body, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    token = made.json()["token"]  # a bearer request needs no CSRF token: no browser sends it by itself
    bare = TestClient(multi.app, base_url="http://127.0.0.1")
    assert bare.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["scope"] == "read"
    assert multi.post("/api/v1/auth/logout").status_code == 403
    assert multi.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert multi.get("/api/v1/auth/me").status_code == 401  # the session is gone from the database


def test_five_failed_sign_ins_then_429_with_retry_after(multi: TestClient, db_url: str, tmp_path: Any):
    """Counted in the database: failures through two app processes (two apps, two engines) add up."""
    runner(multi.app.state.store, "maya@example.org", "Maya")  # type: ignore[attr-defined]
    other = TestClient(create_app(multi_user_settings(db_url, tmp_path)), base_url="http://127.0.0.1")
    with other:
        for i in range(5):
            wrong = _login(multi if i % 2 else other, password="wrong password")
            assert wrong.status_code == 401 and wrong.json()["detail"] == "email or password is wrong"
        assert _login(other).status_code == 429
    limited = _login(multi)
    assert limited.status_code == 429 and limited.headers["content-type"] == PROBLEM
    assert 0 < int(limited.headers["Retry-After"]) <= 15 * 60 + 1
    assert _login(multi, email="sam@example.org", password="x" * 8).status_code == 401  # another address


def test_token_scopes_and_revocation(multi: TestClient):
    store: Store = multi.app.state.store  # type: ignore[attr-defined]
    w = world(store)
    read = {"Authorization": f"Bearer {w.read_token}"}
    assert multi.get("/api/v1/auth/me", headers=read).json()["scope"] == "read"
    denied = multi.post("/api/v1/auth/tokens", json={"name": "x"}, headers=read)
    assert denied.status_code == 403 and "scope is read" in denied.json()["detail"]
    write = {"Authorization": f"Bearer {w.tokens['athlete']}"}
    mine = multi.get("/api/v1/auth/tokens", headers=write).json()
    assert {t["name"] for t in mine} == {"athlete", "read"} and all("token" not in t for t in mine)
    read_id = next(t["id"] for t in mine if t["name"] == "read")
    stranger = {"Authorization": f"Bearer {w.tokens['stranger']}"}
    assert multi.delete(f"/api/v1/auth/tokens/{read_id}", headers=stranger).status_code == 404  # not theirs
    assert multi.delete(f"/api/v1/auth/tokens/{read_id}", headers=write).status_code == 204
    gone = multi.get("/api/v1/auth/me", headers=read)
    assert gone.status_code == 401 and gone.headers["WWW-Authenticate"].startswith("Bearer")
    assert multi.get("/api/v1/auth/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_a_password_reset_token_works_once(multi: TestClient, caplog: pytest.LogCaptureFixture):
    runner(multi.app.state.store, "maya@example.org", "Maya")  # type: ignore[attr-defined]
    with caplog.at_level("WARNING", logger="runlift.web.auth"):
        asked = multi.post("/api/v1/auth/password-reset", json={"email": "Maya@example.org"})
        unknown = multi.post("/api/v1/auth/password-reset", json={"email": "nobody@example.org"})
    assert asked.status_code == unknown.status_code == 202 and asked.json() == unknown.json()
    token = re.search(r"token (\S+)", caplog.text).group(1)  # type: ignore[union-attr]  # the operator's log
    confirm = {"token": token, "password": "a brand new password"}
    assert multi.post("/api/v1/auth/password-reset/confirm", json=confirm).status_code == 204
    again = multi.post("/api/v1/auth/password-reset/confirm", json={**confirm, "password": "yet another one"})
    assert again.status_code == 422 and "unused" in again.json()["detail"]
    assert _login(multi).status_code == 401
    assert _login(multi, password="a brand new password").status_code == 200


def test_single_user_mode_stays_open_and_has_no_accounts(api_client: TestClient):
    assert api_client.post("/api/v1/auth/login", json={"email": "a@b.org", "password": "x" * 8}).status_code == 404
    assert api_client.get("/api/v1/roster").status_code == 404


def test_invitations_and_the_roster_over_http_in_a_constant_number_of_statements(multi: TestClient):
    store: Store = multi.app.state.store  # type: ignore[attr-defined]
    coach = runner(store, "coach@example.org", None)
    coach_auth = {"Authorization": f"Bearer {accounts.add_token(store, coach, 'c', 'write', NOW)[1]}"}
    counts = []
    for k in range(4):
        uid = runner(store, f"r{k}@example.org", f"Runner{k}")
        mine = {"Authorization": f"Bearer {accounts.add_token(store, uid, 'r', 'write', NOW)[1]}"}
        sent = multi.post("/api/v1/invitations", json={"email": f"R{k}@example.org"}, headers=coach_auth)
        assert sent.status_code == 201 and sent.json()["status"] == "invited"
        received = multi.get("/api/v1/invitations", headers=mine).json()["received"]
        assert [i["coach"] for i in received] == ["coach@example.org"]
        accepted = multi.post(f"/api/v1/invitations/{sent.json()['id']}/accept", json={}, headers=mine)
        assert accepted.status_code == 200 and accepted.json()["athlete"] == f"Runner{k}"
        statements = 0

        def count(_conn: object, _cursor: object, sql: str, *_: object) -> None:
            nonlocal statements
            statements += "api_tokens" not in sql  # the bearer token's lookup (and its last use) aside

        event.listen(store.engine, "before_cursor_execute", count)
        roster = multi.get("/api/v1/roster", headers=coach_auth)
        event.remove(store.engine, "before_cursor_execute", count)
        assert roster.status_code == 200 and len(roster.json()["athletes"]) == k + 1
        counts.append(statements)
    assert len(set(counts)) == 1, counts  # one roster of 1, 2, 3 or 4 athletes: the same statements
    first = roster.json()["athletes"][0]
    assert first["adherence"]["planned_week"] >= 1 and first["pain"] == [{"area": "knee", "score": 3}]


def test_athlete_for_lets_in_the_athlete_and_accepted_coaches_only(db_url: str, tmp_path: Any):
    """The dependency every /athletes/{athlete_id}/… route declares, on probe routes (the table above
    runs it on the real ones): the exact allowed set, a read token's write refused, other athletes 404."""
    from fastapi import Depends

    app = create_app(multi_user_settings(db_url, tmp_path))

    def probe(athlete_id: int) -> dict[str, int]:
        return {"athlete_id": athlete_id}

    app.router.add_api_route(
        "/api/v1/athletes/{athlete_id}/probe", probe, dependencies=[Depends(deps.athlete_for(deps.READ))]
    )
    app.router.add_api_route(
        "/api/v1/athletes/{athlete_id}/probe",
        probe,
        methods=["POST"],
        dependencies=[Depends(deps.athlete_for(deps.WRITE))],
    )
    with TestClient(app, base_url="http://127.0.0.1") as client:
        w = world(app.state.store)
        url = f"/api/v1/athletes/{w.athlete_id}/probe"
        for method in ("GET", "POST"):
            allowed = set()
            for role in ROLES[1:]:
                got = client.request(method, url, headers={"Authorization": f"Bearer {w.tokens[role]}"})
                if got.status_code == 200:
                    allowed.add(role)
                else:
                    assert got.status_code == 404 and got.json()["detail"] == f"no athlete '{w.athlete_id}'"
            assert allowed == MAY_USE_ATHLETE, method
            assert client.request(method, url).status_code == 401
            missing = client.request(
                method, "/api/v1/athletes/999/probe", headers={"Authorization": f"Bearer {w.tokens['athlete']}"}
            )
            assert missing.status_code == 404 and missing.json()["detail"] == "no athlete '999'"  # the same answer
        read = {"Authorization": f"Bearer {w.read_token}"}
        assert client.get(url, headers=read).status_code == 200
        assert client.post(url, headers=read).status_code == 403


def test_adding_a_runner_cannot_take_over_someone_elses_athlete(store: Store):
    """deps.may_add / deps.adopt, which the athlete-adding route calls around add_runner."""
    from runlift.web.problems import Conflict

    maya = runner(store, "maya@example.org", "Maya")
    sam = accounts.add_user(store, "sam@example.org", PASSWORD, NOW, HASHER).id
    with pytest.raises(Conflict, match="'maya' is taken"):
        deps.may_add(store, deps.Caller(sam), "maya")
    deps.may_add(store, deps.Caller(maya), "Maya")  # a new version of one's own file
    deps.may_add(store, deps.Caller(sam), "Sam")  # a new name
    _, saved = add_runner(store, MAYA.replace('name = "Maya"', 'name = "Sam"'), "s.toml", START, NOW)
    deps.adopt(store, deps.Caller(sam), saved.athlete_id)
    deps.adopt(store, deps.Caller(maya), saved.athlete_id)  # already Sam's: stays his
    assert deps.visible_athletes(store, deps.Caller(sam)) == {saved.athlete_id}
    assert deps.visible_athletes(store, deps.LOCAL) is None
