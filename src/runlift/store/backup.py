"""Backup and restore: a versioned JSON document of everything in the store (`runlift backup`, `restore`).

Restoring into an empty database reproduces it exactly: dump(restore(dump(a))) == dump(a).

A whole-store backup also holds the accounts a restore on a new server needs so that people keep
their access (docs/accounts.md, "Backups"): users (their argon2 password hashes), API tokens (SHA-256 of the
secret), who owns which athlete, coaches' invitations (an accepted one is a coach's access); every
athlete's calendar feeds (SHA-256 of the token) are in both kinds. References are by email and by
athlete name, never by id. A backup of one athlete holds no accounts: it is that athlete's data, not
the server's people. Left out on purpose: login sessions, password-reset links and failed-login
counts (short-lived: sign in again), idempotency keys and import jobs (transient)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import bindparam, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from runlift.core.errors import InputError
from runlift.core.limits import TABLES, check_row
from runlift.store.changes import changed
from runlift.store.repo import Store
from runlift.store.tables import (
    ActivityRow,
    ApiTokenRow,
    AthleteOwnerRow,
    AthleteRow,
    BodyWeightRow,
    CalendarFeedRow,
    CoachInvitationRow,
    ExerciseNameRow,
    ImportedFileRow,
    LiftSessionRow,
    LiftSetRow,
    PainRow,
    PlanRow,
    ProfileVersionRow,
    RunRow,
    SessionMoveRow,
    SwapRow,
    UserRow,
)

FORMAT = "runlift-backup"
VERSION = 3  # 2 added activities, imported_files and exercise_names (later: moves); 3 calendar feeds and accounts
RESTORES = (1, 2, VERSION)
Doc = dict[str, Any]


def _when(value: dt.datetime) -> str:
    """Timestamps are stored in UTC; SQLite hands them back without a zone."""
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()


def dump(store: Store, athlete_id: int | None = None) -> Doc:
    """Every athlete, or only `athlete_id` (the same format: `restore` loads either)."""
    with store.transaction() as db:
        chosen = select(AthleteRow).order_by(AthleteRow.id)
        if athlete_id is not None:
            chosen = chosen.where(AthleteRow.id == athlete_id)
        athletes = db.scalars(chosen).all()
        doc: Doc = {"format": FORMAT, "version": VERSION, "athletes": [_athlete(db, a) for a in athletes]}
        if athlete_id is None:
            doc["accounts"] = _accounts(db)
        return doc


def _accounts(db: Any) -> Doc:
    """The store's people (see the module's docstring): by email and athlete name."""
    users = db.scalars(select(UserRow).order_by(UserRow.id)).all()
    email = {u.id: u.email for u in users}
    name = {i: n for i, n in db.execute(select(AthleteRow.id, AthleteRow.name))}

    def moment(value: dt.datetime | None) -> str | None:
        return None if value is None else _when(value)

    return {
        "users": [
            {"email": u.email, "password_hash": u.password_hash, "created_at": _when(u.created_at)} for u in users
        ],
        "api_tokens": [
            {
                "user": email[t.user_id],
                "name": t.name,
                "prefix": t.prefix,
                "secret_hash": t.secret_hash,
                "scope": t.scope,
                "created_at": _when(t.created_at),
                "last_used_at": moment(t.last_used_at),
                "revoked_at": moment(t.revoked_at),
            }
            for t in db.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id))
        ],
        "owners": [
            {"athlete": name[o.athlete_id], "user": email[o.user_id]}
            for o in db.scalars(select(AthleteOwnerRow).order_by(AthleteOwnerRow.athlete_id))
        ],
        "invitations": [
            {
                "coach": email[i.coach_id],
                "email": i.email,
                "athlete": None if i.athlete_id is None else name[i.athlete_id],
                "status": i.status,
                "invited_at": _when(i.invited_at),
                "accepted_at": moment(i.accepted_at),
                "revoked_at": moment(i.revoked_at),
            }
            for i in db.scalars(select(CoachInvitationRow).order_by(CoachInvitationRow.id))
        ],
    }


def _athlete(db: Any, a: AthleteRow) -> Doc:
    def rows(model: Any) -> Any:
        return db.scalars(select(model).where(model.athlete_id == a.id).order_by(model.id)).all()

    sessions = db.scalars(
        select(LiftSessionRow)
        .where(LiftSessionRow.athlete_id == a.id)
        .options(selectinload(LiftSessionRow.sets))
        .order_by(LiftSessionRow.id)
    ).all()
    return {
        "name": a.name,
        "created_at": _when(a.created_at),
        "profiles": [
            {
                "version": p.version,
                "valid_from": p.valid_from.isoformat(),
                "toml": p.toml,
                "created_at": _when(p.created_at),
            }
            for p in rows(ProfileVersionRow)
        ],
        "plans": [
            {
                "profile_version": p.profile_version,
                "start": p.start.isoformat(),
                "document": p.document,
                "created_at": _when(p.created_at),
            }
            for p in rows(PlanRow)
        ],
        "lift_sessions": [
            {
                "date": s.date.isoformat(),
                "planned": s.planned,
                "note": s.note,
                "source": s.source,
                "created_at": _when(s.created_at),
                "sets": [
                    {
                        "exercise": r.exercise,
                        "side": r.side,
                        "weight": r.weight,
                        "unit": r.unit,
                        "reps": r.reps,
                        "rir": r.rir,
                        "rpe": r.rpe,
                        "status": r.status,
                        "source_name": r.source_name,
                    }
                    for r in s.sets
                ],
            }
            for s in sessions
        ],
        "runs": [
            {
                "date": r.date.isoformat(),
                "type": r.type,
                "distance_m": r.distance_m,
                "duration_s": r.duration_s,
                "rpe": r.rpe,
                "avg_hr": r.avg_hr,
                "source": r.source,
                "created_at": _when(r.created_at),
            }
            for r in rows(RunRow)
        ],
        "pain": [
            {"date": p.date.isoformat(), "area": p.area, "score": p.score, "created_at": _when(p.created_at)}
            for p in rows(PainRow)
        ],
        "body_weights": [
            {"date": w.date.isoformat(), "value": w.value, "unit": w.unit, "created_at": _when(w.created_at)}
            for w in rows(BodyWeightRow)
        ],
        "activities": [
            {
                "start": _when(r.start),
                "utc_offset_s": r.utc_offset_s,
                "sport": r.sport,
                "sub_sport": r.sub_sport,
                "distance_m": r.distance_m,
                "moving_s": r.moving_s,
                "elapsed_s": r.elapsed_s,
                "avg_hr": r.avg_hr,
                "max_hr": r.max_hr,
                "ascent_m": r.ascent_m,
                "name": r.name,
                "rpe": r.rpe,
                "source_format": r.source_format,
                "sha256": r.sha256,
                "file_index": r.file_index,
                "path": r.path,
                "created_at": _when(r.created_at),
                "held": r.held,
            }
            for r in rows(ActivityRow)
        ],
        "imported_files": [
            {"sha256": r.sha256, "kind": r.kind, "path": r.path, "items": r.items, "created_at": _when(r.created_at)}
            for r in rows(ImportedFileRow)
        ],
        "exercise_names": [
            {"source_name": r.source_name, "exercise": r.exercise, "how": r.how, "score": r.score}
            for r in rows(ExerciseNameRow)
        ],
        "swaps": [
            {
                "date": s.date.isoformat(),
                "exercise": s.exercise,
                "reason": s.reason,
                "back": s.back,
                "created_at": _when(s.created_at),
            }
            for s in rows(SwapRow)
        ],
        "moves": [  # in the order made (each was checked after the ones before: core/moves.py)
            {
                "planned_on": m.planned_on.isoformat(),
                "moved_to": m.moved_to.isoformat(),
                "created_at": _when(m.created_at),
            }
            for m in rows(SessionMoveRow)
        ],
        "calendar_feeds": [  # the token's SHA-256 only: a subscribed URL keeps working on the new server
            {
                "token_hash": f.token_hash,
                "created_at": _when(f.created_at),
                "revoked_at": None if f.revoked_at is None else _when(f.revoked_at),
            }
            for f in rows(CalendarFeedRow)
        ],
    }


# --- restore: the whole document is checked before anything is written, read as a stream ----

ROWS = {  # a backup's list → the table its entries go to
    "profiles": "profile_versions",
    "plans": "plans",
    "lift_sessions": "lift_sessions",
    "runs": "runs",
    "pain": "pain_notes",
    "body_weights": "body_weights",
    "activities": "activities",
    "imported_files": "imported_files",
    "exercise_names": "exercise_names",
    "swaps": "swaps",
    "moves": "session_moves",
    "calendar_feeds": "calendar_feeds",
}
ACCOUNTS = {  # a whole-store backup's accounts lists → their limits (core.limits)
    "users": "backup.users",
    "api_tokens": "backup.api_tokens",
    "owners": "backup.athlete_owners",
    "invitations": "backup.coach_invitations",
}
MAX_ACCOUNT_ROWS = 1_000_000  # entries in one accounts list (they are held until written)
DATES = {
    "date",
    "valid_from",
    "start",
    "planned_on",
    "moved_to",
}  # "start" is a timestamp in activities, a date in plans
TIMES = {"created_at", "revoked_at", "last_used_at", "invited_at", "accepted_at"}
MAX_SETS = 1000  # sets in one session: a real session has tens; more is a crafted document
FLUSH_EVERY = 500  # rows held before they are inserted (multi-row INSERTs) and let go


class _Restored:
    """What the checking pass learnt: the athletes' names, and how many rows each list holds."""

    def __init__(self) -> None:
        self.header: dict[str, object] = {}
        self.athletes: list[dict[str, object]] = []
        self.accounts: dict[str, list[dict[str, Any]]] = {key: [] for key in ACCOUNTS}
        self.rows = 0


