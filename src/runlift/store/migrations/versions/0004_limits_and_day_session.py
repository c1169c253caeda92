"""limits: CHECK constraints for core.limits in both databases; one hand-logged session per day

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 16:20:00

SQLite and PostgreSQL refuse the same rows: what core.limits refuses (store/guard.py checks first,
with a clearer message). Rows an older runlift let in that break a limit (a year-1 lift, a NaN, a
side "middle") would make every command fail; they are moved, whole, as JSON into rows_set_aside
(with the reason), so the database opens and nothing is lost.

lift_sessions.day_session is "manual" for the one session a day that `log` and `log set` add to,
NULL for imported sessions; a unique (athlete_id, date, day_session) lets two processes logging the
same day at once end with one session (the store upserts it).
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, column, condition): written out, not imported from core.limits, so this migration stays
# what it was when later limits change (a later migration changes them).
CHECKS = [
    ("athletes", "name", 'length("name") >= 1 AND length("name") <= 200'),
    ("athletes", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("profile_versions", "version", '"version" >= 1 AND "version" <= 2147483647'),
    ("profile_versions", "valid_from", "\"valid_from\" >= '1900-01-01' AND \"valid_from\" <= '2200-12-31'"),
    ("profile_versions", "toml", 'length("toml") <= 1000000'),
    ("profile_versions", "sha256", 'length("sha256") <= 64'),
    ("profile_versions", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("plans", "profile_version", '"profile_version" >= 1 AND "profile_version" <= 2147483647'),
    ("plans", "start", "\"start\" >= '1900-01-01' AND \"start\" <= '2200-12-31'"),
    ("plans", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("lift_sessions", "date", "\"date\" >= '1900-01-01' AND \"date\" <= '2200-12-31'"),
    ("lift_sessions", "note", 'length("note") <= 2000'),
    ("lift_sessions", "source", 'length("source") >= 1 AND length("source") <= 40'),
    ("lift_sessions", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("lift_sets", "position", '"position" >= 0 AND "position" <= 2147483647'),
    ("lift_sets", "exercise", 'length("exercise") >= 1 AND length("exercise") <= 120'),
    ("lift_sets", "side", "\"side\" IN ('L', 'R', 'both')"),
    ("lift_sets", "weight", '"weight" >= 0 AND ("weight" <= 500 OR ("unit" = \'lb\' AND "weight" <= 1102.3))'),
    ("lift_sets", "unit", "\"unit\" IN ('lb', 'kg')"),
    ("lift_sets", "reps", '"reps" >= 0 AND "reps" <= 10000'),
    ("lift_sets", "rir", '"rir" >= 0 AND "rir" <= 10'),
    ("lift_sets", "rpe", '"rpe" >= 0 AND "rpe" <= 10'),
    ("lift_sets", "status", "\"status\" IN ('done', 'skipped', 'warmup')"),
    ("runs", "date", "\"date\" >= '1900-01-01' AND \"date\" <= '2200-12-31'"),
    ("runs", "type", "\"type\" IN ('easy', 'recovery', 'long', 'tempo', 'intervals', 'hills', 'race')"),
    ("runs", "distance_m", '"distance_m" >= 0 AND "distance_m" <= 1000000'),
    ("runs", "duration_s", '"duration_s" >= 0 AND "duration_s" <= 604800'),
    ("runs", "rpe", '"rpe" >= 0 AND "rpe" <= 10'),
    ("runs", "avg_hr", '"avg_hr" >= 0 AND "avg_hr" <= 300'),
    ("runs", "source", 'length("source") >= 1 AND length("source") <= 40'),
    ("runs", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("pain_notes", "date", "\"date\" >= '1900-01-01' AND \"date\" <= '2200-12-31'"),
    ("pain_notes", "area", "\"area\" IN ('knee', 'achilles', 'hamstring', 'hip', 'lower-back', 'shoulder', 'foot')"),
    ("pain_notes", "score", '"score" >= 0 AND "score" <= 10'),
    ("pain_notes", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("body_weights", "date", "\"date\" >= '1900-01-01' AND \"date\" <= '2200-12-31'"),
    ("body_weights", "value", '"value" >= 1 AND "value" <= 1000'),
    ("body_weights", "unit", "\"unit\" IN ('lb', 'kg')"),
    ("body_weights", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("swaps", "date", "\"date\" >= '1900-01-01' AND \"date\" <= '2200-12-31'"),
    ("swaps", "exercise", 'length("exercise") >= 1 AND length("exercise") <= 120'),
    ("swaps", "reason", "\"reason\" IN ('pain', 'unsafe', 'too-hard', 'clunky', 'shame')"),
    ("swaps", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("activities", "start", "\"start\" >= '1900-01-01' AND \"start\" < '2201-01-01'"),
    ("activities", "utc_offset_s", '"utc_offset_s" >= -86399 AND "utc_offset_s" <= 86399'),
    ("activities", "sport", 'length("sport") >= 1 AND length("sport") <= 40'),
    ("activities", "sub_sport", 'length("sub_sport") <= 40'),
    ("activities", "distance_m", '"distance_m" >= 0 AND "distance_m" <= 10000000'),
    ("activities", "moving_s", '"moving_s" >= 0 AND "moving_s" <= 31622400'),
    ("activities", "elapsed_s", '"elapsed_s" >= 0 AND "elapsed_s" <= 31622400'),
    ("activities", "avg_hr", '"avg_hr" >= 0 AND "avg_hr" <= 300'),
    ("activities", "max_hr", '"max_hr" >= 0 AND "max_hr" <= 300'),
    ("activities", "ascent_m", '"ascent_m" >= 0 AND "ascent_m" <= 100000'),
    ("activities", "name", 'length("name") <= 1000'),
    ("activities", "rpe", '"rpe" >= 0 AND "rpe" <= 10'),
    ("activities", "source_format", 'length("source_format") >= 1 AND length("source_format") <= 20'),
    ("activities", "sha256", 'length("sha256") <= 64'),
    ("activities", "file_index", '"file_index" >= 0 AND "file_index" <= 2147483647'),
    ("activities", "path", 'length("path") <= 4096'),
    ("activities", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("imported_files", "sha256", 'length("sha256") <= 64'),
    ("imported_files", "kind", 'length("kind") >= 1 AND length("kind") <= 20'),
    ("imported_files", "path", 'length("path") <= 4096'),
    ("imported_files", "items", '"items" >= 0 AND "items" <= 2147483647'),
    ("imported_files", "created_at", "\"created_at\" >= '1900-01-01' AND \"created_at\" < '2201-01-01'"),
    ("exercise_names", "source_name", 'length("source_name") >= 1 AND length("source_name") <= 200'),
    ("exercise_names", "exercise", 'length("exercise") >= 1 AND length("exercise") <= 200'),
    ("exercise_names", "how", 'length("how") >= 1 AND length("how") <= 10'),
    ("exercise_names", "score", '"score" >= 0 AND "score" <= 100'),
]


def upgrade() -> None:
    _set_aside_rows_out_of_limits()
    with op.batch_alter_table("lift_sessions") as batch:
        batch.add_column(sa.Column("day_session", sa.String(length=10), nullable=True))
    # the oldest hand-logged session of each day becomes that day's session; others stay apart
    op.execute(
        "UPDATE lift_sessions SET day_session = 'manual' WHERE source = 'manual' AND id IN "
        "(SELECT MIN(id) FROM lift_sessions WHERE source = 'manual' GROUP BY athlete_id, date)"
    )
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, condition in CHECKS:
        tables.setdefault(table, []).append((f"ck_{table}_{column}", condition))
    for table, checks in tables.items():
        with op.batch_alter_table(table) as batch:
            for name, condition in checks:
                batch.create_check_constraint(name, sa.text(condition))
            if table == "lift_sessions":
                batch.create_unique_constraint(
                    "uq_lift_sessions_athlete_date_day_session", ["athlete_id", "date", "day_session"]
                )


def downgrade() -> None:
    tables: dict[str, list[str]] = {}
    for table, column, _ in CHECKS:
        tables.setdefault(table, []).append(f"ck_{table}_{column}")
    for table, names in tables.items():
        with op.batch_alter_table(table) as batch:
            if table == "lift_sessions":
                batch.drop_constraint("uq_lift_sessions_athlete_date_day_session", type_="unique")
            for name in names:
                batch.drop_constraint(name, type_="check")
    with op.batch_alter_table("lift_sessions") as batch:
        batch.drop_column("day_session")
    op.drop_table("rows_set_aside")


def _set_aside_rows_out_of_limits() -> None:
    """Move rows that break a limit into rows_set_aside (a session's sets go with it)."""
    conn = op.get_bind()
    aside = op.create_table(
        "rows_set_aside",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    now = dt.datetime.now(dt.UTC)
    for table, column, condition in CHECKS:
        if table == "athletes":  # an athlete is kept: a bad name is cut to fit, never dropped
            conn.execute(sa.text("UPDATE athletes SET name = substr(name, 1, 200) WHERE length(name) > 200"))
            conn.execute(sa.text("UPDATE athletes SET name = 'athlete ' || id WHERE length(name) = 0"))
            continue
        rows = conn.execute(sa.text(f"SELECT * FROM {table} WHERE NOT ({condition})")).mappings().all()
        for row in rows:
            moved = [(table, dict(row))]
            if table == "lift_sessions":
                sets = conn.execute(sa.text("SELECT * FROM lift_sets WHERE session_id = :i"), {"i": row["id"]})
                moved += [("lift_sets", dict(x)) for x in sets.mappings()]
            for name, data in moved:
                conn.execute(
                    aside.insert().values(
                        table_name=name,
                        row_id=data["id"],
                        reason=f"{table}.{column}: outside {condition}",
                        data=json.dumps(data, default=str),
                        created_at=now,
                    )
                )
            if table == "lift_sessions":
                conn.execute(sa.text("DELETE FROM lift_sets WHERE session_id = :i"), {"i": row["id"]})
            conn.execute(sa.text(f"DELETE FROM {table} WHERE id = :i"), {"i": row["id"]})
