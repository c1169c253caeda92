"""/api/v1/invitations and /api/v1/roster: coaches and the athletes who accepted them (multi-user mode)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from runlift.app import coaching
from runlift.core.attention import acwr_flag
from runlift.store.accounts import Invitation
from runlift.web import auth
from runlift.web.deps import READ, WRITE, Caller, StoreDep, TodayDep, caller_for
from runlift.web.problems import RESPONSES

router = APIRouter(tags=["coaching"], responses=RESPONSES)
ReadCaller = Annotated[Caller, Depends(caller_for(READ))]
WriteCaller = Annotated[Caller, Depends(caller_for(WRITE))]
InvitationId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The invitation's id.")]


class Invite(BaseModel):
    email: str = Field(min_length=3, max_length=320, examples=["maya@example.org"], description="The runner's address.")


class Accept(BaseModel):
    athlete_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Which of your athletes (needed only when you have several)."
    )


class InvitationOut(BaseModel):
    id: int = Field(examples=[1])
    coach: str = Field(description="The coach's address.", examples=["coach@example.org"])
    email: str = Field(description="The invited address.", examples=["maya@example.org"])
    athlete_id: int | None = Field(description="The athlete coached, once accepted.", examples=[1])
    athlete: str | None = Field(examples=["Maya"])
    status: Literal["invited", "accepted", "revoked"]
    invited_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None


class Invitations(BaseModel):
    sent: list[InvitationOut] = Field(description="Invitations you sent as a coach.")
    received: list[InvitationOut] = Field(description="Invitations addressed to you.")


class Adherence(BaseModel):
    planned: int = Field(description="Lift sessions the plan puts in this week, up to today.", examples=[2])
    done: int = Field(description="Of them, the days with a set done.", examples=[1])
    planned_week: int = Field(description="Lift sessions in the whole week.", examples=[3])


class Pain(BaseModel):
    area: str = Field(examples=["knee"])
    score: int = Field(ge=0, le=10, examples=[4])


class Running(BaseModel):
    distance: float = Field(description="Run this week, Monday to today, in `unit`.", examples=[18.2])
    planned: float = Field(description="The weekly distance of the runner's file, in `unit`.", examples=[35])
    unit: Literal["km", "mi"] = Field(description="The runner's: mi for lb runners, km for kg runners.")


class RosterAthlete(BaseModel):
    athlete_id: int = Field(examples=[1])
    name: str = Field(examples=["Maya"])
    week_start: dt.date
    adherence: Adherence
    acwr: float | None = Field(description="Acute:chronic running load (SCH-6); null without 4 weeks of runs.")
    acwr_note: str
    spike: bool = Field(description="SCH-6: the running spiked; the lifting is pulled back.")
    week_load: float = Field(description="Running load of the last 7 days (RPE × minutes).")
    pain: list[Pain] = Field(description="Areas in pain today (3/10 or more, MOD-1).")
    error: str | None = Field(None, description="Why this athlete's plan cannot be shown (their file no longer reads).")
    missed: int = Field(0, description="Planned lift sessions before today with no set done.", examples=[1])
    running: Running
    acwr_flag: Literal["high", "low", ""] = Field(
        "", description="'high' above the SCH-6 sweet spot (> 1.3), 'low' below it (< 0.8), '' otherwise."
    )
    attention: list[str] = Field(
        description="Why the coach should look, most urgent first; empty when on track. The roster is sorted by it.",
        examples=[["knee pain 4/10", "1 lift session missed"]],
    )


class Roster(BaseModel):
    day: dt.date
    athletes: list[RosterAthlete]


def _out(i: Invitation) -> InvitationOut:
    return InvitationOut(
        id=i.id,
        coach=i.coach_email,
        email=i.email,
        athlete_id=i.athlete_id,
        athlete=i.athlete_name,
        status="accepted" if i.status == "accepted" else "revoked" if i.status == "revoked" else "invited",
        invited_at=i.invited_at,
        accepted_at=i.accepted_at,
        revoked_at=i.revoked_at,
    )


@router.post("/invitations", status_code=201, responses=auth.responses(401, 403, 404))
def invite(body: Invite, caller: WriteCaller, store: StoreDep) -> InvitationOut:
    """Invite a runner by address. The answer is the same whether the address has an account or not."""
    return _out(coaching.invite(store, auth.user_id(caller), caller.email, body.email, auth.now()))


@router.get("/invitations", responses=auth.responses(401, 404))
def invitations(caller: ReadCaller, store: StoreDep) -> Invitations:
    user = auth.user_id(caller)
    return Invitations(
        sent=[_out(i) for i in coaching.sent(store, user)],
        received=[_out(i) for i in coaching.received(store, caller.email)],
    )


@router.post("/invitations/{invitation_id}/accept", responses=auth.responses(401, 403, 404))
def accept(invitation_id: InvitationId, body: Accept, caller: WriteCaller, store: StoreDep) -> InvitationOut:
    """The invited runner lets the coach see and edit one of their athletes."""
    user = auth.user_id(caller)
    return _out(coaching.accept(store, invitation_id, user, caller.email, auth.now(), body.athlete_id))


@router.post("/invitations/{invitation_id}/revoke", responses=auth.responses(401, 403, 404))
def revoke(invitation_id: InvitationId, caller: WriteCaller, store: StoreDep) -> InvitationOut:
    """Either side ends it: from now on the coach sees nothing of the athlete."""
    return _out(coaching.revoke(store, invitation_id, auth.user_id(caller), caller.email, auth.now()))


@router.get("/roster", responses=auth.responses(401, 404))
def roster(caller: ReadCaller, store: StoreDep, day: TodayDep) -> Roster:
    """This week for every athlete who accepted the caller's invitation: adherence (planned against
    logged lift sessions), running load and ACWR, pain — read in a constant number of statements."""
    rows = coaching.roster(store, auth.user_id(caller), day)
    return Roster(
        day=day,
        athletes=[
            RosterAthlete(
                athlete_id=r.athlete_id,
                name=r.name,
                week_start=r.week_start,
                adherence=Adherence(planned=r.planned, done=r.done, planned_week=r.planned_week),
                acwr=r.acwr,
                acwr_note=r.acwr_note,
                spike=r.spike,
                week_load=round(r.week_load, 1),
                pain=[Pain(area=a, score=s) for a, s in r.pain],
                error=r.error,
                missed=r.missed,
                running=Running(
                    distance=round(r.run_distance, 1),
                    planned=r.run_planned,
                    unit="mi" if r.unit == "mi" else "km",
                ),
                acwr_flag=acwr_flag(r.acwr),
                attention=list(r.attention.reasons),
            )
            for r in rows
        ],
    )