def restore(store: Store, source: Doc | Path) -> int:
    """Load a backup into an empty database, all or nothing. Returns the number of athletes.

    Two passes over the document, each a stream (memory does not grow with its size): the first
    checks every entry (types, enums, limits, runner files that parse) and writes nothing; the
    second writes it all in one transaction."""
    from runlift.store.db import describe

    if _holds_athletes(store):
        raise InputError("restore: expected an empty database, but it already holds athletes")
    checked = _Restored()
    for _item in _entries(source, checked, check=True):
        pass
    try:
        with store.transaction() as db:
            if db.scalar(select(func.count(AthleteRow.id))):
                raise InputError("restore: expected an empty database, but it already holds athletes")
            if checked.accounts["users"] and db.scalar(select(func.count(UserRow.id))):
                raise InputError("restore: expected an empty database, but it already holds accounts")
            _write(db, _entries(source, _Restored(), check=False), checked)
            _write_accounts(db, checked)
    except IntegrityError as exc:  # a duplicate the checks cannot see alone (two entries, one key)
        raise InputError(f"backup: {describe(exc)}") from exc
    return len(checked.athletes)


def restore_runner(store: Store, source: Doc | Path, owner: int | None = None, called: str = "") -> tuple[int, str]:
    """Load one runner's backup (Settings' backup download, GET …/exports/backup) beside the athletes
    here, all or nothing: checked whole first, as `restore` does, then the runner, their files, plans and
    log written in one transaction, `owner` (a user id, multi-user mode) owning them. Refused, nothing
    written: a backup of more than one athlete or with accounts (a whole server's: `runlift restore`
    into an empty database), or a runner of that name here already. `called`: what the problems call the
    file (an upload's server-side path means nothing to its sender). Returns their new id and name."""
    from runlift.store.db import describe

    checked = _Restored()
    for _item in _entries(source, checked, check=True, called=called):
        pass
    accounts = sum(len(rows) for rows in checked.accounts.values())
    if len(checked.athletes) != 1 or accounts:
        held = f"{len(checked.athletes)} athletes" + (f" and {accounts} account rows" if accounts else "")
        raise InputError(f"backup: expected one runner's backup (Settings' backup download), got {held}")
    name = str(checked.athletes[0]["name"])
    try:
        with store.transaction() as db:
            here = db.scalars(select(AthleteRow.name)).all()
            if any(n.casefold() == name.casefold() for n in here):  # names are found in any case (Store.athlete_id)
                raise InputError(
                    f"backup: athletes[0].name: {name!r} is a runner here already: "
                    "a backup adds a runner, it does not change one"
                )
            (athlete_id,) = _write(db, _entries(source, _Restored(), check=False, called=called), checked)
            if owner is not None:
                db.add(AthleteOwnerRow(athlete_id=athlete_id, user_id=owner))
                db.flush()
    except IntegrityError as exc:  # a duplicate the checks cannot see alone (a feed's token here already)
        raise InputError(f"backup: {describe(exc)}") from exc
    return athlete_id, name


