"""The coach's pages (multi-user mode): the roster, every athlete's week at a glance (lift sessions done
and planned, running against the plan, ACWR, pain, missed sessions), who needs attention first; the
invitations sent; and the page an invitation's link opens, where the runner accepts it (or stops it).

Every change goes through the JSON API (/api/v1/invitations …) from static/js/coach.js; the pages
only read, through app/coaching.py. A coach opens an athlete at /a/{id}: the athlete's own pages,
which an accepted coach may see and change as the athlete would (deps.may_use)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from runlift.web.deps import StoreDep, TodayDep
from runlift.web.pages.deps import Reader
from runlift.web.pages.render import page, url

router = APIRouter(include_in_schema=False)
InvitationId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/coach", name="coach")
def coach_page(request: Request, caller: Reader, store: StoreDep, today: TodayDep) -> Response:
    if caller.user_id is None:  # single-user mode: no accounts, so no one to invite
        return page(request, "coach.html", title="Coach", current="coach", accounts=False)
    from runlift.app.coaching import roster, sent
    from runlift.core.attention import acwr_flag

    athletes = roster(store, caller.user_id, today)
    invitations = sent(store, caller.user_id)
    coached = {i.athlete_id: i.id for i in invitations if i.status == "accepted"}
    base = str(request.base_url).rstrip("/")
    return page(
        request,
        "coach.html",
        title="Coach",
        current="coach",
        accounts=True,
        day=today,
        athletes=[
            {
                "a": a,
                "invitation": coached.get(a.athlete_id),
                "href": _athlete_url(request, a),
                "flag": acwr_flag(a.acwr),
            }
            for a in athletes
        ],
        trained=sum(1 for a in athletes if a.done or a.run_distance),
        attention=sum(1 for a in athletes if a.attention.score),
        waiting=[{"i": i, "link": f"{base}/invitations/{i.id}"} for i in invitations if i.status == "invited"],
    )


def _athlete_url(request: Request, athlete: object) -> str:
    from runlift.app.coaching import RosterAthlete

    assert isinstance(athlete, RosterAthlete)
    return url(request, "athlete", athlete_id=athlete.athlete_id) or f"/a/{athlete.athlete_id}"


@router.get("/invitations/{invitation_id}", name="invitation")
def invitation_page(request: Request, invitation_id: InvitationId, caller: Reader, store: StoreDep) -> Response:
    """An invitation's link: the invited runner accepts it for one of their athletes, declines it, or
    later stops it; its coach sees the link to send. Anyone else (or a wrong id) is told it is not
    theirs, in the same words whether it exists or not."""
    if caller.user_id is None:
        return page(request, "invitation.html", title="Invitation", accounts=False, invitation=None)
    from runlift.app.coaching import shown
    from runlift.store.accounts import owned_athletes

    found = shown(store, invitation_id, caller.user_id, caller.email)
    return page(
        request,
        "invitation.html",
        title="Invitation",
        accounts=True,
        invitation=found,
        mine=found is not None and found.coach_id == caller.user_id,
        email=caller.email,
        athletes=owned_athletes(store, caller.user_id) if found is not None else [],
        link=f"{str(request.base_url).rstrip('/')}/invitations/{invitation_id}",
        add_runner=url(request, "onboarding"),
        coach_page=url(request, "coach"),
    )
