"""Idempotency keys across connections: two requests with one key at the same moment write once."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from runlift.core.errors import InputError
from runlift.store.idempotency import Answer, Key, once
from runlift.store.repo import Store

NOW = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)


def test_two_requests_with_one_key_at_once_write_once(store: Store):
    key = Key("athlete:0", "k", "same body")
    ready = threading.Barrier(2)
    writes: list[int] = []

    def request(n: int) -> Answer:
        ready.wait()

        def write() -> tuple[int, str]:
            writes.append(n)
            time.sleep(0.2)  # the other request arrives while this one's transaction is open
            return 201, f'{{"by": {n}}}'

        return once(store, key, NOW, write)

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(request, [1, 2]))
    assert len(writes) == 1
    assert answers[0].body == answers[1].body == f'{{"by": {writes[0]}}}'
    assert sorted(a.replayed for a in answers) == [False, True]


def test_a_failed_write_keeps_no_key_and_a_key_is_for_one_request(store: Store):
    key = Key("athlete:0", "k", "body 1")

    def fails() -> tuple[int, str]:
        raise InputError("no")

    with pytest.raises(InputError):
        once(store, key, NOW, fails)
    assert once(store, key, NOW, lambda: (201, "{}")) == Answer(201, "{}")
    with pytest.raises(InputError, match="was used for a different request"):
        once(store, Key("athlete:0", "k", "body 2"), NOW, lambda: (201, "{}"))
    assert once(store, Key("athlete:1", "k", "body 2"), NOW, lambda: (201, "[]")) == Answer(201, "[]")  # per scope


def test_keys_older_than_the_retention_are_purged_by_the_scopes_next_write(store: Store):
    from sqlalchemy import select

    from runlift.store.idempotency import PURGE_EVERY, RETENTION
    from runlift.store.tables import IdempotencyKeyRow

    def keys() -> set[tuple[str, str]]:
        with store.reading() as db:
            return {(r.scope, r.key) for r in db.execute(select(IdempotencyKeyRow.scope, IdempotencyKeyRow.key))}

    week_ago = NOW - RETENTION
    once(store, Key("athlete:0", "aged", "b"), week_ago - dt.timedelta(seconds=1), lambda: (201, "{}"))
    once(store, Key("athlete:0", "just kept", "b"), week_ago, lambda: (201, "{}"))
    once(store, Key("caller:local", "other scope", "b"), week_ago - dt.timedelta(days=30), lambda: (201, "{}"))
    assert once(store, Key("athlete:0", "aged", "b"), NOW, lambda: (500, "")).replayed  # a replay purges nothing
    assert ("athlete:0", "aged") in keys()

    for n in range(PURGE_EVERY):  # one new write in PURGE_EVERY purges its scope
        once(store, Key("athlete:0", f"new {n}", "b"), NOW, lambda: (201, "{}"))
        if ("athlete:0", "aged") not in keys():
            break
    assert keys() == {("athlete:0", "just kept"), ("caller:local", "other scope")} | {
        ("athlete:0", f"new {i}") for i in range(n + 1)
    }
    # the aged key is a new key again: its write runs
    assert once(store, Key("athlete:0", "aged", "c"), NOW, lambda: (201, '{"again": 1}')) == Answer(201, '{"again": 1}')
