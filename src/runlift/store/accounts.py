"""Accounts in the store (multi-user mode): users, athlete owners, sessions, API tokens, password
resets, coach invitations and login failures. Secrets arrive here already hashed (app/accounts.py).

Every read that decides who may see an athlete is one statement: `access` for a request, `roster_*`
for a coach's whole roster (a constant number of statements, whatever the roster's size)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, delete, exists, func, literal, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError

from runlift.core.errors import InputError, NotFound
from runlift.store.repo import Store
from runlift.store.tables import (
    ActivityRow,
    ApiTokenRow,
    AthleteOwnerRow,
    AthleteRow,
    CoachInvitationRow,
    LiftSessionRow,
    LiftSetRow,
    LoginFailureRow,
    PainRow,
    PasswordResetRow,
    ProfileVersionRow,
    RunRow,
    SessionMoveRow,
    UserRow,
    UserSessionRow,
)

INVITED, ACCEPTED, REVOKED = "invited", "accepted", "revoked"


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes: runlift stores UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def maybe_aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else aware(moment)


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    email: str
    created_at: dt.datetime
    athletes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a session or a token speaks for, with what the token may do."""

    user_id: int
    email: str
    scope: str  # "read" or "write" (a session: "write")
    token_id: int | None = None  # the API token used, when one was
    last_used_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    user_id: int
    name: str
    prefix: str
    scope: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Invitation:
    id: int
    coach_id: int
    coach_email: str
    email: str
    athlete_id: int | None
    athlete_name: str | None
    status: str
    invited_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None


# --- users -------------------------------------------------------------------------------------


def add_user(store: Store, email: str, password_hash: str, now: dt.datetime) -> UserInfo:
    try:
        with store.transaction() as db:
            row = UserRow(email=email, password_hash=password_hash, created_at=now)
            db.add(row)
            db.flush()
            return UserInfo(row.id, email, now)
    except IntegrityError as exc:
        raise InputError(f"email: {email!r} already has an account") from exc


def user_by_email(store: Store, email: str) -> tuple[UserInfo, str] | None:
    """The user and their password hash."""
    with store.transaction() as db:
        row = db.execute(
            select(UserRow.id, UserRow.email, UserRow.created_at, UserRow.password_hash).where(UserRow.email == email)
        ).first()
    return None if row is None else (UserInfo(row[0], row[1], aware(row[2])), row[3])


def set_password_hash(store: Store, user_id: int, password_hash: str) -> None:
    with store.transaction() as db:
        db.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))


def users(store: Store) -> list[UserInfo]:
    """Every user with the athletes they own, by email."""
    with store.transaction() as db:
        rows = db.execute(
            select(UserRow.id, UserRow.email, UserRow.created_at, AthleteRow.name)
            .join(AthleteOwnerRow, AthleteOwnerRow.user_id == UserRow.id, isouter=True)
            .join(AthleteRow, AthleteRow.id == AthleteOwnerRow.athlete_id, isouter=True)
            .order_by(UserRow.email, AthleteRow.name)
        ).all()
    out: dict[int, UserInfo] = {}
    for uid, email, created, name in rows:
        seen = out.get(uid) or UserInfo(uid, email, aware(created))
        out[uid] = UserInfo(uid, email, seen.created_at, (*seen.athletes, name) if name else seen.athletes)
    return list(out.values())


def set_owner(store: Store, athlete_id: int, user_id: int) -> None:
    """The athlete belongs to the user from now on (one owner; a second call moves it)."""
    with store.transaction() as db:
        db.execute(delete(AthleteOwnerRow).where(AthleteOwnerRow.athlete_id == athlete_id))
        db.add(AthleteOwnerRow(athlete_id=athlete_id, user_id=user_id))


def owned_by(store: Store, athlete_id: int) -> int | None:
    """The user the athlete belongs to, if any."""
    with store.transaction() as db:
        found = db.scalar(select(AthleteOwnerRow.user_id).where(AthleteOwnerRow.athlete_id == athlete_id))
    return None if found is None else int(found)