def _holds_athletes(store: Store) -> bool:
    with store.transaction() as db:
        return bool(db.scalar(select(func.count(AthleteRow.id))))


Entry = tuple[int, str, dict[str, Any], list[dict[str, Any]]]  # athlete, table, values, sets


def _entries(source: Doc | Path, seen: _Restored, check: bool, called: str = "") -> Iterator[Entry]:
    """Every row of the backup, checked (core.limits) and converted, in document order; `called`: what
    its problems call it (default: the file's path, or "backup")."""
    import ijson

    if isinstance(source, Path):
        try:
            handle: BinaryIO = source.open("rb")
        except OSError as exc:
            raise InputError(f"{source}: cannot read the backup ({exc.strerror})") from exc
        name = called or str(source)
    else:
        handle = io.BytesIO(json.dumps(source).encode("utf-8"))
        name = called or "backup"
    with handle:
        try:
            # a small read buffer: ijson's C backend makes every event of a chunk before the first is seen,
            # and each nested array's prefix is as long as its depth, so a crafted 64 KiB chunk of '['
            # cost ~11 s (quadratic) before MAX_DEPTH could stop it; 4 KiB chunks stop it in ~3 ms
            events = ijson.parse(handle, use_float=True, buf_size=READ_BUFFER)
            yield from _walk(_bounded(events, name), seen, check, name)
        except ijson.JSONError as exc:
            raise InputError(f"{name}: not valid JSON ({_first_line(exc)})") from exc
    if check:
        _check_header(seen)


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _check_header(seen: _Restored) -> None:
    if seen.header.get("format") != FORMAT:
        raise InputError(f"backup: expected format {FORMAT!r}, got {seen.header.get('format')!r}")
    if seen.header.get("version") not in RESTORES:
        raise InputError(f"backup: expected version 1 to {VERSION}, got {seen.header.get('version')!r}")
    if "athletes" not in seen.header:
        raise InputError("backup: expected a list of athletes, got none")
    for i, a in enumerate(seen.athletes):
        where = f"backup: athletes[{i}]"
        if "name" not in a or "created_at" not in a:
            missing = "name" if "name" not in a else "created_at"
            raise InputError(f"{where}: expected field {missing!r}")
        if isinstance(a["created_at"], str):
            a["created_at"] = _parsed(where, "created_at", a["created_at"], _time)
        a.update(check_row("athletes", a, where))
    names = [a["name"] for a in seen.athletes]
    if len(set(names)) != len(names):
        raise InputError("backup: athletes: expected each name once, got a name twice")
    _check_accounts(seen.accounts, set(names))


