"""The subscribable calendar: a private URL a phone's calendar polls, serving the adapted plan as ICS
with the same stable UIDs as `runlift export ics` (so each poll updates events, never duplicates)."""

from __future__ import annotations

import datetime as dt

from runlift.app.exports import calendar, plan_from_log
from runlift.core.errors import NotFound
from runlift.store.feeds import feed_athlete, live_feed_made, new_feed, revoke_feeds
from runlift.store.repo import Store


class FeedNotFound(NotFound):
    """An unknown, revoked or mistyped feed address: all look the same (nothing tells a token existed)."""

    def __init__(self) -> None:
        super().__init__("calendar feed", "")
        self.args = ("no calendar feed at this address: it was revoked, replaced or never made",)


def subscribe(store: Store, athlete_id: int, now: dt.datetime) -> str:
    """A new feed token for the athlete (the old URL stops working)."""
    return new_feed(store, athlete_id, now)


def unsubscribe(store: Store, athlete_id: int, now: dt.datetime) -> int:
    """Revoke the athlete's feed; how many live feeds there were."""
    return revoke_feeds(store, athlete_id, now)


def live_since(store: Store, athlete_id: int) -> dt.datetime | None:
    """When the athlete's live feed was made (its URL was shown then, once), or None: no live feed."""
    return live_feed_made(store, athlete_id)


def feed(store: Store, token: str, day: dt.date, now: dt.datetime) -> bytes:
    """The feed's calendar: the coming sessions as the log shaped them, runs included."""
    athlete_id = feed_athlete(store, token)
    if athlete_id is None:
        raise FeedNotFound
    return calendar(plan_from_log(store, athlete_id, day), day, now, runs=True)