def owned_athletes(store: Store, user_id: int) -> list[tuple[int, str]]:
    with store.transaction() as db:
        rows = db.execute(
            select(AthleteRow.id, AthleteRow.name)
            .join(AthleteOwnerRow, AthleteOwnerRow.athlete_id == AthleteRow.id)
            .where(AthleteOwnerRow.user_id == user_id)
            .order_by(AthleteRow.name)
        ).all()
    return [(r[0], r[1]) for r in rows]


def visible_athletes(store: Store, user_id: int) -> list[tuple[int, str, str]]:
    """(athlete id, name, "owner" or "coach") for every athlete the user may open."""
    owned = select(AthleteOwnerRow.athlete_id.label("aid"), literal("owner").label("role")).where(
        AthleteOwnerRow.user_id == user_id
    )
    coached = select(CoachInvitationRow.athlete_id.label("aid"), literal("coach").label("role")).where(
        CoachInvitationRow.coach_id == user_id, CoachInvitationRow.status == ACCEPTED
    )
    both = union_all(owned, coached).subquery()
    with store.transaction() as db:
        rows = db.execute(
            select(AthleteRow.id, AthleteRow.name, both.c.role)
            .join(both, both.c.aid == AthleteRow.id)
            .order_by(AthleteRow.name, both.c.role.desc())
        ).all()
    seen: dict[int, tuple[int, str, str]] = {}
    for r in rows:
        seen.setdefault(r[0], (r[0], r[1], r[2]))  # an owner who also coaches themself is the owner
    return list(seen.values())


def access(store: Store, user_id: int, athlete_id: int) -> bool:
    """One statement: the user owns the athlete, or coaches them by an accepted invitation."""
    owner = exists().where(AthleteOwnerRow.athlete_id == athlete_id, AthleteOwnerRow.user_id == user_id)
    coach = exists().where(
        CoachInvitationRow.athlete_id == athlete_id,
        CoachInvitationRow.coach_id == user_id,
        CoachInvitationRow.status == ACCEPTED,
    )
    with store.transaction() as db:
        return bool(db.scalar(select(or_(owner, coach))))


# --- sessions and tokens -------------------------------------------------------------------------


def add_session(store: Store, user_id: int, secret_hash: str, now: dt.datetime, expires: dt.datetime) -> None:
    with store.transaction() as db:
        db.execute(delete(UserSessionRow).where(UserSessionRow.user_id == user_id, UserSessionRow.expires_at < now))
        db.add(UserSessionRow(user_id=user_id, secret_hash=secret_hash, created_at=now, expires_at=expires))


def session_principal(store: Store, secret_hash: str, now: dt.datetime) -> Principal | None:
    with store.transaction() as db:
        row = db.execute(
            select(UserRow.id, UserRow.email)
            .join(UserSessionRow, UserSessionRow.user_id == UserRow.id)
            .where(UserSessionRow.secret_hash == secret_hash, UserSessionRow.expires_at > now)
        ).first()
    return None if row is None else Principal(row[0], row[1], "write")


def end_session(store: Store, secret_hash: str) -> None:
    with store.transaction() as db:
        db.execute(delete(UserSessionRow).where(UserSessionRow.secret_hash == secret_hash))


def end_sessions(store: Store, user_id: int) -> None:
    with store.transaction() as db:
        db.execute(delete(UserSessionRow).where(UserSessionRow.user_id == user_id))


def add_token(
    store: Store, user_id: int, name: str, prefix: str, secret_hash: str, scope: str, now: dt.datetime
) -> TokenInfo:
    with store.transaction() as db:
        row = ApiTokenRow(
            user_id=user_id, name=name, prefix=prefix, secret_hash=secret_hash, scope=scope, created_at=now
        )
        db.add(row)
        db.flush()
        return TokenInfo(row.id, user_id, name, prefix, scope, now, None, None)


_TOKEN_COLUMNS = (
    ApiTokenRow.id,
    ApiTokenRow.user_id,
    ApiTokenRow.name,
    ApiTokenRow.prefix,
    ApiTokenRow.scope,
    ApiTokenRow.created_at,
    ApiTokenRow.last_used_at,
    ApiTokenRow.revoked_at,
)


def _token(r: Sequence[Any]) -> TokenInfo:
    return TokenInfo(r[0], r[1], r[2], r[3], r[4], aware(r[5]), maybe_aware(r[6]), maybe_aware(r[7]))