def _check_accounts(accounts: dict[str, list[dict[str, Any]]], athletes: set[object]) -> None:
    """Every reference names a user (by email) or an athlete (by name) of this backup."""
    emails = [u["email"] for u in accounts["users"]]
    if len({e.lower() for e in emails}) != len(emails):
        raise InputError("backup: accounts.users: expected each email once, got an email twice")
    known = set(emails)
    refs = (("api_tokens", "user"), ("owners", "user"), ("invitations", "coach"))
    for key, column in refs:
        for i, row in enumerate(accounts[key]):
            if row[column] not in known:
                raise InputError(
                    f"backup: accounts.{key}[{i}].{column}: expected a user of this backup, got {row[column]!r}"
                )
    for key in ("owners", "invitations"):
        for i, row in enumerate(accounts[key]):
            if row["athlete"] is not None and row["athlete"] not in athletes:
                raise InputError(
                    f"backup: accounts.{key}[{i}].athlete: expected an athlete of this backup, got {row['athlete']!r}"
                )
    owned = [row["athlete"] for row in accounts["owners"]]
    if len(set(owned)) != len(owned):
        raise InputError("backup: accounts.owners: expected one owner an athlete, got an athlete twice")


MAX_DEPTH = 32  # a backup nests 6 deep; deeper is a crafted document
READ_BUFFER = 4096  # bytes ijson reads at a time (see _entries)


def _bounded(events: Iterator[tuple[str, str, Any]], name: str) -> Iterator[tuple[str, str, Any]]:
    depth = 0
    for prefix, event, value in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"{name}: expected a runlift backup, got JSON nested too deep to read")
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield prefix, event, value


