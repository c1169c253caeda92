"""`runlift backup` / `runlift restore`: a versioned JSON document of everything in the store.

Restoring into an empty database reproduces it exactly: dump(restore(dump(a))) == dump(a)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from runlift.core.errors import InputError
from runlift.store.repo import Store
from runlift.store.tables import (
    ActivityRow,
    AthleteRow,
    BodyWeightRow,
    ExerciseNameRow,
    ImportedFileRow,
    LiftSessionRow,
    LiftSetRow,
    PainRow,
    PlanRow,
    ProfileVersionRow,
    RunRow,
    SwapRow,
)

FORMAT = "runlift-backup"
VERSION = 2  # 2 added activities, imported_files and exercise_names; version 1 still restores
Doc = dict[str, Any]


def _when(value: dt.datetime) -> str:
    """Timestamps are stored in UTC; SQLite hands them back without a zone."""
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).isoformat()


def dump(store: Store) -> Doc:
    with store.transaction() as db:
        athletes = db.scalars(select(AthleteRow).order_by(AthleteRow.id)).all()
        return {"format": FORMAT, "version": VERSION, "athletes": [_athlete(db, a) for a in athletes]}


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
    }


def restore(store: Store, doc: Doc) -> int:
    """Load a backup into an empty database, all or nothing. Returns the number of athletes."""
    if doc.get("format") != FORMAT:
        raise InputError(f"backup: expected format {FORMAT!r}, got {doc.get('format')!r}")
    if doc.get("version") not in (1, VERSION):
        raise InputError(f"backup: expected version 1 or {VERSION}, got {doc.get('version')!r}")
    with store.transaction() as db:
        if db.scalar(select(func.count(AthleteRow.id))):
            raise InputError("restore: expected an empty database, but it already holds athletes")
        try:
            for a in doc["athletes"]:
                _restore_athlete(db, a)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"backup: malformed entry ({type(exc).__name__}: {exc})") from exc
        return len(doc["athletes"])


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _restore_athlete(db: Any, a: Doc) -> None:
    athlete = AthleteRow(name=a["name"], created_at=_time(a["created_at"]))
    db.add(athlete)
    db.flush()
    aid = athlete.id
    db.add_all(
        ProfileVersionRow(
            athlete_id=aid,
            version=p["version"],
            valid_from=_date(p["valid_from"]),
            toml=p["toml"],
            sha256=_sha(p["toml"]),
            created_at=_time(p["created_at"]),
        )
        for p in a["profiles"]
    )
    db.add_all(
        PlanRow(
            athlete_id=aid,
            profile_version=p["profile_version"],
            start=_date(p["start"]),
            document=p["document"],
            created_at=_time(p["created_at"]),
        )
        for p in a["plans"]
    )
    for s in a["lift_sessions"]:
        row = LiftSessionRow(
            athlete_id=aid,
            date=_date(s["date"]),
            planned=s["planned"],
            note=s["note"],
            source=s["source"],
            created_at=_time(s["created_at"]),
        )
        row.sets = [
            LiftSetRow(
                position=i,
                exercise=x["exercise"],
                side=x["side"],
                weight=x["weight"],
                unit=x["unit"],
                reps=x["reps"],
                rir=x["rir"],
                rpe=x["rpe"],
                status=x["status"],
                source_name=x.get("source_name"),
            )
            for i, x in enumerate(s["sets"])
        ]
        db.add(row)
    db.add_all(
        RunRow(
            athlete_id=aid,
            date=_date(r["date"]),
            type=r["type"],
            distance_m=r["distance_m"],
            duration_s=r["duration_s"],
            rpe=r["rpe"],
            avg_hr=r["avg_hr"],
            source=r["source"],
            created_at=_time(r["created_at"]),
        )
        for r in a["runs"]
    )
    db.add_all(
        PainRow(
            athlete_id=aid, date=_date(p["date"]), area=p["area"], score=p["score"], created_at=_time(p["created_at"])
        )
        for p in a["pain"]
    )
    db.add_all(
        BodyWeightRow(
            athlete_id=aid, date=_date(w["date"]), value=w["value"], unit=w["unit"], created_at=_time(w["created_at"])
        )
        for w in a["body_weights"]
    )
    db.add_all(
        ActivityRow(
            athlete_id=aid,
            start=_time(r["start"]),
            utc_offset_s=r["utc_offset_s"],
            sport=r["sport"],
            sub_sport=r["sub_sport"],
            distance_m=r["distance_m"],
            moving_s=r["moving_s"],
            elapsed_s=r["elapsed_s"],
            avg_hr=r["avg_hr"],
            max_hr=r["max_hr"],
            ascent_m=r["ascent_m"],
            name=r["name"],
            rpe=r["rpe"],
            source_format=r["source_format"],
            sha256=r["sha256"],
            file_index=r["file_index"],
            path=r["path"],
            created_at=_time(r["created_at"]),
            held=r.get("held"),
        )
        for r in a.get("activities", [])
    )
    db.add_all(
        ImportedFileRow(
            athlete_id=aid,
            sha256=r["sha256"],
            kind=r["kind"],
            path=r["path"],
            items=r["items"],
            created_at=_time(r["created_at"]),
        )
        for r in a.get("imported_files", [])
    )
    db.add_all(
        ExerciseNameRow(
            athlete_id=aid, source_name=r["source_name"], exercise=r["exercise"], how=r["how"], score=r["score"]
        )
        for r in a.get("exercise_names", [])
    )
    db.add_all(
        SwapRow(
            athlete_id=aid,
            date=_date(s["date"]),
            exercise=s["exercise"],
            reason=s["reason"],
            back=s["back"],
            created_at=_time(s["created_at"]),
        )
        for s in a["swaps"]
    )


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()
