"""The Settings page: units and the weights owned, the private calendar feed (make, copy, revoke), the
exports and the backup, the caller's API tokens and the athlete's coaches (multi-user mode).

Every change goes through the JSON API from static/js/settings.js (PATCH units-and-weights, the
calendar-feed routes, /auth/tokens, /invitations): the page only reads, through the same services; but
restoring a runner's backup is a plain form upload (POST /a/{id}/settings/restore, as POST
/api/v1/athletes/restore does it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from runlift.core.library import Equipment
from runlift.settings import Settings
from runlift.store.repo import Store
from runlift.web.deps import Caller, StoreDep, get_settings
from runlift.web.pages.deps import Athlete, FormWriter, PageAthlete, Reader
from runlift.web.pages.render import page, url

router = APIRouter(include_in_schema=False)


def _listed(values: tuple[float, ...]) -> str:
    """'10, 15, 20': how the form shows (and takes) a list of weights."""
    return ", ".join(f"{v:g}" for v in values)


@router.get("/a/{athlete_id}/settings", name="settings")
def settings_page(request: Request, athlete: Athlete, caller: Reader, store: StoreDep) -> Response:
    return _settings(request, athlete, caller, store)


@router.post("/a/{athlete_id}/settings/restore", name="settings_restore")
async def restore_backup(
    request: Request,
    caller: FormWriter,  # first: it reads the form's `csrf` (multi-user)
    athlete: Athlete,
    store: StoreDep,
    settings: Annotated[Settings, Depends(get_settings)],
    backup: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """A runner's backup uploaded: their Today (303) once all of it is stored, or Settings again with the
    reason (422), nothing written (app/backup.restore_runner: checked whole, one transaction)."""
    from starlette.concurrency import run_in_threadpool

    from runlift.core.errors import InputError, RunliftError
    from runlift.web.api.athletes import backup_limit
    from runlift.web.problems import one_line

    limit = backup_limit(settings)
    try:
        if backup is None or not backup.filename:
            raise InputError("backup: expected a runlift backup file (.json), got none")
        if backup.size is not None and backup.size > limit:
            raise InputError(f"backup: expected a backup of at most {limit // 1024**2} MB, got more")
        restored, _name = await run_in_threadpool(_restore_upload, store, backup, caller)
    except RunliftError as refused:
        problem = one_line(refused)
        return await run_in_threadpool(_settings, request, athlete, caller, store, problem, 422)
    finally:
        if backup is not None:
            await backup.close()
    return RedirectResponse(url(request, "today", athlete_id=restored) or "/", status_code=303)


def _restore_upload(store: Store, backup: UploadFile, caller: Caller) -> tuple[int, str]:
    """The upload (starlette keeps it in a temporary file) copied to a path the restore streams from."""
    import shutil
    import tempfile
    from pathlib import Path

    from runlift.app.backup import restore_runner

    with tempfile.TemporaryDirectory(prefix="runlift-restore-") as folder:
        path = Path(folder) / "backup.json"
        with path.open("wb") as out:
            shutil.copyfileobj(backup.file, out)
        return restore_runner(store, path, caller.user_id, "backup")


def _settings(
    request: Request, athlete: PageAthlete, caller: Caller, store: Store, restore_problem: str = "", status: int = 200
) -> Response:
    from runlift.app.feeds import live_since
    from runlift.app.weights import units_and_weights

    found = units_and_weights(store, athlete.id)
    owned = found.weights
    api = f"/api/v1/athletes/{athlete.id}"
    exports = [
        ("Calendar file (.ics), lift sessions", f"{api}/exports/ics", "runlift-plan.ics"),
        ("Calendar file (.ics), with runs", f"{api}/exports/ics?runs=true", "runlift-plan.ics"),
        ("Printable plan, a page per week", f"{api}/exports/plan.html", ""),
        ("Watch workouts (FIT files, zip)", f"{api}/exports/workouts.zip", "runlift-workouts.zip"),
        ("The log as CSV files (zip)", f"{api}/exports/csv", "runlift-log-csv.zip"),
        ("Backup: everything of this athlete (JSON)", f"{api}/exports/backup", "runlift-backup.json"),
    ]
    tokens, coaches, invitations, coach_page, coaching = None, None, None, None, False
    if caller.user_id is not None:
        from runlift.app.accounts import tokens as user_tokens
        from runlift.app.coaching import coaches as is_coach
        from runlift.app.coaching import received, sent

        tokens = user_tokens(store, caller.user_id)
        mine = received(store, caller.email)
        coaches = [i for i in mine if i.status == "accepted" and i.athlete_id == athlete.id]
        invitations = [i for i in mine if i.status == "invited"]
        coach_page = url(request, "coach") if is_coach(store, caller.user_id) else None
        coaching = any(i.status == "accepted" and i.athlete_id == athlete.id for i in sent(store, caller.user_id))
    return page(
        request,
        "settings.html",
        status=status,
        title="Settings",
        current="settings",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        found=found,
        weights={
            "dumbbells": _listed(owned.dumbbells),
            "kettlebells": _listed(owned.kettlebells),
            "bar": "" if owned.bar is None else f"{owned.bar:g}",
            "plates": _listed(owned.plate_pairs),
        },
        equipment=[(e.value, e.value.replace("-", " "), e in found.equipment) for e in Equipment],
        feed_since=live_since(store, athlete.id),
        exports=exports,
        tokens=tokens,
        coaches=coaches,
        invitations=invitations,
        coach_page=coach_page,
        coaching=coaching,  # the caller is this athlete's coach: their coaches are theirs to manage
        invitation_page=url(request, "invitation", invitation_id=1) is not None,
        restore_url=url(request, "settings_restore", athlete_id=athlete.id),
        restore_problem=restore_problem,
        onboarding=url(request, "onboarding"),  # with one runner `/` goes straight to Today: the way to a second
    )