def tokens(store: Store, user_id: int | None = None) -> list[TokenInfo]:
    """A user's tokens (every user's when None), revoked ones too, oldest first."""
    query = select(*_TOKEN_COLUMNS).order_by(ApiTokenRow.id)
    if user_id is not None:
        query = query.where(ApiTokenRow.user_id == user_id)
    with store.transaction() as db:
        return [_token(r) for r in db.execute(query).all()]


def revoke_token(store: Store, token_id: int, now: dt.datetime, user_id: int | None = None) -> TokenInfo:
    """Revoke a token (only the user's own when `user_id` is given); NotFound otherwise."""
    where = [ApiTokenRow.id == token_id]
    if user_id is not None:
        where.append(ApiTokenRow.user_id == user_id)
    with store.transaction() as db:
        db.execute(update(ApiTokenRow).where(*where, ApiTokenRow.revoked_at.is_(None)).values(revoked_at=now))
        row = db.execute(select(*_TOKEN_COLUMNS).where(*where)).first()
    if row is None:
        raise NotFound("token", str(token_id))
    return _token(row)


def token_principal(store: Store, secret_hash: str) -> Principal | None:
    with store.transaction() as db:
        row = db.execute(
            select(UserRow.id, UserRow.email, ApiTokenRow.scope, ApiTokenRow.id, ApiTokenRow.last_used_at)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(ApiTokenRow.secret_hash == secret_hash, ApiTokenRow.revoked_at.is_(None))
        ).first()
    return None if row is None else Principal(row[0], row[1], row[2], row[3], maybe_aware(row[4]))


def token_used(store: Store, token_id: int, now: dt.datetime) -> None:
    with store.transaction() as db:
        db.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now))


# --- password resets -------------------------------------------------------------------------------


def add_reset(store: Store, user_id: int, secret_hash: str, now: dt.datetime, expires: dt.datetime) -> None:
    with store.transaction() as db:
        db.add(PasswordResetRow(user_id=user_id, secret_hash=secret_hash, created_at=now, expires_at=expires))


def use_reset(store: Store, secret_hash: str, password_hash: str, now: dt.datetime) -> int | None:
    """Spend a reset token on a new password, once: the user's id, or None (unknown, used, expired).

    The token is marked used by a conditional UPDATE, so two requests racing with one token
    change the password once; the user's sessions end with it."""
    r = PasswordResetRow
    with store.transaction() as db:
        user_id = db.scalar(
            select(r.user_id).where(r.secret_hash == secret_hash, r.used_at.is_(None), r.expires_at > now)
        )
        if user_id is None:
            return None
        spent = db.execute(update(r).where(r.secret_hash == secret_hash, r.used_at.is_(None)).values(used_at=now))
        if getattr(spent, "rowcount", 1) != 1:
            return None
        db.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))
        db.execute(delete(UserSessionRow).where(UserSessionRow.user_id == user_id))
        return int(user_id)


# --- login failures ---------------------------------------------------------------------------------


def recent_failures(store: Store, email: str, ip: str, since: dt.datetime) -> tuple[int, dt.datetime | None]:
    """How many sign-ins failed for this address from this IP since `since`, and the oldest of them."""
    f = LoginFailureRow
    with store.transaction() as db:
        row = db.execute(
            select(func.count(f.id), func.min(f.at)).where(f.email == email, f.ip == ip, f.at > since)
        ).one()
    return int(row[0]), maybe_aware(row[1])


def add_failure(store: Store, email: str, ip: str, now: dt.datetime, forget_before: dt.datetime) -> None:
    with store.transaction() as db:
        db.execute(delete(LoginFailureRow).where(LoginFailureRow.at < forget_before))
        db.add(LoginFailureRow(email=email, ip=ip, at=now))


def clear_failures(store: Store, email: str, ip: str) -> None:
    with store.transaction() as db:
        db.execute(delete(LoginFailureRow).where(LoginFailureRow.email == email, LoginFailureRow.ip == ip))


# --- coach invitations --------------------------------------------------------------------------------