def _walk(events: Iterator[tuple[str, str, Any]], seen: _Restored, check: bool, name: str) -> Iterator[Entry]:
    import ijson

    counts: dict[str, int] = {}
    not_object = False
    for prefix, event, value in events:
        if event == "map_key" or (not_object and prefix):
            continue
        if prefix == "":
            if event == "start_array":  # read on: JSON nested too deep is the error to tell first
                not_object = True
            elif event not in ("start_map", "end_map", "end_array"):
                raise InputError(f"{name}: expected a runlift backup (a JSON object), got {event}")
            continue
        parts = prefix.split(".")
        if len(parts) == 1 and prefix in ("format", "version") and event not in ("start_map", "start_array"):
            seen.header[prefix] = value
        elif prefix == "athletes":
            if event not in ("start_array", "end_array"):
                raise InputError(f"backup: athletes: expected a list, got {event}")
            seen.header["athletes"] = True
        elif prefix == "athletes.item":
            if event == "start_map":
                seen.athletes.append({})
                counts = {}
            elif event != "end_map":
                raise InputError(f"backup: athletes[{len(seen.athletes)}]: expected an object, got {event}")
        elif len(parts) == 3 and parts[0] == "athletes":
            _athlete_field(seen, parts[2], event, value)
        elif prefix == "accounts":
            if event not in ("start_map", "end_map"):
                raise InputError(f"backup: accounts: expected an object, got {event}")
        elif len(parts) == 2 and parts[0] == "accounts":
            if parts[1] in ACCOUNTS and event not in ("start_array", "end_array"):
                raise InputError(f"backup: accounts.{parts[1]}: expected a list, got {event}")
        elif len(parts) == 3 and parts[0] == "accounts" and parts[1] in ACCOUNTS and parts[2] == "item":
            listed = seen.accounts[parts[1]]
            where = f"backup: accounts.{parts[1]}[{len(listed)}]"
            if event != "start_map":
                raise InputError(f"{where}: expected an object, got {event}")
            if len(listed) >= MAX_ACCOUNT_ROWS:
                raise InputError(f"backup: accounts.{parts[1]}: expected at most {MAX_ACCOUNT_ROWS} entries")
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
            _build(events, builder, where)
            listed.append(_values(ACCOUNTS[parts[1]], builder.value, where))
        elif len(parts) == 4 and parts[0] == "athletes" and parts[2] in ROWS and parts[3] == "item":
            key = parts[2]
            n = counts[key] = counts.get(key, -1) + 1
            where = f"backup: athletes[{len(seen.athletes) - 1}].{key}[{n}]"
            if event != "start_map":
                raise InputError(f"{where}: expected an object, got {event}")
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
            _build(events, builder, where)
            seen.rows += 1
            yield _entry(len(seen.athletes) - 1, key, builder.value, where, check)
    if not_object:
        raise InputError(f"{name}: expected a runlift backup (a JSON object), got a list")


def _athlete_field(seen: _Restored, key: str, event: str, value: Any) -> None:
    where = f"backup: athletes[{len(seen.athletes) - 1}]"
    if key in ROWS:
        if event not in ("start_array", "end_array"):
            raise InputError(f"{where}.{key}: expected a list, got {event}")
    elif key in ("name", "created_at"):
        if event not in ("string", "number", "boolean", "null"):
            raise InputError(f"{where}.{key}: expected text, got {event}")
        seen.athletes[-1][key] = value


def _build(events: Iterator[tuple[str, str, Any]], builder: Any, where: str) -> None:
    """Feed one object's events to `builder`; a session holds at most MAX_SETS sets."""
    depth, sets = 1, 0
    for prefix, event, value in events:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
            if event == "start_map" and prefix.endswith(".sets.item"):
                sets += 1
                if sets > MAX_SETS:
                    raise InputError(f"{where}.sets: expected at most {MAX_SETS} sets in a session")
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                return


def _entry(athlete: int, key: str, raw: Any, where: str, check: bool) -> Entry:
    table = ROWS[key]
    values = _values(table, raw, where)
    sets: list[dict[str, Any]] = []
    if key == "lift_sessions":
        listed = raw.get("sets", [])
        if not isinstance(listed, list):
            raise InputError(f"{where}.sets: expected a list, got {type(listed).__name__}")
        sets = [_values("lift_sets", x, f"{where}.sets[{i}]") for i, x in enumerate(listed)]
        for i, x in enumerate(sets):
            x["position"] = i
    if key == "profiles":
        values["sha256"] = _sha(str(values["toml"]))
        if check:
            from runlift.profile_file import profile_from_text

            profile_from_text(str(values["toml"]), f"{where}.toml")  # a stored file every command reads
    return athlete, table, values, sets


