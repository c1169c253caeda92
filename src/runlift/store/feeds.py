"""Calendar feeds: one live token per athlete; the token itself is shown once and only its hash kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from runlift.store.repo import Store
from runlift.store.tables import CalendarFeedRow

PREFIX = "rlcal_"  # tells a feed token from an API token (rl_…) at a glance


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_feed(store: Store, athlete_id: int, now: dt.datetime) -> str:
    """A new token for the athlete's feed; any earlier one stops working (a new URL is a rotation)."""
    token = PREFIX + secrets.token_urlsafe(32)
    with store.transaction() as db:
        _revoke(db, athlete_id, now)
        db.add(CalendarFeedRow(athlete_id=athlete_id, token_hash=_hash(token), created_at=now))
    return token


def revoke_feeds(store: Store, athlete_id: int, now: dt.datetime) -> int:
    """Stop every live feed of the athlete; how many were live."""
    with store.transaction() as db:
        return _revoke(db, athlete_id, now)


def _revoke(db: DbSession, athlete_id: int, now: dt.datetime) -> int:
    live = (CalendarFeedRow.athlete_id == athlete_id) & CalendarFeedRow.revoked_at.is_(None)
    result = db.execute(update(CalendarFeedRow).where(live).values(revoked_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


def feed_athlete(store: Store, token: str) -> int | None:
    """The athlete whose live feed this token is, or None (unknown, revoked, or not a feed token)."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    with store.reading() as conn:
        found = conn.execute(
            select(CalendarFeedRow.athlete_id).where(
                CalendarFeedRow.token_hash == _hash(token), CalendarFeedRow.revoked_at.is_(None)
            )
        ).scalar()
    return None if found is None else int(found)


def live_feed_made(store: Store, athlete_id: int) -> dt.datetime | None:
    """When the athlete's live feed was made, or None when none is live (its token is never kept)."""
    with store.reading() as conn:
        return conn.execute(
            select(CalendarFeedRow.created_at).where(
                CalendarFeedRow.athlete_id == athlete_id, CalendarFeedRow.revoked_at.is_(None)
            )
        ).scalar()