def _invitations(where: Any) -> Any:
    i, coach = CoachInvitationRow, UserRow
    return (
        select(
            i.id,
            i.coach_id,
            coach.email,
            i.email,
            i.athlete_id,
            AthleteRow.name,
            i.status,
            i.invited_at,
            i.accepted_at,
            i.revoked_at,
        )
        .join(coach, coach.id == i.coach_id)
        .join(AthleteRow, AthleteRow.id == i.athlete_id, isouter=True)
        .where(where)
        .order_by(i.id)
    )


def _invitation(r: Sequence[Any]) -> Invitation:
    return Invitation(r[0], r[1], r[2], r[3], r[4], r[5], r[6], aware(r[7]), maybe_aware(r[8]), maybe_aware(r[9]))


def invitations(store: Store, *, coach_id: int | None = None, email: str | None = None) -> list[Invitation]:
    """A coach's invitations, or those addressed to an email, oldest first."""
    where = and_(
        CoachInvitationRow.coach_id == coach_id if coach_id is not None else literal(True),
        CoachInvitationRow.email == email if email is not None else literal(True),
    )
    with store.transaction() as db:
        return [_invitation(r) for r in db.execute(_invitations(where)).all()]


def invitation(store: Store, invitation_id: int) -> Invitation | None:
    with store.transaction() as db:
        row = db.execute(_invitations(CoachInvitationRow.id == invitation_id)).first()
    return None if row is None else _invitation(row)


def invite(store: Store, coach_id: int, email: str, now: dt.datetime) -> int:
    """A new invitation, or the coach's open one (invited or accepted) to the same address."""
    i = CoachInvitationRow
    with store.transaction() as db:
        found = db.scalar(
            select(i.id).where(i.coach_id == coach_id, i.email == email, i.status != REVOKED).order_by(i.id).limit(1)
        )
        if found is not None:
            return int(found)
        row = CoachInvitationRow(coach_id=coach_id, email=email, status=INVITED, invited_at=now)
        db.add(row)
        db.flush()
        return row.id


def accept(store: Store, invitation_id: int, athlete_id: int, now: dt.datetime) -> bool:
    """Invited → accepted for the athlete; False when it is no longer open."""
    i = CoachInvitationRow
    with store.transaction() as db:
        done = db.execute(
            update(i)
            .where(i.id == invitation_id, i.status == INVITED)
            .values(status=ACCEPTED, athlete_id=athlete_id, accepted_at=now)
        )
    return getattr(done, "rowcount", 1) == 1


def coaches(store: Store, user_id: int) -> bool:
    """One statement: the user has sent an invitation still open (invited or accepted)."""
    i = CoachInvitationRow
    with store.transaction() as db:
        return bool(db.scalar(select(exists().where(i.coach_id == user_id, i.status != REVOKED))))


def revoke(store: Store, invitation_id: int, now: dt.datetime) -> None:
    i = CoachInvitationRow
    with store.transaction() as db:
        db.execute(update(i).where(i.id == invitation_id, i.status != REVOKED).values(status=REVOKED, revoked_at=now))


# --- the roster: every accepted athlete of a coach, in a constant number of statements ------------------


@dataclass(frozen=True, slots=True)
class RosterRows:
    athletes: list[tuple[int, str, dt.date, str, int]]  # id, name, first file's valid_from, current file, version
    lifted: list[tuple[int, dt.date]]  # (athlete, date) with a done set
    runs: list[tuple[Any, ...]]  # athlete, date, type, distance_m, duration_s, rpe, avg_hr, source
    activities: list[tuple[Any, ...]]  # athlete, start, offset, distance, moving, elapsed, avg_hr, name, rpe, format
    hr_max: dict[int, float | None]
    earliest_run: dict[int, dt.date]
    pain: list[tuple[int, dt.date, str, int]]
    moves: list[tuple[int, dt.date, dt.date]] = field(default_factory=list)  # athlete, planned, to; in order made