def _values(table: str, raw: Any, where: str) -> dict[str, Any]:
    """An entry's fields, converted (dates, timestamps) and checked against core.limits."""
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object, got {type(raw).__name__}")
    values: dict[str, Any] = {}
    for column, limit in TABLES[table].items():
        if column in ("position", "sha256") and table in ("lift_sets", "profile_versions"):
            continue  # the store's own: the set's place in its session, the file's hash
        if column not in raw:
            if getattr(limit, "optional", False):
                values[column] = None
                continue
            raise InputError(f"{where}: expected field {column!r}")
        value = raw[column]
        if isinstance(value, str) and (column in TIMES or (column == "start" and table == "activities")):
            value = _parsed(where, column, value, _time)
        elif isinstance(value, str) and column in DATES:
            value = _parsed(where, column, value, _date)
        values[column] = value
    return check_row(table, values, where)


def _parsed(where: str, column: str, text: str, parse: Any) -> Any:
    try:
        return parse(text)
    except ValueError:
        raise InputError(f"{where}.{column}: expected an ISO date, got {text[:40]!r}") from None


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _time(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


MODELS: dict[str, Any] = {
    "profile_versions": ProfileVersionRow,
    "plans": PlanRow,
    "lift_sessions": LiftSessionRow,
    "runs": RunRow,
    "pain_notes": PainRow,
    "body_weights": BodyWeightRow,
    "activities": ActivityRow,
    "imported_files": ImportedFileRow,
    "exercise_names": ExerciseNameRow,
    "swaps": SwapRow,
    "session_moves": SessionMoveRow,
    "calendar_feeds": CalendarFeedRow,
}


def _write(db: Any, entries: Iterator[Entry], checked: _Restored) -> list[int]:
    """Athletes first (their names were read in the checking pass), then every row as it streams by,
    inserted FLUSH_EVERY at a time (multi-row INSERTs of values _entries checked against core.limits)
    so memory stays flat. Returns the athletes' new ids."""
    ids = []
    for a in checked.athletes:
        row = AthleteRow(name=a["name"], created_at=a["created_at"])
        db.add(row)
        db.flush()
        changed(db, row.id, None)
        ids.append(row.id)
    pending: dict[str, list[dict[str, Any]]] = {}
    sessions: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    count = 0
    for athlete, table, values, sets in entries:
        values["athlete_id"] = ids[athlete]
        if table == "lift_sessions":
            sessions.append((values, sets))
        else:
            pending.setdefault(table, []).append(values)
        count += 1 + len(sets)
        if count >= FLUSH_EVERY:
            _insert(db, pending, sessions)
            pending, sessions, count = {}, [], 0
    _insert(db, pending, sessions)
    # each day's oldest hand-logged session is the one `log set` adds to (as migration 0004 did)
    db.execute(
        text(
            "UPDATE lift_sessions SET day_session = 'manual' WHERE source = 'manual' AND id IN "
            "(SELECT MIN(id) FROM lift_sessions WHERE source = 'manual' AND athlete_id IN :ids "
            "GROUP BY athlete_id, date)"
        ).bindparams(bindparam("ids", expanding=True)),
        {"ids": ids or [0]},
    )
    return ids


def _write_accounts(db: Any, checked: _Restored) -> None:
    """The accounts the checking pass read, their references turned into the new ids."""
    accounts = checked.accounts
    user = {}
    for u in accounts["users"]:
        row = UserRow(email=u["email"], password_hash=u["password_hash"], created_at=u["created_at"])
        db.add(row)
        db.flush()
        user[u["email"]] = row.id
    athlete = {n: i for n, i in db.execute(select(AthleteRow.name, AthleteRow.id))}
    for t in accounts["api_tokens"]:
        db.add(ApiTokenRow(user_id=user[t.pop("user")], **t))
    for o in accounts["owners"]:
        db.add(AthleteOwnerRow(athlete_id=athlete[o["athlete"]], user_id=user[o["user"]]))
    for i in accounts["invitations"]:
        named = i.pop("athlete")
        db.add(
            CoachInvitationRow(coach_id=user[i.pop("coach")], athlete_id=None if named is None else athlete[named], **i)
        )
    db.flush()


def _insert(
    db: Any, pending: dict[str, list[dict[str, Any]]], sessions: list[tuple[dict[str, Any], list[Any]]]
) -> None:
    for table, rows in pending.items():
        db.execute(insert(MODELS[table].__table__), rows)
    if not sessions:
        return
    heads = LiftSessionRow.metadata.tables["lift_sessions"]
    made = db.execute(insert(heads).returning(heads.c.id, sort_by_parameter_order=True), [v for v, _ in sessions])
    sets = [{**x, "session_id": session_id} for (session_id,), (_, xs) in zip(made, sessions, strict=True) for x in xs]
    if sets:
        db.execute(insert(LiftSetRow.metadata.tables["lift_sets"]), sets)


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()
