"""Imported activities a page at a time, newest first (the API's list): keyset paging on (start, id),
so a page costs the same however long the history and however deep the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, tuple_

from runlift.core.activity import Activity
from runlift.core.errors import NotFound
from runlift.store.repo import Store
from runlift.store.tables import ActivityRow


@dataclass(frozen=True, slots=True)
class StoredActivity:
    id: int
    activity: Activity
    sha256: str
    held: str | None  # why a run stays out of the running load until confirmed; None: counted


def activity_page(
    store: Store, athlete_id: int, limit: int, before: int | None = None, since: dt.date | None = None
) -> tuple[list[StoredActivity], int | None]:
    """Up to `limit` activities, newest first, after (older than) the activity `before` when given; and
    the cursor of the next page (the last id), or None when this page is the last."""
    from runlift.store.imports import _activity

    with store.transaction() as db:
        query = select(ActivityRow).where(ActivityRow.athlete_id == athlete_id)
        if since is not None:
            query = query.where(ActivityRow.start >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
        if before is not None:
            mark = db.get(ActivityRow, before)
            if mark is None or mark.athlete_id != athlete_id:
                raise NotFound("activity", str(before), "a page's `before` is an id the previous page gave")
            query = query.where(tuple_(ActivityRow.start, ActivityRow.id) < tuple_(mark.start, mark.id))
        rows = db.scalars(query.order_by(ActivityRow.start.desc(), ActivityRow.id.desc()).limit(limit + 1)).all()
        page = [StoredActivity(r.id, _activity(r), r.sha256, r.held) for r in rows[:limit]]
        return page, (page[-1].id if len(rows) > limit else None)