def roster_rows(store: Store, coach_id: int, since: dt.date, until: dt.date, lifts_since: dt.date) -> RosterRows:
    """What the roster needs for every athlete the coach may see, in one read transaction of nine
    statements, however many athletes there are: runs from `since`, lift days from `lifts_since`,
    to `until`; every pain note (an area stays in pain until a low score settles it)."""
    i = CoachInvitationRow
    ids = select(i.athlete_id).where(i.coach_id == coach_id, i.status == ACCEPTED).scalar_subquery()
    v = ProfileVersionRow
    first = select(func.min(v.version)).where(v.athlete_id == AthleteRow.id).correlate(AthleteRow).scalar_subquery()
    last = select(func.max(v.version)).where(v.athlete_id == AthleteRow.id).correlate(AthleteRow).scalar_subquery()
    f, c = v.__table__.alias("first_file"), v.__table__.alias("current_file")
    a = ActivityRow
    start_day = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
    with store.engine.connect() as db, db.begin():
        athletes = db.execute(
            select(AthleteRow.id, AthleteRow.name, f.c.valid_from, c.c.toml, c.c.version)
            .select_from(AthleteRow)
            .join(f, and_(f.c.athlete_id == AthleteRow.id, f.c.version == first))
            .join(c, and_(c.c.athlete_id == AthleteRow.id, c.c.version == last))
            .where(AthleteRow.id.in_(ids))
            .order_by(AthleteRow.name)
        ).all()
        s, x = LiftSessionRow, LiftSetRow
        lifted = db.execute(
            select(s.athlete_id, s.date)
            .where(
                s.athlete_id.in_(ids),
                s.date.between(lifts_since, until),
                exists().where(x.session_id == s.id, x.status == "done"),
            )
            .distinct()
        ).all()
        runs = db.execute(
            select(
                RunRow.athlete_id,
                RunRow.date,
                RunRow.type,
                RunRow.distance_m,
                RunRow.duration_s,
                RunRow.rpe,
                RunRow.avg_hr,
                RunRow.source,
            )
            .where(RunRow.athlete_id.in_(ids), RunRow.date.between(since, until))
            .order_by(RunRow.athlete_id, RunRow.date, RunRow.id)
        ).all()
        running = (a.athlete_id.in_(ids), a.sport == "running", a.held.is_(None))
        activities = db.execute(
            select(
                a.athlete_id,
                a.start,
                a.utc_offset_s,
                a.distance_m,
                a.moving_s,
                a.elapsed_s,
                a.avg_hr,
                a.name,
                a.rpe,
                a.source_format,
            )
            .where(*running, a.start >= start_day)
            .order_by(a.athlete_id, a.start)
        ).all()
        hr_max = db.execute(
            select(a.athlete_id, func.max(a.max_hr)).where(a.athlete_id.in_(ids)).group_by(a.athlete_id)
        ).all()
        earliest: list[Any] = list(
            db.execute(
                select(RunRow.athlete_id, func.min(RunRow.date))
                .where(RunRow.athlete_id.in_(ids), RunRow.date < since)
                .group_by(RunRow.athlete_id)
            ).all()
        )
        earliest += db.execute(
            select(a.athlete_id, func.min(a.start)).where(*running, a.start < start_day).group_by(a.athlete_id)
        ).all()
        pain = db.execute(
            select(PainRow.athlete_id, PainRow.date, PainRow.area, PainRow.score)
            .where(PainRow.athlete_id.in_(ids), PainRow.date <= until)
            .order_by(PainRow.athlete_id, PainRow.date, PainRow.id)
        ).all()
        m = SessionMoveRow
        moves = db.execute(
            select(m.athlete_id, m.planned_on, m.moved_to)
            .where(m.athlete_id.in_(ids), m.planned_on >= lifts_since)
            .order_by(m.id)  # the order made: each was checked after the ones before (core/moves.py)
        ).all()
    first_runs: dict[int, dt.date] = {}
    for athlete, when in earliest:
        day = when.date() if isinstance(when, dt.datetime) else _as_date(when)
        first_runs[athlete] = min(day, first_runs.get(athlete, day))
    return RosterRows(
        [(r[0], r[1], r[2], r[3], r[4]) for r in athletes],
        [(r[0], r[1]) for r in lifted],
        [tuple(r) for r in runs],
        [tuple(r) for r in activities],
        {r[0]: r[1] for r in hr_max},
        first_runs,
        [(r[0], r[1], r[2], r[3]) for r in pain],
        [(r[0], r[1], r[2]) for r in moves],
    )


def _as_date(value: Any) -> dt.date:
    """SQLite gives MIN() over a DateTime column back as text."""
    if isinstance(value, dt.date):
        return value
    return dt.datetime.fromisoformat(str(value)).date()
